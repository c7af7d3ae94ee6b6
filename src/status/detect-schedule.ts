import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';

// When to ask the status adapters about an agent: while its output flows (at a bounded rate), when
// its screen settles, and once more when it has been quiet for a while (a CLI's "idle" is only
// believed after its screen stood still). One timer for every agent, armed only while some agent
// has a check due: an idle hub arms nothing, and output costs a few comparisons per chunk. A timer
// looks only at the agents with a check due (issue 97: with 500 agents and 50 printing, each of
// the ~100 firings a second walked all 500).

export interface ScheduleTimings {
  /** While output flows, at most one check per this many ms. */
  flowMs: number;
  /** A check this long after the last output (the screen settled). */
  settleMs: number;
  /** And a last one this long after the last output. */
  quietMs: number;
}

export const DEFAULT_TIMINGS: ScheduleTimings = { flowMs: 500, settleMs: 300, quietMs: 1500 };

/** Output this soon after the user typed into an agent is the echo of what was typed. */
const ECHO_MS = 50;

interface Slot {
  lastOutputAt: number;
  lastCheckAt: number;
  /** Output came after the last check began. */
  fresh: boolean;
  /** A check ran with the screen settled, since the latest output. */
  settled: boolean;
  /** The quiet check ran for the latest output. */
  quietDone: boolean;
  /** A check is running (checks of one agent never overlap). */
  inFlight: boolean;
  /** When the user last typed into it (its latest output within ECHO_MS of that is the echo). */
  typedAt: number;
  /** A check asked for at this time (checkAt), whatever the output does. */
  recheckAt: number;
  /** No check has run yet: the state it started in is a guess, so its first output is looked at once. */
  unchecked: boolean;
}

export class DetectSchedule {
  private readonly slots = new Map<string, Slot>();
  /** The agents that may have a check due (armed since they were last found with none). */
  private readonly active = new Set<string>();
  private timer: ClockTimer | null = null;
  private armedAt = Infinity;
  private disposed = false;

  constructor(
    private readonly check: (id: string) => Promise<void>,
    private readonly timings: ScheduleTimings = DEFAULT_TIMINGS,
    private readonly clock: Clock = realClock,
  ) {}

  /**
   * A new agent: checked at its first output (a shell's prompt is read idle as it shows, not a
   * settle later), else once it settles; then as any agent.
   */
  add(id: string): void {
    const now = this.clock.now();
    this.slots.set(id, {
      lastOutputAt: now,
      lastCheckAt: now,
      fresh: true,
      settled: false,
      quietDone: false,
      inFlight: false,
      typedAt: -Infinity,
      recheckAt: Infinity,
      unchecked: true,
    });
    this.arm(id);
  }

  remove(id: string): void {
    this.slots.delete(id);
    this.active.delete(id);
  }

  /** Per output chunk: O(1), re-arms the timer only when this agent's check is due before it. */
  output(id: string): void {
    const s = this.slots.get(id);
    if (!s) return;
    s.lastOutputAt = this.clock.now();
    if (s.unchecked) s.recheckAt = Math.min(s.recheckAt, s.lastOutputAt);
    s.fresh = true;
    s.settled = false;
    s.quietDone = false;
    this.arm(id);
  }

  /**
   * The user typed into this agent. Its echo is no news about what the agent does: while the
   * user types, the agent is checked once the typing pauses (its screen settled), not at the
   * flow rate, so no check (a screen read, a Lua call) lands among the keys and their echoes.
   */
  typed(id: string): void {
    const s = this.slots.get(id);
    if (s) s.typedAt = this.clock.now();
  }

  /** Check this agent again soon (a report came, the screen was resized, ...). */
  poke(id: string): void {
    const s = this.slots.get(id);
    if (!s) return;
    s.fresh = true;
    this.arm(id, this.clock.now());
  }

  /** Check this agent at `at` (ms, the hub's clock) too: a disagreement to look at again. */
  checkAt(id: string, at: number): void {
    const s = this.slots.get(id);
    if (!s || at >= s.recheckAt) return;
    s.recheckAt = at;
    this.arm(id);
  }

  /** Every agent again, once the screen had time to settle (what caused it draws its frame first). */
  pokeAll(): void {
    const at = this.clock.now() + this.timings.settleMs;
    for (const [id, s] of this.slots) {
      s.fresh = true;
      this.arm(id, Math.max(at, s.lastCheckAt + this.timings.flowMs));
    }
  }

  /** When this agent's next check is due (Infinity: none until it prints again). */
  private due(s: Slot): number {
    if (s.inFlight) return Infinity;
    return Math.min(s.recheckAt, this.dueForOutput(s));
  }

  private dueForOutput(s: Slot): number {
    if (s.fresh)
      return s.lastOutputAt - s.typedAt <= ECHO_MS
        ? s.lastOutputAt + this.timings.settleMs
        : Math.min(s.lastOutputAt + this.timings.settleMs, s.lastCheckAt + this.timings.flowMs);
    // A check made while output flowed may have seen a half-drawn screen: look again once it settled.
    if (!s.settled) return s.lastOutputAt + this.timings.settleMs;
    if (!s.quietDone) return s.lastOutputAt + this.timings.quietMs;
    return Infinity;
  }

  private arm(id: string, at?: number): void {
    const s = this.slots.get(id);
    if (!s || this.disposed) return;
    this.active.add(id);
    const when = at ?? this.due(s);
    if (when >= this.armedAt) return;
    this.setTimer(when);
  }

  private setTimer(when: number): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.armedAt = when;
    if (when === Infinity) return;
    this.timer = this.clock.setTimeout(
      () => this.fire(),
      Math.max(1, Math.ceil(when - this.clock.now())),
      true,
    );
  }

  private fire(): void {
    this.timer = null;
    this.armedAt = Infinity;
    if (this.disposed) return;
    const now = this.clock.now();
    for (const id of this.active) {
      const s = this.slots.get(id);
      if (s && this.due(s) <= now + 1) this.start(id, s, now);
    }
    let next = Infinity;
    for (const id of this.active) {
      const s = this.slots.get(id);
      const due = s ? this.due(s) : Infinity;
      // (One in flight is armed again when its check ends.)
      if (due === Infinity) this.active.delete(id);
      else next = Math.min(next, due);
    }
    this.setTimer(next);
  }

  private start(id: string, s: Slot, now: number): void {
    if (now - s.lastOutputAt >= this.timings.settleMs) s.settled = true;
    if (now - s.lastOutputAt >= this.timings.quietMs) s.quietDone = true;
    s.fresh = false;
    s.unchecked = false;
    s.lastCheckAt = now;
    if (s.recheckAt <= now + 1) s.recheckAt = Infinity;
    s.inFlight = true;
    void this.check(id)
      .catch(() => {})
      .finally(() => {
        s.inFlight = false;
        if (this.slots.get(id) === s) this.arm(id);
      });
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.slots.clear();
    this.active.clear();
  }
}
