import type { LuaHost } from '../worker/lua-host.js';
import type { AgentSpec } from '../agents/types.js';
import { BUILTIN_COMMANDS } from '../commands/builtin-commands.js';
import { readConfigFiles } from '../reload/config-files.js';
import { initialAppData, plannedIds } from './initial-app.js';
import { resolveHome } from '../reload/paths.js';
import { StateStore } from '../lua/state-store.js';
import {
  crashedPath,
  keepPreviousSession,
  loadSession,
  firstFreeId,
  readSessionFile,
  type SessionAgent,
} from './session-file.js';
import { planRestore } from './restore.js';

interface Flags {
  live?: boolean;
  restore?: boolean;
  agent?: string[];
  home?: string;
  layout?: string;
  size?: string;
}

export function defaultAgents(given: string[] | undefined): AgentSpec[] {
  if (!given || given.length === 0) return [{ command: process.env.SHELL || '/bin/sh', args: [] }];
  return given.map((command) => ({ command }));
}

/**
 * The recorded agents `--restore` brings back: those of session.json (the last hub's, however it
 * stopped) and those of a hub that died still on offer (session.crashed.json). Throws "nothing to restore".
 */
export function restoreRecords(home: string): SessionAgent[] {
  const offered = readSessionFile(crashedPath(home))?.agents ?? [];
  try {
    return [...offered, ...loadSession(home)];
  } catch (err) {
    if (offered.length > 0) return offered;
    throw err;
  }
}

export interface RestoreStart {
  /** The records of the agents that can come back (resumed by the hub through their profiles). */
  restore: SessionAgent[];
  /** Then these (--agent); the default agent when nothing else starts. */
  agents: AgentSpec[];
  /** How the first frame lists them all, and their numbers (the restored ones' own, while free). */
  planned: AgentSpec[];
  plannedIds: string[];
  notices: string[];
}

/**
 * --restore: the agents that were running when the last hub quit or died (those that can come
 * back), then any --agent given too; `notices` names the agents that cannot. Throws "nothing to restore".
 */
export function restoreSpecs(home: string, given: string[] | undefined): RestoreStart {
  const { plans, notice } = planRestore(restoreRecords(home));
  // The next write of session.json records what runs then: keep the records of the agents that
  // could not come back (a folder on a drive not mounted yet, say).
  if (notice) keepPreviousSession(home);
  const extra = (given ?? []).map((command) => ({ command }));
  // Nothing could come back: a hub still starts as a first run does (the notice says why).
  const agents = plans.length + extra.length > 0 ? extra : defaultAgents(undefined);
  return {
    restore: plans.map((p) => p.record),
    agents,
    planned: [...plans.map((p) => p.spec), ...agents],
    plannedIds: plannedIds([...plans.map((p) => p.record.id), ...agents.map(() => undefined)]),
    notices: notice ? [`${notice} (their records stay in session.previous.json)`] : [],
  };
}

/**
 * Sends the first configuration to the Lua worker as soon as it exists, computed from the flags the
 * same way the hub will; if anything differs later, the hub simply configures again.
 */
export function preconfigure(lua: LuaHost, command: string | undefined, flags: Flags): void {
  if ((command !== 'server' && command !== 'snapshot') || flags.live) return;
  try {
    const home = resolveHome(flags.home);
    const size =
      command === 'snapshot' || command === 'server' ? /^(\d+)x(\d+)$/.exec(flags.size ?? '') : null;
    const cols = size ? Number(size[1]) : process.stdout.columns || 80;
    const rows = size ? Number(size[2]) : process.stdout.rows || 24;
    lua.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
    lua.restored = new StateStore(home).load(() => {});
    const restoring = flags.restore ? restoreSpecs(home, flags.agent) : null;
    const specs = restoring?.planned ?? defaultAgents(flags.agent);
    const ids =
      restoring?.plannedIds ??
      plannedIds(
        specs.map(() => undefined),
        firstFreeId(home),
      );
    lua.preconfigure(
      readConfigFiles({ home, layoutFile: flags.layout }),
      initialAppData(specs, cols, rows, ids),
    );
  } catch {
    // the hub reports problems itself when it configures
  }
}
