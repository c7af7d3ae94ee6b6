import fs from 'node:fs';
import type { AgentSpec } from '../agents/types.js';
import { displayCommand, specProgram } from '../agents/command-line.js';
import type { ResumeAnswer } from '../lua/runtime/config-runtime.js';
import { planRestore, type RestorePlan } from './restore.js';
import {
  crashedPath,
  previousPath,
  readSessionFile,
  saveSession,
  writeAtomic,
  type SessionAgent,
  type SessionFile,
  type SessionStop,
} from './session-file.js';
import type { Carried } from './agent-records.js';

// Conversations survive a restart (docs/resume.md): a hub server keeps session.json in step with
// its agents (written whenever one starts, exits or reports a conversation id), and
// resumes recorded agents through their profiles' Lua resume functions. The agents of a server that
// died are offered (session.crashed.json) until resumed or discarded.

/** What the sessions need from the hub (app/hub-hosts.ts builds it). */
export interface SessionsHost {
  home: string;
  /** The agents to record, as they are now. */
  agents(): SessionAgent[];
  /**
   * Calls `changed` whenever an agent starts, exits or is closed, and `changed('keepers')` when only
   * what its keeper holds changed (its state, its usage); returns how to stop.
   */
  watch(changed: (only?: 'keepers') => void): () => void;
  log(level: string, message: string): void;
  notify(text: string, level?: 'info' | 'error'): void;
  /** The profiles' resume functions (lua/core/profiles.lua) on these agents. */
  resume(agents: unknown[]): Promise<ResumeAnswer[]>;
  /**
   * Starts an agent through the hub's spawn path, focused only if none is, under number `id` while
   * no other agent has it; its name, or null.
   */
  spawn(spec: AgentSpec, carry: Carried, id?: string): Promise<string | null>;
  emit(event: string, payload: Record<string, unknown>): void;
  /** Hands each agent's keeper the hub's record of it (docs/keeper.md): with every write, a full disk or not. */
  keep?(): void;
  readonly disposed: boolean;
}

/** How a recorded agent looks to its profile's resume function (lua/meta/profiles.lua: botster.ResumeAgent). */
export function resumeFacts(record: SessionAgent, spec: AgentSpec): Record<string, unknown> {
  const started = record.started ? Date.parse(record.started) : NaN;
  const sessions = record.sessions ?? [];
  return {
    name: record.name ?? null,
    command: record.command,
    args: record.args ?? null,
    cwd: spec.cwd ?? record.cwd ?? process.cwd(),
    program: record.program ?? specProgram(spec),
    command_program: specProgram({ command: record.command, ...(record.args ? { args: record.args } : {}) }),
    profile: record.profile ?? null,
    env: record.env ?? {},
    started: Number.isFinite(started) ? started / 1000 : null,
    session: sessions.at(-1)?.id ?? null,
    sessions,
    worktree: record.worktree ?? null,
  };
}

/**
 * The least time between two writes of session.json: every agent's state change is a change, and
 * with 50 of 300 agents printing now and then the record of all of them took 0.46 s of every 10
 * (issue 97: 5% of the server's main thread, keys waiting behind it). A burst writes at its start
 * and again this long after, with what it came to.
 */
export const SESSION_WRITE_GAP_MS = 250;

/**
 * The least time between two records given to the keepers when only states changed: session.json
 * does not hold states, and a server that adopts an agent looks at its screen again anyway.
 */
export const KEEPERS_GAP_MS = 1000;

/**
 * The least time between a write and the next when only a foreground program changed: resuming
 * needs it (`claude` typed into a shell), not at once, and 50 of 500 shells printing in a loop
 * (`sleep`, then the shell again) rewrote all 500 records four times a second.
 */
export const PROGRAM_WRITE_GAP_MS = 2000;

export class HubSessions {
  private recording = false;
  private stopped = false;
  /**
   * Calls off the write planned for later (a Timeout or an Immediate, each cleared by its own
   * function: node's clearImmediate on a Timeout counts an immediate gone that never was, and an
   * immediate of the hub's, a frame's, could then wait for ever).
   */
  private pending: (() => void) | null = null;
  /** When the planned write runs (performance.now()); a change that needs it sooner plans again. */
  private pendingAt = Infinity;
  private lastWrite = -Infinity;
  /** The agents as session.json last had them (a write of the same records is skipped). */
  private written: string | null = null;
  private keepersPending: NodeJS.Timeout | null = null;
  private lastKeep = -Infinity;
  /** The last write's error, said once (not at every change while the disk is full). */
  private failing: string | null = null;
  /** The agents of a hub that died, on offer until resumed or discarded. */
  offer: SessionFile | null = null;
  private readonly unwatch: () => void;

  constructor(private readonly hub: SessionsHost) {
    this.unwatch = hub.watch((only) => (only === 'keepers' ? this.keepersChanged() : this.changed()));
  }

  /** From now on session.json follows the agents (a hub server; an in-process hub does not record). */
  record(): void {
    this.recording = true;
    this.changed();
  }

  /**
   * The agents (or what one of them is) changed: write the record soon (changes in one turn write
   * once; within SESSION_WRITE_GAP_MS of the last write, once that long after it). `now`: what
   * changed is what a resume needs (a conversation id, an agent's new place), written before the
   * caller answers, so a server killed right after still resumes it.
   */
  changed(now = false): void {
    if (!this.recording || this.stopped) return;
    if (now) {
      this.cancelPending();
      this.lastWrite = performance.now();
      this.write();
      return;
    }
    this.plan(this.lastWrite + SESSION_WRITE_GAP_MS);
  }

  /** Only an agent's foreground program changed: written with the next change, or PROGRAM_WRITE_GAP_MS after the last write. */
  programChanged(): void {
    if (!this.recording || this.stopped) return;
    this.plan(this.lastWrite + PROGRAM_WRITE_GAP_MS);
  }

  /** A write at `at` (or as soon as this turn is done, if that has passed), unless one is planned sooner. */
  private plan(at: number): void {
    if (this.pending && this.pendingAt <= at) return;
    this.cancelPending();
    const run = () => {
      this.pending = null;
      this.pendingAt = Infinity;
      this.lastWrite = performance.now();
      this.write();
    };
    const wait = at - performance.now();
    this.pendingAt = at;
    if (wait > 0) {
      const timer = setTimeout(run, wait);
      this.pending = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(run);
      this.pending = () => clearImmediate(immediate);
    }
  }

  private cancelPending(): void {
    this.pending?.();
    this.pending = null;
    this.pendingAt = Infinity;
  }

  /** Only the keepers' records are out of date (an agent's state): given them within a second. */
  private keepersChanged(): void {
    if (!this.recording || this.stopped || this.pending || this.keepersPending) return;
    this.keepersPending = setTimeout(
      () => {
        this.keepersPending = null;
        this.keep();
      },
      Math.max(0, this.lastKeep + KEEPERS_GAP_MS - performance.now()),
    );
  }

  private keep(): void {
    this.lastKeep = performance.now();
    try {
      this.hub.keep?.();
    } catch (err) {
      this.hub.log('error', `telling the keepers: ${(err as Error).message}`);
    }
  }

  /** Writes session.json now (unless it holds these records already); the error, if it could not. */
  private write(stopped?: SessionStop): string | null {
    this.keep();
    try {
      const agents = this.hub.agents();
      const text = JSON.stringify(agents);
      if (!stopped && !this.failing && text === this.written) return null;
      this.written = null;
      saveSession(this.hub.home, agents, stopped ? { stopped } : {});
      this.written = text;
      if (this.failing) this.hub.log('info', 'session.json is written again');
      this.failing = null;
      return null;
    } catch (err) {
      const why = (err as Error).message;
      if (this.failing !== why) this.hub.log('error', `saving the session: ${why}`);
      this.failing = why;
      return why;
    }
  }

  /**
   * The server stops: the record is written a last time, marked with how it stopped. `clean` (you
   * stopped it: kill-server, "stop") means nothing is offered at the next start; a signal (a
   * reboot's SIGTERM, a hangup) is not clean. Returns why it could not be written.
   */
  stop(why: string, clean: boolean): string | null {
    if (this.stopped) return this.failing;
    this.cancelPending();
    const error = this.write({ at: new Date().toISOString(), why, clean });
    this.stopped = true;
    return error;
  }

  /**
   * Starts recorded agents again, each in its conversation when its profile's resume says how (one
   * Lua call for them all, so no two pick the same transcript). An agent whose folder is gone is not
   * started (the notice says so); a resume that fails says why and starts the agent as it ran.
   */
  async resume(records: SessionAgent[]): Promise<void> {
    const hub = this.hub;
    const { plans, notice } = planRestore(records);
    if (notice) hub.notify(notice);
    let answers: ResumeAnswer[];
    try {
      answers = plans.length ? await hub.resume(plans.map((p) => resumeFacts(p.record, p.spec))) : [];
    } catch (err) {
      const message = `resuming conversations: ${(err as Error).message}; the agents start again as they ran`;
      hub.notify(message);
      answers = plans.map(() => ({ none: true }));
    }
    const failures: string[] = [];
    for (const [i, plan] of plans.entries()) {
      if (hub.disposed) return;
      const a = answers[i] ?? { none: true };
      if (a.error) failures.push(`${plan.spec.name ?? plan.spec.command}: ${a.error}`);
      const spec = a.command && !a.error ? resumedSpec(plan, a) : plan.spec;
      // Under its own number again (scripts name agents by it), while no other agent has it.
      const name = await hub.spawn(spec, carried(plan, a), plan.record.id);
      if (name && a.command && !a.error)
        hub.log('info', `resume: ${name} runs ${displayCommand(spec)} (profile ${a.profile})`);
    }
    if (failures.length) {
      const message = `could not resume: ${failures.join('; ')} (started again as they ran)`;
      hub.notify(message);
    }
  }

  /**
   * At a server's start: the agents of a server that died on this home (session.json without a
   * clean stop, renamed session.crashed.json, added to one not answered yet) are on offer.
   */
  takeCrashed(last: SessionFile | null): void {
    const home = this.hub.home;
    const earlier = readSessionFile(crashedPath(home));
    const agents = [...(earlier?.agents ?? []), ...(last?.agents ?? [])];
    if (agents.length === 0) return;
    const offer: SessionFile = {
      version: last?.version ?? earlier?.version ?? 3,
      ...(last?.saved ? { saved: last.saved } : {}),
      ...(last?.pid ? { pid: last.pid } : {}),
      ...(last?.stopped ? { stopped: last.stopped } : {}),
      agents,
    };
    try {
      writeAtomic(crashedPath(home), offer);
    } catch (err) {
      this.hub.log('error', `keeping the agents of the hub that died: ${(err as Error).message}`);
    }
    this.offer = offer;
  }

  /**
   * Tells the configuration (lua/default/sessions.lua asks you: resume all, or start fresh), once a
   * person is there to answer: with no client attached (a server a script started), when the first
   * attaches. A script answers with `botster-tui run session.resume` (or session.discard).
   */
  announce(clients: number): void {
    if (!this.offer) return;
    if (clients > 0) this.emitOffer();
    else this.onAttach = true;
  }

  /** A client attached: the offer not told yet is told now. */
  attached(): void {
    if (!this.onAttach) return;
    this.onAttach = false;
    if (this.offer) this.emitOffer();
  }

  private onAttach = false;

  private emitOffer(): void {
    const o = this.offer;
    if (!o) return;
    const agents = o.agents.map((a) => ({
      name: a.name ?? a.command,
      command: a.command,
      cwd: a.cwd ?? null,
      program: a.program ?? null,
      session: a.sessions?.at(-1)?.id ?? null,
    }));
    this.hub.emit('session_offer', {
      agents,
      saved: o.saved ?? null,
      pid: o.pid ?? null,
      why: o.stopped?.why ?? null,
    });
  }

  /** The session.resume verb: the agents on offer come back in their conversations; answers what it did. */
  async resumeOffer(): Promise<string> {
    const offer = this.offer ?? readSessionFile(crashedPath(this.hub.home));
    if (!offer || offer.agents.length === 0)
      return this.said('no conversations to resume (no hub died on this home)');
    this.offer = null;
    fs.rmSync(crashedPath(this.hub.home), { force: true });
    await this.resume(offer.agents);
    const n = offer.agents.length;
    return `resumed ${n} agent${n === 1 ? '' : 's'} of the hub that died`;
  }

  /** The session.discard verb: start fresh; the record stays in session.previous.json. */
  discardOffer(): string {
    const home = this.hub.home;
    if (!this.offer && !fs.existsSync(crashedPath(home))) return this.said('no conversations on offer');
    this.offer = null;
    try {
      fs.renameSync(crashedPath(home), previousPath(home));
    } catch {
      // nothing left on disk
    }
    return this.said(`started fresh; the agents of the hub that died are recorded in ${previousPath(home)}`);
  }

  /** Said on screen, and answered. */
  private said(text: string): string {
    this.hub.notify(text, 'info');
    return text;
  }

  dispose(): void {
    this.cancelPending();
    if (this.keepersPending) clearTimeout(this.keepersPending);
    this.keepersPending = null;
    this.unwatch();
  }
}

/** The plan's spec with its profile's resume command in place of its own. */
function resumedSpec(plan: RestorePlan, a: ResumeAnswer): AgentSpec {
  const spec: AgentSpec = { ...plan.spec, command: a.command! };
  if (a.args) spec.args = a.args;
  else delete spec.args;
  return spec;
}

/** What the agent carries over: what it ran first, its conversation ids, and what starts it again if the resume fails. */
function carried(plan: RestorePlan, a: ResumeAnswer): Carried {
  const resumes = !!a.command && !a.error;
  const sessions = (plan.record.sessions ?? []).filter((s) => !(resumes && s.id === a.session));
  // The conversation it resumes is its newest: the next restore resumes it again.
  if (resumes && a.session)
    sessions.push({
      id: a.session,
      program: specProgram(resumedSpec(plan, a)),
      at: new Date().toISOString(),
    });
  const c: Carried = { sessions };
  if (plan.record.allowed?.length) c.allowed = plan.record.allowed;
  if (plan.record.hosts) c.hosts = plan.record.hosts;
  if (resumes) {
    c.base = { command: plan.record.command, ...(plan.record.args ? { args: plan.record.args } : {}) };
    c.fallback = plan.spec;
  }
  return c;
}
