// What the web refuses as malformed (a cookie, an address, a header, a frame no page sends) is a
// line in the hub's log each. Any local process can send such things as fast as it likes: past
// LINES in a minute the rest are counted, and the count is said with the next refusal after it.

const LINES = 20;
const WINDOW_MS = 60_000;

export class Refusals {
  private since = -Infinity;
  private said = 0;
  private quiet = 0;

  constructor(
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** One refusal: `what` was refused (and why), e.g. "an upgrade with a malformed cookie". */
  say(what: string): void {
    const t = this.now();
    if (t - this.since >= WINDOW_MS) {
      if (this.quiet > 0) this.log(`web: refused ${this.quiet} more malformed requests in the minute before`);
      this.since = t;
      this.said = 0;
      this.quiet = 0;
    }
    if (this.said++ < LINES) this.log(`web: refused ${what}`);
    else this.quiet++;
  }
}
