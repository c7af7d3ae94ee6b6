import type { AgentInfo, AgentSpec } from '../agents/types.js';
import type { SessionId } from './session-file.js';

// What each agent's session record holds beyond its spec (session-file.ts): when it started, the
// conversation ids its CLI reported, what it ran first when it now runs a resume command; and, for
// an agent started to resume a conversation, what starts it again if that fails at once.

/** What an agent started to resume a conversation carries over from its record (see hub-sessions.ts). */
export interface Carried {
  /** What it ran first: recorded in place of the resume command, so the next restore resumes from it again. */
  base?: { command: string; args?: string[] };
  /** The conversation ids of its record (and the one it resumes). */
  sessions?: SessionId[];
  /** Starts it again as it ran when the resume command fails at once. */
  fallback?: AgentSpec;
  /** The questions you answered "allow always" for it (their keys). */
  allowed?: string[];
  /** Your answers to its box's host questions: host -> let or refused. */
  hosts?: Record<string, boolean>;
}

/** A resume command that exits with a failure this soon failed to resume (a conversation id its CLI does not know). */
export const RESUME_GRACE_MS = 10_000;
/** The conversation ids kept per agent (a CLI's /clear starts a new one each time). */
const MAX_SESSIONS = 20;

export interface AgentRecord {
  started: string;
  sessions: SessionId[];
  base?: { command: string; args?: string[] };
  /**
   * The questions you answered "allow always" for this agent (lifecycle/agent-permissions.ts
   * keyOf): with its record they go through a restart, `--restore` and a server's adoption.
   */
  allowed?: string[];
  /** Your answers to the questions of its box's proxy (src/box/net-gate.ts): host -> let or refused. */
  hosts?: Record<string, boolean>;
}

/** The "allow always" answers kept per agent (one each for its questions; the newest kept). */
const MAX_ALLOWED = 200;

export class AgentRecords {
  private readonly records = new Map<string, AgentRecord>();
  /** Agents running a resume command: what starts them again, and since when (performance.now()). */
  private readonly resuming = new Map<string, { fallback: AgentSpec; at: number }>();

  added(id: string): void {
    this.records.set(id, { started: new Date().toISOString(), sessions: [] });
  }

  removed(id: string): void {
    this.records.delete(id);
    this.resuming.delete(id);
  }

  get(id: string): AgentRecord | undefined {
    return this.records.get(id);
  }

  /** What agent `id` carries into its next start (a restart): its record but when it started. */
  carried(id: string): Carried | undefined {
    const r = this.records.get(id);
    return r && { base: r.base, sessions: r.sessions, allowed: r.allowed, hosts: r.hosts };
  }

  /** What an agent started again (restart, a resume) carries from before. */
  carry(id: string, c: Carried): void {
    const r = this.records.get(id);
    if (!r) return;
    if (c.base) r.base = c.base;
    if (c.sessions?.length)
      r.sessions = [...c.sessions.filter((s) => !r.sessions.some((x) => x.id === s.id)), ...r.sessions].slice(
        -MAX_SESSIONS,
      );
    if (c.fallback) this.resuming.set(id, { fallback: c.fallback, at: performance.now() });
    for (const key of c.allowed ?? []) this.allow(id, key);
    for (const [host, allow] of Object.entries(c.hosts ?? {})) this.answerHost(id, host, allow);
  }

  /** Your answer for agent `id`'s box reaching `host`: true when it changed. */
  answerHost(id: string, host: string, allow: boolean): boolean {
    const r = this.records.get(id);
    if (!r || typeof allow !== 'boolean' || !host || r.hosts?.[host] === allow) return false;
    r.hosts = { ...r.hosts, [host]: allow };
    return true;
  }

  /** You answered agent `id`'s question `key` "allow always": true when that is new. */
  allow(id: string, key: string): boolean {
    const r = this.records.get(id);
    if (!r || typeof key !== 'string' || key === '' || r.allowed?.includes(key)) return false;
    r.allowed = [...(r.allowed ?? []), key].slice(-MAX_ALLOWED);
    return true;
  }

  /** An adopted agent started when the server before this one says (not when it was adopted). */
  startedAt(id: string, started: string): void {
    const r = this.records.get(id);
    if (r) r.started = started;
  }

  /** A conversation id its CLI reported while `program` ran in it: true when the record changed. */
  reported(id: string, session: string, program: string): boolean {
    const r = this.records.get(id);
    if (!r) return false;
    const last = r.sessions.at(-1);
    if (last?.id === session && last.program === program) return false;
    r.sessions = [
      ...r.sessions.filter((s) => s.id !== session),
      { id: session, program, at: new Date().toISOString() },
    ].slice(-MAX_SESSIONS);
    return true;
  }

  /** Stopped on purpose: its exit is not a resume that failed. */
  stopping(id: string): void {
    this.resuming.delete(id);
  }

  /**
   * The agent exited: if it ran a resume command that failed at once (a failure within
   * RESUME_GRACE_MS), what starts it again as it ran. One that ran a while, or exited 0, is left.
   */
  failedResume(info: AgentInfo): AgentSpec | null {
    const r = this.resuming.get(info.id);
    if (!r) return null;
    this.resuming.delete(info.id);
    const failed = !!info.error || !!info.signal || (info.exitCode !== null && info.exitCode !== 0);
    return failed && performance.now() - r.at <= RESUME_GRACE_MS ? r.fallback : null;
  }
}
