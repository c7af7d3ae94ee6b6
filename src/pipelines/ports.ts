// What the pipeline runner needs of the hub: the one router for starting agents, typing into and
// stopping its steps' agents, finishing worktrees, the state for agents' states, the agents' screens, the event bridge, Lua.
import type { Agent } from '../agents/agent.js';
import type { KillAnswer, SpawnOptions, StartAnswer } from '../lifecycle/spawn-options.js';
import type { AgentSpec } from '../agents/types.js';
import type { Store } from '../hub/store.js';
import type { PipelineFacts } from '../hub/self.js';
import type { LuaValue } from '../lua/lua-value.js';

export interface PipelineFile {
  path: string;
  source: string;
}

/** The pipelines' Lua, in the live configuration (the worker). */
export interface PipelineLua {
  load(file: PipelineFile): Promise<string[]>;
  def(id: string, file?: PipelineFile): Promise<LuaValue>;
  call(id: string, name: string, args: unknown[], file?: PipelineFile): Promise<LuaValue>;
}

/** Who started a run, when not you: sandboxed Lua ("plugin NAME") or an agent (its id). */
export interface RunStarter {
  lua?: string;
  agent?: string;
}

export interface PipelineHub {
  /** Starts a step's agent as the agent.new verb does (the lifecycle room's): the agent, or why not. */
  start(spec: AgentSpec, opts: SpawnOptions): Promise<StartAnswer>;
  /** Stops a step's agent (a before_agent_kill handler may refuse). */
  stop(agent: Agent): Promise<KillAnswer>;
  /** Types text, then presses keys (a key spec), into a step's agent as you would. */
  type(agent: Agent, text: string, keys?: string): void;
  store: Pick<Store, 'state' | 'subscribe'>;
  agents: {
    get(id: string): Agent | undefined;
    list(): Agent[];
    onOutput(cb: (agent: Agent) => void): () => void;
  };
  /** self.pipelines changed. */
  facts(runs: PipelineFacts[]): void;
  /** A hub event for hooks (pipeline_step_done, pipeline_done, pipeline_chunk, ...). */
  emit(event: string, payload: Record<string, unknown>): void;
  /** Why `agent` would not read a prompt typed into it (prompts.reads: a shell runs it); null: it reads. */
  promptRefused(agent: Agent): Promise<string | null>;
  /** `about`: the agents whose screens it quotes (a step's question: hub/readable-state.ts). */
  notify(text: string, level?: 'info' | 'error', about?: readonly string[]): void;
  log(level: string, message: string): void;
  lua: PipelineLua;
  /** Merging the kept step's worktree into its base, discarding the others': each answers what it did, or throws why not. */
  worktrees: {
    finish(id: string, how: 'merge' | 'rebase', force: boolean): Promise<string>;
    discard(id: string): Promise<string>;
  };
  /** Where runs are kept: HOME/pipelines/RUN.json. */
  home: string;
  /** What the user granted a plugin (a plugin's pipelines run within it). */
  pluginGrants(name: string): readonly string[];
  /** A step's agent of a run `by` started (or a plugin's pipeline): held as theirs (lifecycle/agent-drive.ts). */
  lineage(agent: string, by: RunStarter): void;
  now(): number;
}
