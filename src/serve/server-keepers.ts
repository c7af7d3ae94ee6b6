import { findKeepers } from '../keeper/adopt.js';
import { keeperBinary, keeperPtys } from '../keeper/keeper-source.js';
import { parseKeeperMeta, type KeptAgent } from '../lifecycle/kept-agents.js';
import type { PtySource } from '../pty/pty-process.js';
import { plural } from '../hub/plural.js';
import type { AgentSpec } from '../agents/types.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import type { StartNotes } from './start-notes.js';
import { KEEPER_MAJOR, KEEPER_MINOR, KEEPER_RING_DEFAULT, keeperDir } from '../wire/keeper-protocol.js';

/** A hub server's keepers (docs/keeper.md): where agents' terminals come from, and the agents it adopts. */
export interface ServerKeepers {
  /** Keepers start the agents (undefined: no keeper here, the agents are the server's children). */
  ptys?: PtySource;
  /** The keeper protocol this server speaks ("1.0"), or null without keepers. */
  protocol: string | null;
  /** Agents the keepers held for this server, in their numbers' order. */
  adopt: KeptAgent[];
  /** Said in the hub's log (and what could not be adopted, on screen). */
  log: string[];
  shown: string[];
}

/**
 * Finds the keeper this install runs and the agents keepers hold on this home. BOTSTER_KEEPER=off
 * runs agents as the server's children, as before keepers (they end with the server).
 */
export async function serverKeepers(
  home: string,
  hubSocket: string,
  env: NodeJS.ProcessEnv,
  ringKb: () => number | undefined,
): Promise<ServerKeepers> {
  const binary = env.BOTSTER_KEEPER === 'off' ? null : keeperBinary(env);
  if (!binary)
    return {
      protocol: null,
      adopt: [],
      log: [
        env.BOTSTER_KEEPER === 'off'
          ? 'keepers: off (BOTSTER_KEEPER=off): agents end with this server'
          : 'keepers: no native keeper for this platform: agents end with this server',
      ],
      shown: [],
    };
  const dir = keeperDir(home, hubSocket);
  const started = performance.now();
  const { found, refused } = await findKeepers(dir);
  const adopt = found
    .map(({ pty, welcome }) => ({
      pty,
      cols: welcome.cols,
      rows: welcome.rows,
      meta: parseKeeperMeta(welcome.meta),
    }))
    .sort((a, b) => Number(a.meta?.id ?? Infinity) - Number(b.meta?.id ?? Infinity));
  const ms = Math.round(performance.now() - started);
  const log = [`keepers: ${binary} in ${dir}`];
  if (adopt.length)
    log.push(
      `keepers: adopted ${plural(adopt.length, 'agent')} in ${ms} ms (pids ${adopt.map((k) => k.pty.pid).join(', ')})`,
    );
  const shown = refused.length
    ? [`${plural(refused.length, 'keeper')} would not be adopted: ${refused.join('; ')}`]
    : [];
  return {
    ptys: keeperPtys({ dir, binary, ring: () => (ringKb() ?? KEEPER_RING_DEFAULT / 1024) * 1024 }),
    protocol: `${KEEPER_MAJOR}.${KEEPER_MINOR}`,
    adopt,
    log,
    shown,
  };
}

/**
 * The agents the keepers held, as this start takes them: said (logged; what could not be adopted,
 * on screen), and what the server starts besides them (a first run's shell is not started beside
 * them; --restore does not bring back again those that outlived the last server). Their names, and
 * what the reattach line says of them.
 */
export function adoptKept(
  keepers: ServerKeepers,
  start: { agents: AgentSpec[]; restore?: SessionAgent[]; explicitAgents?: boolean },
  notes: StartNotes,
): { names: Set<string>; line: string } {
  for (const line of keepers.log) notes.add('info', line, false);
  for (const line of keepers.shown) notes.add('error', line, true);
  const names = new Set(keepers.adopt.map((k) => k.meta?.name).filter((n): n is string => !!n));
  if (keepers.adopt.length && !start.explicitAgents) start.agents = [];
  if (start.restore) start.restore = start.restore.filter((r) => !r.name || !names.has(r.name));
  return {
    names,
    line: keepers.adopt.length
      ? `pid ${process.pid} kept ${plural(keepers.adopt.length, 'agent')} running`
      : 'no agent was kept',
  };
}
