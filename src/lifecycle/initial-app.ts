import type { AgentSpec } from '../agents/types.js';
import type { AppData } from '../hub/self.js';
import { defaultName, displayCommand, specProgram } from '../agents/command-line.js';

/** How an agent about to be started will look to Lua (ids are given in spawn order). */
export function plannedAgent(spec: AgentSpec, id: string): AppData['agents'][number] {
  // A restored agent goes back into its worktree: list its branch from the first frame on.
  const branch = typeof spec.worktree === 'object' ? spec.worktree.existing?.branch : undefined;
  return {
    id,
    name: spec.name ?? defaultName(spec),
    command: displayCommand(spec),
    cwd: spec.cwd ?? process.cwd(),
    status: 'running',
    exit_code: null,
    title: '',
    program: specProgram(spec),
    ...(branch ? { branch } : {}),
  };
}

/**
 * `self` for the very first render, before any agent runs (the CLI sends it to Lua early). It must
 * be what hub-view's appData() gives then, key for key and in the same order: otherwise the hub
 * evaluates the configuration a second time (test/app/startup-loads.test.ts checks it does not).
 */
export function initialAppData(
  specs: AgentSpec[],
  cols: number,
  rows: number,
  ids = plannedIds(specs.map(() => undefined)),
): AppData {
  const agents = specs.map((spec, i) => plannedAgent(spec, ids[i]));
  return {
    agents,
    focused_id: agents[0]?.id ?? null,
    selected: agents.length > 0 ? 1 : null,
    mode: 'insert',
    size: { width: cols, height: rows },
    error: null,
    notice: null,
    shell: process.env.SHELL || '/bin/sh',
    overlay: null,
  };
}

/**
 * The numbers agents started in this order get, as AgentManager gives them: each the one it asks
 * for (a restored agent's own) while it is free, else the next after every number so far, from
 * `first` on (a hub that died left its agents' numbers on offer: first is after them).
 */
export function plannedIds(wanted: ReadonlyArray<string | undefined>, first = 1): string[] {
  let next = first;
  const taken = new Set<string>();
  return wanted.map((w) => {
    const id = w !== undefined && /^\d+$/.test(w) && !taken.has(w) ? w : String(next++);
    taken.add(id);
    next = Math.max(next, Number(id) + 1);
    return id;
  });
}
