// A pipeline as the hub runs it: what lua/core/pipelines.lua's pipelines.define made of the
// user's table (checked there, at the user's line), as plain data. Lua functions in it (a
// criterion, a fan-out, the streaming handler) stay in Lua: here they are names to call back.

/** A Lua function of the definition, called back by name (see PipelineLua.call). */
export interface LuaFn {
  fn: string;
}

/** Who runs a step: a profile of user/profiles.lua, or a command line (any CLI the hub knows). */
export type StepAgent = { profile: string } | { command: string };

export interface StepDef {
  id: string;
  agent: StepAgent;
  /** In a worktree of its own (a branch from the repository's checked-out one). */
  worktree: boolean;
  /** Where it starts (default: where the run was started). */
  cwd?: string;
  /** The prompt, with ${var}, ${step.result}, ${item} and ${context} filled in. */
  prompt: string;
  /** How the prompt reaches it: typed into its terminal, or appended to its command line. */
  prompt_as: 'typed' | 'argument';
  /** A shell command run in its folder once it is done (the tests); exit 0 passes. */
  check?: string;
  /** Past this, it is stopped and failed (ms). */
  timeout_ms: number;
  depends_on: string[];
  /** Run once per item of a list: lines of a step's answer ("- a", "1. b"), or what a function returns. */
  parallel_on?: string | LuaFn;
}

/** A merge kind's name: shipped ones (concatenate, pick_best, summarize, choose) or the user's (pipelines.merge_kind). */
export type MergeKind = string;

export interface MergeDef {
  kind: MergeKind;
  /** A Lua function of the results (pick_best: the chosen one's index, 1-based); its answer goes to the kind. */
  criterion?: LuaFn;
  /** The step the kind may run (summarize: it gets the results as ${results}). */
  step?: StepDef;
  /** The chosen worktree is merged into its base and the others discarded. */
  finish: boolean;
}

export type ContextSource =
  | { text: string; priority: number }
  | { file: string; priority: number }
  | { glob: string; priority: number }
  | { diff: true; priority: number }
  | { command: string; priority: number }
  | { agent: string; what: 'screen' | 'answer'; priority: number };

export interface ContextDef {
  system?: string;
  sources: ContextSource[];
  /** The context is cut to this many characters, lowest priority first. */
  max_chars: number;
}

export interface PipelineDef {
  id: string;
  description?: string;
  /** single | sequential | parallel | chain, as written (the steps' depends_on say the order). */
  strategy: 'single' | 'sequential' | 'parallel' | 'chain';
  steps: StepDef[];
  /** How the results of the last steps (those nothing depends on) become one. */
  merge: MergeDef;
  context: ContextDef;
  /** How many of its agents run at once; the others queue. */
  max_agents: number;
  /** Called with each chunk of a working step's output. */
  streaming?: LuaFn;
  /** Defined by this plugin (its grants bound what it may run). */
  plugin?: string;
}

/**
 * What a plugin's pipeline needs granted besides `pipelines`: `run` for checks and command
 * context, `files` for file and glob context.
 */
export function capabilitiesNeeded(def: PipelineDef): Array<'run' | 'files'> {
  const steps = [...def.steps, ...(def.merge.step ? [def.merge.step] : [])];
  const need = new Set<'run' | 'files'>();
  if (steps.some((s) => s.check) || def.context.sources.some((c) => 'command' in c || 'diff' in c))
    need.add('run');
  if (def.context.sources.some((c) => 'file' in c || 'glob' in c)) need.add('files');
  return [...need];
}
