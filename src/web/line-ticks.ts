// An agent's last line, as the open pages' board shows it, kept fresh: while a page is open, an
// agent's output has its last line read at most once per LINE_MS (a trailing read: the line it
// settles on is always read), and a line that changed is told (web_screen_changed, to the Lua policy).
// Nothing runs while no page is open.

export const LINE_MS = 500;

export class LineTicks {
  /** When each agent's line was last read, and the line it was last told. */
  private readonly told = new Map<string, { at: number; line: string | null }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly lastLine: (id: string) => string | null,
    private readonly tell: (id: string, line: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Agent `id` printed. */
  output(id: string): void {
    if (this.timers.has(id)) return;
    const wait = (this.told.get(id)?.at ?? -Infinity) + LINE_MS - this.now();
    if (wait <= 0) return this.check(id);
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        this.check(id);
      }, wait).unref(),
    );
  }

  private check(id: string): void {
    const line = this.lastLine(id);
    if (line === null) return void this.told.delete(id);
    const was = this.told.get(id)?.line ?? null;
    this.told.set(id, { at: this.now(), line });
    if (was !== line) this.tell(id, line);
  }

  /** No page is open: nothing pending, and the next page starts afresh. */
  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.told.clear();
  }
}
