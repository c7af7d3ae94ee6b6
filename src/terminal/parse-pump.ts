/**
 * Hands output slices to xterm a little at a time, one turn of the event loop after another.
 * xterm parses whatever is queued for up to 12 ms per timer tick, per terminal: with four agents
 * flooding, a key (and its echo) could wait ~50 ms behind them. Here each terminal parses for at
 * most `budgetMs` per turn and then lets I/O (keys, other agents) run; each slice is parsed
 * synchronously, so no xterm timer adds its 1 ms either. The first slice after a key is parsed
 * at once when nothing is queued before it (the echo).
 */
export class ParsePump {
  private readonly queue: string[] = [];
  private head = 0;
  private immediate: NodeJS.Immediate | null = null;
  private echo = false;
  private disposed = false;

  constructor(
    /** Parses one slice now (synchronously). */
    private readonly parse: (slice: string) => void,
    private readonly budgetMs = 2,
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  push(slice: string): void {
    if (this.disposed) return;
    if (this.echo && this.queued === 0) {
      this.echo = false;
      this.parse(slice);
      return;
    }
    this.queue.push(slice);
    this.schedule();
  }

  /** The user typed: the next slice, if nothing waits before it, is the echo. */
  expectEcho(): void {
    this.echo = true;
  }

  dispose(): void {
    this.disposed = true;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
    this.queue.length = 0;
    this.head = 0;
  }

  private schedule(): void {
    if (!this.immediate && this.queued > 0) this.immediate = setImmediate(this.run);
  }

  private readonly run = (): void => {
    this.immediate = null;
    const t0 = performance.now();
    while (this.queued > 0 && !this.disposed) {
      const slice = this.queue[this.head];
      this.queue[this.head++] = '';
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.parse(slice);
      if (performance.now() - t0 >= this.budgetMs) break;
    }
    if (this.queued === 0) {
      this.queue.length = 0;
      this.head = 0;
    }
    this.schedule();
  };
}
