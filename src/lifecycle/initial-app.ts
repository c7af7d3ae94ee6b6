import type { AgentSpec } from '../agents/types.js';
import type { AppData } from '../hub/self.js';
import { defaultName, displayCommand, specProgram } from '../agents/command-line.js';

/** How an agent about to be started will look to Lua (ids are given in spawn order). */
export function plannedAgent(spec: AgentSpec, index: number): AppData['agents'][number] {
  // A restored agent goes back into its worktree: list its branch from the first frame on.
  const branch = typeof spec.worktree === 'object' ? spec.worktree.existing?.branch : undefined;
  return {
    id: String(index + 1),
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
export function initialAppData(specs: AgentSpec[], cols: number, rows: number): AppData {
  const agents = specs.map(plannedAgent);
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
