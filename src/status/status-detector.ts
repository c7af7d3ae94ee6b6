// Works out what each agent is doing: asks the status adapters (Lua) about its screen on the
// schedule of DetectSchedule, and hands the verdict to the hub's reducer (src/hub/agent-state.ts),
// which applies the rules (reports, done). Without an answer from Lua, quietness decides.
import type { StateVerdict } from '../hub/agent-state.js';
import type { StatusVerdict } from '../lua/runtime/config-runtime.js';
import { realClock, type Clock } from '../clock/clock.js';
import { DetectSchedule, DEFAULT_TIMINGS, type ScheduleTimings } from './detect-schedule.js';
import { screenFacts, type ScreenFacts, type ScreenSource } from './screen-facts.js';
import { DISAGREE_MS, Disagreements, type Disagreement } from './disagreements.js';
import { CliVersions, type ForegroundLike } from './cli-version.js';

/** The agent as the detector sees it. */
export interface DetectedAgent {
  readonly id: string;
  readonly exited: boolean;
  readonly terminal: ScreenSource;
  /** When it last printed (ms, on the hub's clock). */
  readonly lastOutputAt: number;
  /** Re-reads the program in its foreground (a shell agent that started `claude`); true when it changed. */
  refreshProgram?(): boolean;
  /** The process in its terminal's foreground (null for an agent of another machine). */
  foreground?(): ForegroundLike | null;
  /** A shell agent at its own prompt (the kernel says so, with or without OSC 133). */
  atShellPrompt?(): boolean;
}

export interface DetectorHost {
  agent(id: string): DetectedAgent | undefined;
  /** The agent as Lua sees it (id, name, program, command, state, ...). */
  payload(id: string): Record<string, unknown> | null;
  /** The hub's current state of the agent. */
  stateOf(id: string): string;
  /** When it last rang the bell (ms), if it did. */
  bellAt(id: string): number | undefined;
  /** Whether an attached client shows the agent now. */
  shown(id: string): boolean;
  /** The status adapters (Lua); throws when Lua cannot answer. */
  ask(agent: Record<string, unknown>, screen: ScreenFacts, explain: boolean): Promise<StatusVerdict | null>;
  verdict(id: string, v: StateVerdict, shown: boolean): void;
  /** Another program runs in the agent's foreground now. */
  programChanged(id: string): void;
  /** Keeps the screen as a pending case (the agent's report and the screen disagree): its id, or null. */
  keepPending?(id: string, facts: ScreenFacts, d: Disagreement, version: string | null): string | null;
  /** Whether the CLI of this program has rules per release (clis.define's `versions`): its release is read then. */
  versioned?(program: string): boolean;
  log(message: string): void;
}

const STATES = new Set(['running', 'waiting', 'idle']);

export class StatusDetector {
  private readonly disagreements = new Disagreements();
  /** Agents added whose screen is not read yet (see add). */
  private readonly waiting = new Set<string>();
  private readonly schedule: DetectSchedule;
  private readonly versions = new CliVersions((id) => this.schedule.poke(id));

  constructor(
    private readonly host: DetectorHost,
    private readonly timings: ScheduleTimings = DEFAULT_TIMINGS,
    private readonly clock: Clock = realClock,
  ) {
    this.schedule = new DetectSchedule((id) => this.check(id), timings, clock);
  }

  /**
   * Reads the agent's screen from now on, or once `after` resolves: an adopted agent's replayed
   * past parsed (read halfway, an old turn's working row in it took an agent at its prompt for one
   * working, and the replay's end for its turn's end: "done" after a crash, issue 94).
   */
  add(id: string, after?: Promise<void>): void {
    if (!after) return this.schedule.add(id);
    this.waiting.add(id);
    void after.then(() => {
      if (this.waiting.delete(id)) this.schedule.add(id);
    });
  }

  remove(id: string): void {
    this.waiting.delete(id);
    this.schedule.remove(id);
    this.disagreements.forget(id);
    this.versions.forget(id);
  }

  output(id: string): void {
    this.schedule.output(id);
  }

  /** The user typed into this agent: it is checked when the typing pauses (see DetectSchedule.typed). */
  typed(id: string): void {
    this.schedule.typed(id);
    this.disagreements.typed(id);
  }

  /** The agent reported its state itself (its hooks): the screen is compared with it for a while. */
  reported(id: string, state: string, reason: string | null): void {
    this.disagreements.reported(id, state, reason, this.clock.now());
    this.schedule.poke(id);
  }

  /** The agent's report and its screen disagree now (`status --explain`), or null. */
  disagreement(id: string): (Disagreement & { forMs: number }) | null {
    const now = this.clock.now();
    const d = this.disagreements.now(id, now);
    return d ? { ...d, forMs: now - d.since } : null;
  }

  /** Look again soon (a report came, the agent was resized, ...). */
  poke(id: string): void {
    this.schedule.poke(id);
  }

  /** Look at every agent again (the adapters changed). */
  /** A configuration went live: its adapters may differ, so every agent is looked at again. */
  configured(): void {
    this.pokeAll();
  }

  pokeAll(): void {
    this.schedule.pokeAll();
  }

  /** The facts the adapters get about this agent now. */
  facts(id: string): ScreenFacts | null {
    const a = this.host.agent(id);
    if (!a) return null;
    const bell = (this.host.bellAt(id) ?? -Infinity) >= a.lastOutputAt;
    return screenFacts(a.terminal, {
      bell,
      quietMs: this.clock.now() - a.lastOutputAt,
      state: this.host.stateOf(id),
      atPrompt: a.atShellPrompt?.() ?? false,
    });
  }

  /** Asks the adapters now, with every adapter's answer (`status --explain`). */
  async explain(id: string): Promise<{ facts: ScreenFacts; verdict: StatusVerdict | null } | null> {
    this.host.agent(id)?.refreshProgram?.();
    const facts = this.facts(id);
    const payload = this.payload(id);
    if (!facts || !payload) return null;
    return { facts, verdict: await this.host.ask(payload, facts, true) };
  }

  /** The release of the CLI the agent runs, as far as the hub knows it (a saved case records it). */
  release(id: string): string | null {
    const payload = this.host.payload(id);
    const versioned = this.host.versioned?.(String(payload?.program ?? '')) ?? false;
    return this.versions.of(id, this.host.agent(id)?.foreground?.() ?? null, versioned);
  }

  /** The agent as Lua sees it, with its CLI's release when that CLI's rules differ by release. */
  private payload(id: string): Record<string, unknown> | null {
    const payload = this.host.payload(id);
    if (!payload || !this.host.versioned?.(String(payload.program ?? ''))) return payload;
    const release = this.versions.of(id, this.host.agent(id)?.foreground?.() ?? null);
    return release ? { ...payload, cli_version: release } : payload;
  }

  private async check(id: string): Promise<void> {
    const agent = this.host.agent(id);
    if (!agent || agent.exited) return;
    if (agent.refreshProgram?.()) this.host.programChanged(id);
    const facts = this.facts(id);
    const payload = this.payload(id);
    if (!facts || !payload) return;
    let answer: StatusVerdict | null = null;
    try {
      answer = await this.host.ask(payload, facts, false);
    } catch (err) {
      this.host.log(`status adapters: ${(err as Error).message}`);
    }
    const now = this.host.agent(id);
    if (!now || now.exited) return;
    const v = toVerdict(answer, facts, this.timings.quietMs);
    this.compare(id, v, facts);
    this.host.verdict(id, v, this.host.shown(id));
  }

  /** The screen's reading against what the agent reported: kept as a pending case when they disagree. */
  private compare(id: string, v: StateVerdict, facts: ScreenFacts): void {
    if (v.state === 'done' || v.state === 'exited' || !this.host.keepPending) return;
    const read = {
      state: v.state,
      ...(v.adapter ? { adapter: v.adapter } : {}),
      ...(v.rule ? { rule: v.rule } : {}),
    };
    const now = this.clock.now();
    const d = this.disagreements.screen(id, read, now, facts);
    // Look again when it will have lasted long enough to count.
    const open = this.disagreements.now(id, now);
    if (open && !open.kept && !d) this.schedule.checkAt(id, open.since + DISAGREE_MS + 1);
    if (!d) return;
    const kept = this.host.keepPending(id, d.first ?? facts, d, this.release(id));
    if (kept) this.disagreements.keptAs(id, kept);
  }

  dispose(): void {
    this.schedule.dispose();
    this.versions.dispose();
    this.disagreements.clear();
    this.waiting.clear();
  }
}

/**
 * An adapter's answer as the reducer takes it: evidence from the screen ("screen") when it names the
 * lines (or title) that decided, or asks you something; an answer without evidence (screen:settle:
 * the output stopped) or no answer at all rests on quietness alone ("quiet"), which never
 * overrides what the agent reported itself.
 */
export function toVerdict(answer: StatusVerdict | null, facts: ScreenFacts, quietMs: number): StateVerdict {
  if (answer?.state && STATES.has(answer.state)) {
    const lines = Array.isArray(answer.lines) ? answer.lines.map(String).slice(0, 8) : [];
    const v: StateVerdict = {
      state: answer.state as StateVerdict['state'],
      reason: typeof answer.reason === 'string' && answer.reason ? answer.reason.slice(0, 200) : null,
      source: lines.length > 0 || answer.state === 'waiting' ? 'screen' : 'quiet',
      adapter: answer.adapter,
    };
    if (answer.rule) v.rule = String(answer.rule);
    if (lines.length) v.lines = lines;
    return v;
  }
  return { state: facts.quiet * 1000 >= quietMs ? 'idle' : 'running', source: 'quiet' };
}
