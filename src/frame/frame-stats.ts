/** Per-stage frame timings, collected only when asked for (benchmarks). */
export class FrameStats {
  lua: number[] = [];
  layout: number[] = [];
  paint: number[] = [];

  reset(): void {
    this.lua = [];
    this.layout = [];
    this.paint = [];
  }

  summary(): { lua: number; layout: number; paint: number } {
    const med = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
    };
    return { lua: med(this.lua), layout: med(this.layout), paint: med(this.paint) };
  }
}
