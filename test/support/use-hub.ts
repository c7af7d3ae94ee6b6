import fs from 'node:fs';
import { afterEach } from 'vitest';
import { Hub, type HubOptions } from '../../src/app/hub.js';
import type { AgentSpec } from '../../src/agents/types.js';
import { FakeClock } from './fake-clock.js';
import { tempHome } from './homes.js';
import { ScriptedHub } from './scripted-hub.js';
import { ScriptedPtys, type Scripts } from './scripted-pty.js';

/** A hub for a test: HubOptions with defaults (100x30, frames dropped, no agents, a fresh home). */
export type HubSetup = Partial<HubOptions> & {
  agents?: AgentSpec[];
  /** Files of the fresh home (when no `home` is given), as tempHome() takes them. */
  files?: Record<string, string>;
};

export type ScriptedSetup = Omit<HubSetup, 'clock' | 'ptys'> & {
  /** What the program of each command line does as it starts (see ScriptedPtys, basicPrograms). */
  scripts?: Scripts;
};

export interface Hubs {
  /** A hub with real agents (PTYs) on the real clock. */
  real(setup?: HubSetup): Promise<Hub>;
  /** A hub with scripted agents on a fake clock (see ScriptedHub). */
  scripted(setup?: ScriptedSetup): Promise<ScriptedHub>;
  /** A real hub that also watches its configuration, as the CLI's does (one `cat` agent unless told). */
  watched(setup?: HubSetup): Promise<Hub>;
  /** Disposes a hub built elsewhere with the others. */
  track<T extends { dispose(): Promise<void> | void }>(owned: T): T;
}

/**
 * The hubs of a suite: call once at its top; every hub it builds is disposed after each test, and
 * the homes it made are removed. Replaces the `afterEach(() => hub?.dispose())` every suite wrote.
 */
export function useHub(): Hubs {
  const owned: Array<{ dispose(): Promise<void> | void }> = [];
  const homes: string[] = [];
  afterEach(async () => {
    // Last first, as a DisposableStore does: a hub goes before the terminals its clients drew on.
    for (const o of owned.splice(0).reverse()) await o.dispose();
    for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
  });
  const track = <T extends { dispose(): Promise<void> | void }>(o: T): T => {
    owned.push(o);
    return o;
  };
  const options = (setup: HubSetup): HubOptions => {
    const { files, ...opts } = setup;
    let home = opts.home;
    if (!home) homes.push((home = tempHome(files)));
    return { cols: 100, rows: 30, write: () => {}, agents: [], ...opts, home };
  };
  const start = async (opts: HubOptions): Promise<Hub> => track(await Hub.start(opts));
  return {
    real: (setup = {}) => start(options(setup)),
    async scripted(setup = {}) {
      const { scripts, ...rest } = setup;
      const clock = new FakeClock(performance.now());
      const ptys = new ScriptedPtys(scripts);
      const t = new ScriptedHub(await start({ ...options(rest), clock, ptys }), clock, ptys);
      await t.settle();
      return t;
    },
    async watched(setup = {}) {
      const hub = await start(options({ agents: [{ command: 'cat' }], ...setup }));
      await hub.config.watch();
      return hub;
    },
    track,
  };
}
