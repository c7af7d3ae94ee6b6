import fs from 'node:fs';
import path from 'node:path';
import type { Worktree } from '../agents/worktree.js';

/**
 * Version 2 records only the agents that were running, with their profile, env overrides and
 * worktree. A file without `version` (1) listed every agent with command/args/cwd/name and still
 * loads.
 */
export const SESSION_VERSION = 2;

/** One agent as session.json records it. */
export interface SessionAgent {
  name?: string;
  command: string;
  args?: string[];
  cwd?: string;
  /** Env the profile and before_agent_spawn hooks added (not the hub's own BOTSTER_* / PATH). */
  env?: Record<string, string>;
  /** The profile (user/profiles.lua) it was started from. */
  profile?: string;
  /** The git worktree the hub made for it. */
  worktree?: Worktree;
}

/** $BOTSTER_HOME/session.json: the agents of the last hub, for `botster-tui --restore`. */
export function sessionPath(home: string): string {
  return path.join(home, 'session.json');
}

export function saveSession(home: string, agents: SessionAgent[]): void {
  const file = sessionPath(home);
  const tmp = `${file}.tmp`;
  fs.mkdirSync(home, { recursive: true });
  // The env may hold tokens: only the user reads this file.
  fs.rmSync(tmp, { force: true });
  try {
    fs.writeFileSync(tmp, JSON.stringify({ version: SESSION_VERSION, saved: new Date().toISOString(), agents }, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    // A full disk: no half-written file left behind, and an older session moved aside (to
    // session.previous.json), so that --restore does not start that one's agents as if they were these.
    fs.rmSync(tmp, { force: true });
    try {
      fs.renameSync(file, path.join(home, 'session.previous.json'));
    } catch {
      // none
    }
    throw err;
  }
}

/** Copies session.json to session.previous.json (best effort: restoring goes on without it). */
export function keepPreviousSession(home: string): void {
  try {
    fs.copyFileSync(sessionPath(home), path.join(home, 'session.previous.json'));
  } catch {
    // nothing to keep
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function strings(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, String(x)]));
  return Object.keys(out).length > 0 ? out : undefined;
}

function worktree(v: unknown): Worktree | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const p = str(o.path), branch = str(o.branch), repo = str(o.repo);
  return p && branch && repo ? { path: p, branch, repo } : undefined;
}

function agentFrom(a: Record<string, unknown>): SessionAgent {
  const out: SessionAgent = { command: a.command as string };
  if (str(a.name)) out.name = str(a.name);
  if (Array.isArray(a.args)) out.args = a.args.map(String);
  if (str(a.cwd)) out.cwd = str(a.cwd);
  const env = strings(a.env);
  if (env) out.env = env;
  if (str(a.profile)) out.profile = str(a.profile);
  const wt = worktree(a.worktree);
  if (wt) out.worktree = wt;
  return out;
}

/** The recorded agents; throws a clear error when there is nothing (valid) to restore. */
export function loadSession(home: string): SessionAgent[] {
  const file = sessionPath(home);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`nothing to restore: ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const agents = (data as { agents?: unknown } | null)?.agents;
  if (!Array.isArray(agents)) throw new Error(`nothing to restore: ${file} lists no agents`);
  const valid = agents.filter((a): a is Record<string, unknown> => !!a && typeof a === 'object' && typeof (a as { command?: unknown }).command === 'string');
  if (valid.length === 0) {
    const v2 = typeof (data as { version?: unknown }).version === 'number';
    throw new Error(`nothing to restore: ${file} lists no agents${v2 ? ' (none was running when the hub quit)' : ''}`);
  }
  return valid.map(agentFrom);
}
