import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';
import { soon } from '../clock/soon.js';

/**
 * Coalesces frame requests and caps the frame rate. An urgent request (caused by the user's
 * input) is not held back by the cap. One asked for `now` (a key's echo) is drawn as soon as the
 * code that asked for it is done (a microtask, not the next turn: a turn can hold other agents'
 * output to read and parse), unless a frame was drawn less than MICRO_GAP_MS ago: a burst of
 * output after a key is drawn once a turn, not once a chunk. (A command's effects are not drawn
 * `now`: its reply may still bring the tree that goes with them.) No timer exists while nothing
 * is requested.
 */
const MICRO_GAP_MS = 4;

export class FrameScheduler {
  private pending = false;
  private urgent = false;
  private running = false;
  private last = -Infinity;
  private timer: ClockTimer | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private micro = false;
  private asap = false;
  private disposed = false;
  /** Only the user's (urgent) frames are drawn; the rest wait until released. */
  private held = false;
  private readonly idleWaiters: Array<() => void> = [];
  frames = 0;

  constructor(
    private readonly run: () => Promise<void> | void,
    private readonly minIntervalMs = 1000 / 60,
    private readonly clock: Clock = realClock,
  ) {}

  request(urgent = false, now = false): void {
    if (this.disposed) return;
    this.pending = true;
    if (urgent) this.urgent = true;
    if (now) this.asap = true;
    if (!this.running) this.arm();
  }

  /**
   * Holds back every frame but the user's (urgent ones: a key's mode change or echo) while the hub
   * starts its agents: each would render and paint all of them again, and the planned frame shows
   * them already. Released, what is pending is drawn.
   */
  hold(on: boolean): void {
    this.held = on;
    if (!on && this.pending && !this.running) this.arm();
  }

  get busy(): boolean {
    return this.pending || this.running;
  }

  /** A frame is asked for and waits for its time (the rate cap), nothing is drawing now. */
  get waiting(): boolean {
    return this.pending && !this.running && this.timer !== null;
  }

  /** Resolves once no frame is pending or running (after dispose: once a running frame is done). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    // A frame still pending will never be drawn: nothing to wait for.
    this.pending = false;
    this.clock.clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.flushIdle();
  }

  private arm(): void {
    if (this.immediate || this.micro || (this.held && !this.urgent)) return;
    if (this.asap && this.clock.now() - this.last >= MICRO_GAP_MS) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
      this.micro = true;
      soon(this.fire);
      return;
    }
    const wait = this.urgent ? 0 : Math.max(0, this.last + this.minIntervalMs - this.clock.now());
    if (wait > 0) {
      if (!this.timer) this.timer = this.clock.setTimeout(this.fire, wait);
      return;
    }
    if (this.timer) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    this.immediate = setImmediate(this.fire);
  }

  private fire = async (): Promise<void> => {
    this.timer = null;
    this.immediate = null;
    this.micro = false;
    if (!this.pending || this.disposed) return;
    this.pending = false;
    this.urgent = false;
    this.asap = false;
    this.running = true;
    this.last = this.clock.now();
    try {
      await this.run();
      this.frames++;
    } finally {
      this.running = false;
      if (this.pending && !this.disposed) this.arm();
      else this.flushIdle();
    }
  };

  private flushIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
