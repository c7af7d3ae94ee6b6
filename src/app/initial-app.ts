import type { AgentSpec } from '../agents/types.js';
import type { AppData } from '../lua/runtime/config-file.js';
import { defaultName, displayCommand } from '../agents/command-line.js';

/** How an agent about to be started will look to Lua (ids are given in spawn order). */
export function plannedAgent(spec: AgentSpec, index: number): AppData['agents'][number] {
  // A restored agent goes back into its worktree: list its branch from the first frame on.
  const branch = typeof spec.worktree === 'object' ? spec.worktree.existing?.branch : undefined;
  return { id: String(index + 1), name: spec.name ?? defaultName(spec), command: displayCommand(spec), cwd: spec.cwd ?? process.cwd(), status: 'running', exit_code: null, title: '', ...(branch ? { branch } : {}) };
}

/** `self` for the very first render, before any agent runs (the CLI sends it to Lua early). */
export function initialAppData(specs: AgentSpec[], cols: number, rows: number): AppData {
  const agents = specs.map(plannedAgent);
  return {
    agents,
    focused_id: agents[0]?.id ?? null,
    selected: agents.length > 0 ? 1 : null,
    mode: 'insert',
    size: { width: cols, height: rows },
    error: null,
    overlay: null,
  };
}
