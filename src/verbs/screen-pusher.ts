import { ScreenEncoder, type ScreenSource } from '../terminal/screen-encoder.js';

// One watched agent of a link (a hub that shows this agent in a panel): its screen changes go out
// as updates, at most one per frame interval, and none while the link has not taken the last ones
// (a slow link gets fewer, larger updates; a flood never queues up). Right after a key the next
// change goes at once: that is the echo.

export interface PusherIo {
  send(line: Record<string, unknown>): void;
  backlog(): number;
}

/** Most a link may hold unsent before updates wait for it to drain. */
export const PUSH_BACKLOG = 128 * 1024;
const FRAME_MS = 16;
const ECHO_MS = 200;

export class ScreenPusher {
  private readonly encoder = new ScreenEncoder();
  private timer: NodeJS.Timeout | null = null;
  private waiting = false;
  private lastSent = 0;
  private echoUntil = 0;
  private stopped = false;

  constructor(
    /** The agent's id on this hub, as the watcher named it. */
    private readonly id: string,
    private readonly source: () => ScreenSource | undefined,
    private readonly io: PusherIo,
  ) {
    this.kick();
  }

  /** The watcher typed: the next change is the echo. */
  expectEcho(): void {
    this.echoUntil = performance.now() + ECHO_MS;
  }

  /** Everything again (the watcher's mirror was reset). */
  reset(): void {
    this.encoder.reset();
    this.kick();
  }

  /** The screen changed: an update soon. */
  kick(): void {
    if (this.stopped || this.timer || this.waiting) return;
    const now = performance.now();
    const wait = now < this.echoUntil ? 0 : Math.max(0, this.lastSent + FRAME_MS - now);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /** The link drained: what waited goes now. */
  drained(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.kick();
  }

  private flush(): void {
    if (this.stopped) return;
    if (this.io.backlog() > PUSH_BACKLOG) {
      this.waiting = true;
      return;
    }
    const src = this.source();
    if (!src) return;
    const update = this.encoder.encode(src);
    if (!update) return;
    this.lastSent = performance.now();
    this.io.send({ screen: this.id, ...update });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
