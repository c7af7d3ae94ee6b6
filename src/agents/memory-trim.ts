import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives memory back after a flood. Parsing tens of MB grows V8's young generation to its
 * maximum (32 MB, all of it resident) and V8 only shrinks it at a collection that happens while
 * little is being allocated, which an idle hub never runs. So once a burst of output is over
 * (less than `quietBytes` a second for `quietMs`: V8 must see a low allocation rate), one full
 * collection runs. A one-second check runs only between a burst and its collection; nothing runs
 * while the hub is idle.
 */
export interface MemoryTrimOptions {
  /** Output since the last trim that makes one worthwhile. */
  burstBytes?: number;
  /** Quiet period before collecting. */
  quietMs?: number;
  /** Output a second that still counts as quiet (a spinner, a prompt). */
  quietBytes?: number;
  /** How often the quiet is checked once a burst happened. */
  checkMs?: number;
  /** The collector (default: V8's, exposed once). */
  gc?: () => void;
}

let exposed: (() => void) | null | undefined;
/** V8's full collection, exposed without starting node with --expose-gc. */
function v8Gc(): (() => void) | null {
  if (exposed !== undefined) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    exposed = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
  } catch {
    exposed = null;
  }
  return exposed;
}

export class MemoryTrim {
  private readonly burstBytes: number;
  private readonly quietMs: number;
  private readonly quietBytes: number;
  private readonly checkMs: number;
  private quietFor = 0;
  // Exposing V8's collector makes a vm context (~10-20 ms): done at the first burst, not at start.
  private gc: (() => void) | null | undefined;
  private timer: NodeJS.Timeout | null = null;
  private sinceTrim = 0;
  private sinceCheck = 0;
  collections = 0;

  constructor(opts: MemoryTrimOptions = {}) {
    this.burstBytes = opts.burstBytes ?? 8 * 1024 * 1024;
    this.quietMs = opts.quietMs ?? 6000;
    this.quietBytes = opts.quietBytes ?? 256 * 1024;
    this.checkMs = opts.checkMs ?? 1000;
    this.gc = opts.gc;
  }

  /** `bytes` of output arrived (called per chunk: cheap). */
  note(bytes: number): void {
    this.sinceTrim += bytes;
    this.sinceCheck += bytes;
    if (this.timer || this.sinceTrim < this.burstBytes) return;
    if (this.gc === undefined) this.gc = v8Gc();
    if (!this.gc) return;
    this.quietFor = 0;
    this.arm();
  }

  private arm(): void {
    this.sinceCheck = 0;
    this.timer = setTimeout(this.check, this.checkMs);
    this.timer.unref();
  }

  private check = (): void => {
    this.timer = null;
    const busy = this.sinceCheck > (this.quietBytes * this.checkMs) / 1000;
    this.quietFor = busy ? 0 : this.quietFor + this.checkMs;
    if (this.quietFor < this.quietMs) return this.arm();
    this.sinceTrim = 0;
    this.collections++;
    this.gc?.();
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
