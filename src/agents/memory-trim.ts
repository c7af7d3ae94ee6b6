import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives memory back after a flood, or in the Lua worker after a burst of reloads and renders.
 * Parsing tens of MB grows V8's young generation to its maximum (32 MB, all of it resident) and
 * V8 shrinks it only at a collection that sees an allocation rate below ~1 MB/s, averaged over
 * V8's last samples covering 5 s (one sample per collection); an idle hub never collects. A
 * single full collection 6 s after the flood failed about one time in three: its sample still
 * held what the flood allocated after V8's last scavenge (up to 16 MB). So once a burst is over
 * (less work than `quietPerSecond`), a scavenge closes that sample at once, and a full
 * collection `settleMs` (>= 5 s) of quiet later sees only the quiet and shrinks. If the young
 * generation is still large after it (something allocated meanwhile), one more round runs. A
 * one-second check runs only between a burst and its collection; nothing runs while idle. Work
 * is counted in what the owner passes to note(): output bytes (agents), requests (Lua worker).
 */
export interface MemoryTrimOptions {
  /** Work since the last trim that makes one worthwhile. */
  burst?: number;
  /** Quiet after the scavenge before the full collection (V8 averages over 5 s). */
  settleMs?: number;
  /** Work a second that still counts as quiet (a spinner, a prompt). */
  quietPerSecond?: number;
  /** How often the quiet is checked once a burst happened. */
  checkMs?: number;
  /** The collector (default: V8's, exposed once). */
  gc?: (type: 'minor' | 'major') => void;
  /** Bytes the young generation holds now (default: V8's new space). */
  youngBytes?: () => number;
}

/** A young generation at most this big counts as shrunk (V8's initial one is 1 MB). */
const SHRUNK_BYTES = 4 * 1024 * 1024;
/** Full collections per burst at most (a retry when something allocated during the quiet). */
const MAX_ROUNDS = 2;

let exposed: ((opts?: { type: string }) => void) | null | undefined;
/** V8's collector, exposed without starting node with --expose-gc. */
function v8Gc(): ((type: 'minor' | 'major') => void) | null {
  if (exposed === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      exposed = vm.runInNewContext('gc') as (opts?: { type: string }) => void;
      v8.setFlagsFromString('--no-expose-gc');
    } catch {
      exposed = null;
    }
  }
  const gc = exposed;
  // Node 20's V8 runs a scavenge for { type: 'major' }: no argument is the full collection.
  return gc ? (type) => (type === 'minor' ? gc({ type }) : gc()) : null;
}

function newSpaceBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

export class MemoryTrim {
  private readonly burst: number;
  private readonly settleMs: number;
  private readonly quietPerSecond: number;
  private readonly checkMs: number;
  private readonly youngBytes: () => number;
  /** Quiet since the scavenge; -1: no scavenge yet (the burst may go on). */
  private quietFor = -1;
  private rounds = 0;
  // Exposing V8's collector makes a vm context (~10-20 ms): done at the first trim, not at start.
  private gc: ((type: 'minor' | 'major') => void) | null | undefined;
  private timer: NodeJS.Timeout | null = null;
  private sinceTrim = 0;
  private sinceCheck = 0;
  /** The user typed since the last check. */
  private keyed = false;
  collections = 0;

  constructor(opts: MemoryTrimOptions = {}) {
    this.burst = opts.burst ?? 8 * 1024 * 1024;
    this.settleMs = opts.settleMs ?? 5500;
    this.quietPerSecond = opts.quietPerSecond ?? 256 * 1024;
    this.checkMs = opts.checkMs ?? 1000;
    this.gc = opts.gc;
    this.youngBytes = opts.youngBytes ?? newSpaceBytes;
  }

  /** `amount` of work was done (output bytes per chunk, a request: cheap). */
  note(amount: number): void {
    this.sinceTrim += amount;
    this.sinceCheck += amount;
    if (this.timer || this.sinceTrim < this.burst) return;
    this.start();
  }

  /**
   * The user typed (cheap: per key). A collection stops the hub's main thread (a full one for
   * 10-20 ms) and its marking takes a core: one among the keys delays their echoes. So the
   * collections wait for a pause in the typing; typing allocates little, so it counts as quiet.
   */
  typed(): void {
    this.keyed = true;
  }

  /** Trims once the hub is quiet, as after a burst (start-up grows the young generation too). */
  soon(): void {
    if (!this.timer) this.start();
  }

  private start(): void {
    if (this.gc === undefined) this.gc = v8Gc();
    if (!this.gc) return;
    this.quietFor = -1;
    this.rounds = 0;
    this.keyed = false;
    this.arm();
  }

  private arm(): void {
    this.sinceCheck = 0;
    this.timer = setTimeout(this.check, this.checkMs);
    this.timer.unref();
  }

  private check = (): void => {
    this.timer = null;
    const gc = this.gc!;
    const busy = this.sinceCheck > (this.quietPerSecond * this.checkMs) / 1000;
    const keyed = this.keyed;
    this.keyed = false;
    if (busy) {
      this.quietFor = -1;
      return this.arm();
    }
    if (this.quietFor < 0) {
      if (keyed) return this.arm();
      // The burst is over: close V8's allocation sample here.
      gc('minor');
      this.quietFor = 0;
      return this.arm();
    }
    this.quietFor += this.checkMs;
    if (this.quietFor < this.settleMs || keyed) return this.arm();
    this.sinceTrim = 0;
    this.collections++;
    this.rounds++;
    gc('major');
    if (this.rounds < MAX_ROUNDS && this.youngBytes() > SHRUNK_BYTES) {
      // Its sample is closed now: the next full collection sees the quiet since this one.
      this.quietFor = 0;
      this.arm();
    }
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
