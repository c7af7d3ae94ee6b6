import type { Box } from '../box/box.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Worktree } from '../agents/worktree.js';

/**
 * Version 3 is written by the running server whenever its agents change (not only as it stops),
 * records what resuming a conversation needs (program, start time, session ids), and says
 * how the server stopped: a file without `stopped.clean` is that of a server that died. Version 2
 * (written only at a stop, running agents with profile, env and worktree) and files without
 * `version` (1: every agent with command/args/cwd/name) still load.
 */
export const SESSION_VERSION = 3;

/** A conversation id the CLI in an agent reported (`botster-tui report --session`), or the one it was resumed in. */
export interface SessionId {
  id: string;
  /** The agent's program when it was reported (`claude`), if known. */
  program?: string;
  /** When (ISO). */
  at: string;
}

/** One agent as session.json records it. */
export interface SessionAgent {
  /** Its number (`botster-tui send 4`): it comes back under it while no other agent has it. */
  id?: string;
  name?: string;
  /** false: the hub named it after its program (`bash-2`), so one resumed as another program is named after that. */
  named?: boolean;
  command: string;
  args?: string[];
  cwd?: string;
  /** Env the profile and before_agent_spawn hooks added (not the hub's own BOTSTER_* / PATH). */
  env?: Record<string, string>;
  /** The profile (user/profiles.lua) it was started from. */
  profile?: string;
  /** The git worktree the hub made for it. */
  worktree?: Worktree;
  /** The program in its foreground when recorded (`claude` typed into a shell agent). */
  program?: string;
  /** When it started (ISO). */
  started?: string;
  /** The conversation ids it reported, oldest first. */
  sessions?: SessionId[];
  /** The box it ran in (src/box/): it comes back in it. */
  box?: Box;
  /** The questions you answered "allow always" for it (docs/permissions.md): still answered allow. */
  allowed?: string[];
  /** Your answers to its box's host questions (host -> let or refused): not asked again. */
  hosts?: Record<string, boolean>;
  // (No screen: the home keeps nothing of what an agent's screen says, which another agent of yours
  // could read there while `read` refuses it. A `screen` in an older file is not read.)
}

/** How the server that wrote the file stopped; absent while it runs (or after it died). */
export interface SessionStop {
  at: string;
  /** kill-server, app.quit, SIGTERM... */
  why: string;
  /** Stopped on purpose (kill-server, "stop"): not a server that died, nothing to offer. */
  clean: boolean;
}

export interface SessionFile {
  version: number;
  saved?: string;
  /** The server that wrote it. */
  pid?: number;
  stopped?: SessionStop;
  agents: SessionAgent[];
}

/** $BOTSTER_HOME/session.json: the agents of the running (or last) hub, for `botster-tui --restore`. */
export function sessionPath(home: string): string {
  return path.join(home, 'session.json');
}

/** The agents of a hub that died, on offer until resumed or discarded (see hub-sessions.ts). */
export function crashedPath(home: string): string {
  return path.join(home, 'session.crashed.json');
}

export function previousPath(home: string): string {
  return path.join(home, 'session.previous.json');
}

/** Writes a file whole or not at all (temp + rename), readable only by the user (the env may hold tokens). */
export function writeAtomic(file: string, data: unknown): void {
  const tmp = `${file}.tmp`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(tmp, { force: true });
  try {
    fs.writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export function saveSession(
  home: string,
  agents: SessionAgent[],
  extra: { stopped?: SessionStop } = {},
): void {
  const file = sessionPath(home);
  try {
    writeAtomic(file, {
      version: SESSION_VERSION,
      saved: new Date().toISOString(),
      pid: process.pid,
      ...extra,
      agents,
    } satisfies SessionFile);
  } catch (err) {
    // A full disk: an older session moved aside (to session.previous.json), so that --restore does
    // not start that one's agents as if they were these.
    try {
      fs.renameSync(file, previousPath(home));
    } catch {
      // none
    }
    throw err;
  }
}

/** Copies session.json to session.previous.json (best effort: restoring goes on without it). */
export function keepPreviousSession(home: string): void {
  try {
    fs.copyFileSync(sessionPath(home), previousPath(home));
  } catch {
    // nothing to keep
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function strings(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out = Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => [k, String(x)]),
  );
  return Object.keys(out).length > 0 ? out : undefined;
}

function worktree(v: unknown): Worktree | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const p = str(o.path),
    branch = str(o.branch),
    repo = str(o.repo);
  const base = str(o.base);
  return p && branch && repo ? { path: p, branch, repo, ...(base ? { base } : {}) } : undefined;
}

function sessionIds(v: unknown): SessionId[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: SessionId[] = [];
  for (const s of v) {
    if (!s || typeof s !== 'object') continue;
    const o = s as Record<string, unknown>;
    const id = str(o.id);
    if (!id) continue;
    out.push({ id, ...(str(o.program) ? { program: str(o.program) } : {}), at: str(o.at) ?? '' });
  }
  return out.length > 0 ? out : undefined;
}

/** "Allow always" keys as recorded, or undefined: none that are. */
export function allowedKeys(v: unknown): string[] | undefined {
  const keys = Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string' && k !== '') : [];
  return keys.length ? keys : undefined;
}

/** Host answers as recorded (host -> true or false), or undefined: none that are. */
export function hostAnswers(v: unknown): Record<string, boolean> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out = Object.fromEntries(
    Object.entries(v as Record<string, unknown>).filter(([h, a]) => h !== '' && typeof a === 'boolean'),
  ) as Record<string, boolean>;
  return Object.keys(out).length ? out : undefined;
}

function agentFrom(a: Record<string, unknown>): SessionAgent {
  const out: SessionAgent = { command: a.command as string };
  if (typeof a.id === 'string' && /^\d+$/.test(a.id)) out.id = a.id;
  if (str(a.name)) out.name = str(a.name);
  if (a.named === false) out.named = false;
  if (Array.isArray(a.args)) out.args = a.args.map(String);
  if (str(a.cwd)) out.cwd = str(a.cwd);
  const env = strings(a.env);
  if (env) out.env = env;
  if (str(a.profile)) out.profile = str(a.profile);
  const wt = worktree(a.worktree);
  if (wt) out.worktree = wt;
  if (str(a.program)) out.program = str(a.program);
  if (str(a.started)) out.started = str(a.started);
  const ids = sessionIds(a.sessions);
  if (ids) out.sessions = ids;
  // (checked as a box where it is started again: restore.ts)
  if (a.box && typeof a.box === 'object') out.box = a.box as Box;
  const allowed = allowedKeys(a.allowed);
  if (allowed) out.allowed = allowed;
  const hosts = hostAnswers(a.hosts);
  if (hosts) out.hosts = hosts;
  return out;
}

/** A session file as it is on disk (agents checked field by field); null when there is none or it is not JSON. */
export function readSessionFile(file: string): SessionFile | null {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const agents = Array.isArray(d.agents)
    ? d.agents
        .filter(
          (a): a is Record<string, unknown> =>
            !!a && typeof a === 'object' && typeof (a as { command?: unknown }).command === 'string',
        )
        .map(agentFrom)
    : [];
  const stop = d.stopped && typeof d.stopped === 'object' ? (d.stopped as Record<string, unknown>) : null;
  return {
    version: typeof d.version === 'number' ? d.version : 1,
    ...(str(d.saved) ? { saved: str(d.saved) } : {}),
    ...(typeof d.pid === 'number' ? { pid: d.pid } : {}),
    ...(stop
      ? { stopped: { at: str(stop.at) ?? '', why: str(stop.why) ?? '', clean: stop.clean === true } }
      : {}),
    agents,
  };
}

/**
 * Did the server that wrote this file die (crash, reboot, kill -9, a signal) rather than stop on
 * purpose? Files older than version 3 were written only at a stop.
 */
export function diedWith(file: SessionFile | null): boolean {
  return !!file && file.version >= 3 && file.stopped?.clean !== true && file.agents.length > 0;
}

/**
 * The first number a new agent of a server starting on `home` takes: after the numbers of the
 * agents a hub that died here left on offer (session.json without a clean stop,
 * session.crashed.json), so that resuming them brings each back under its own.
 */
export function firstFreeId(home: string): number {
  const last = readSessionFile(sessionPath(home));
  const offered = [
    ...(readSessionFile(crashedPath(home))?.agents ?? []),
    ...(diedWith(last) ? last!.agents : []),
  ];
  return Math.max(0, ...offered.map((a) => Number(a.id ?? 0))) + 1;
}

/** The recorded agents; throws a clear error when there is nothing (valid) to restore. */
export function loadSession(home: string): SessionAgent[] {
  const file = sessionPath(home);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `nothing to restore: ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const agents = (data as { agents?: unknown } | null)?.agents;
  if (!Array.isArray(agents)) throw new Error(`nothing to restore: ${file} lists no agents`);
  const valid = agents.filter(
    (a): a is Record<string, unknown> =>
      !!a && typeof a === 'object' && typeof (a as { command?: unknown }).command === 'string',
  );
  if (valid.length === 0) {
    const v2 = typeof (data as { version?: unknown }).version === 'number';
    throw new Error(
      `nothing to restore: ${file} lists no agents${v2 ? ' (none was running when the hub quit)' : ''}`,
    );
  }
  return valid.map(agentFrom);
}
