// When an agent's own report and its screen disagree: the agent said "waiting" (its hook) but the
// adapters read the screen as idle, or it said "running" and the screen shows no work. One of them
// is wrong, and usually it is the screen's rules: the screen is then kept as a pending case (see
// pending-cases.ts) for the user to accept as a state-detection case, which gates adapter fixes.
// Pure: the caller gives the times (the hub's clock) and keeps the case when told to.

/** What a report (the hub's states) means on a screen: a finished turn is idle there. */
const ON_SCREEN: Record<string, 'running' | 'waiting' | 'idle'> = {
  running: 'running',
  waiting: 'waiting',
  idle: 'idle',
  done: 'idle',
};

/** How long the same disagreement must last before the screen is kept (a CLI draws after it reports). */
export const DISAGREE_MS = 3000;
/** A report speaks for the screen only this long, and not past the user's next keys. */
export const REPORT_WINDOW_MS = 20_000;

export interface ScreenRead {
  state: 'running' | 'waiting' | 'idle';
  adapter?: string;
  rule?: string;
}

export interface Disagreement<F = unknown> {
  report: { state: string; reason: string | null; at: number };
  screen: ScreenRead;
  /** The screen as it was when the disagreement began (its first frame): the one the rules misread. */
  first?: F;
  /** Since when the screen has read `screen.state` against the report. */
  since: number;
  /** The pending case it was kept as, once kept. */
  kept?: string;
}

interface Track {
  report: { state: string; reason: string | null; at: number };
  /** The user typed to the agent since the report: the report no longer speaks for the screen. */
  typed: boolean;
  current?: { screen: ScreenRead; since: number; first?: unknown };
  kept?: string;
}

export class Disagreements {
  private readonly tracks = new Map<string, Track>();

  /** The agent reported a state itself. */
  reported(id: string, state: string, reason: string | null, now: number): void {
    this.tracks.set(id, { report: { state, reason, at: now }, typed: false });
  }

  /** The user typed into the agent: what it reported before is about an older screen. */
  typed(id: string): void {
    const t = this.tracks.get(id);
    if (t) t.typed = true;
  }

  forget(id: string): void {
    this.tracks.delete(id);
  }

  clear(): void {
    this.tracks.clear();
  }

  /**
   * What the adapters read on the screen now. Returns the disagreement when it has lasted long
   * enough to keep the screen (once per report), else null.
   */
  screen<F>(id: string, read: ScreenRead, now: number, first?: F): Disagreement<F> | null {
    const t = this.tracks.get(id);
    if (!t || !this.live(t, now)) return null;
    if (ON_SCREEN[t.report.state] === read.state) {
      t.current = undefined;
      return null;
    }
    // The screen of the first reading against the report is what is kept: 3 s later the CLI may
    // have drawn something else (the dialog answered, the next step).
    if (!t.current || t.current.screen.state !== read.state) t.current = { screen: read, since: now, first };
    else t.current.screen = read;
    if (t.kept || now - t.current.since < DISAGREE_MS) return null;
    return {
      report: t.report,
      screen: t.current.screen,
      since: t.current.since,
      ...(t.current.first !== undefined ? { first: t.current.first as F } : {}),
    };
  }

  /** The disagreement was kept as a pending case. */
  keptAs(id: string, name: string): void {
    const t = this.tracks.get(id);
    if (t) t.kept = name;
  }

  /** The disagreement live now (for `status --explain`), or null. */
  now(id: string, now: number): Disagreement | null {
    const t = this.tracks.get(id);
    if (!t?.current || !this.live(t, now)) return null;
    return {
      report: t.report,
      screen: t.current.screen,
      since: t.current.since,
      ...(t.kept ? { kept: t.kept } : {}),
    };
  }

  private live(t: Track, now: number): boolean {
    return !t.typed && now - t.report.at <= REPORT_WINDOW_MS;
  }
}
