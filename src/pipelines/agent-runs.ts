// A pipeline run an agent inside the hub asks for (`botster-tui pipeline run FILE.lua` with
// BOTSTER_AGENT_ID): it would start agents and type into them, so it goes through the user's policy
// as an improvement does (user/policy.lua, else lua/default/policy.lua: review(change) with
// change.kind = "pipeline"). Autonomous starts it at once; escalated refuses it with the policy's
// reasoning; collaborative asks the user (a question, opened when they choose: it never takes their
// keys) and waits a while for the answer, which still applies after the agent stopped waiting.
import type { Decision, PipelineChange, PipelineFacts } from '../lua/runtime/policy-review.js';
import type { PipelineTrial } from '../lua/runtime/pipeline-trial.js';
import type { PipelineDef, StepDef } from './definition.js';
import type { PipelineFile } from './ports.js';
import { fill, missingVars, type PipelineRun } from './run.js';
import { PipelineError } from './agent-turn.js';
import { answerWithin } from '../clock/answer-within.js';
import type { StartOptions } from './runner.js';
import type { LuaValue } from '../lua/lua-value.js';

export interface AgentRunRequest {
  /** The agent that asks (null: one this hub does not know). */
  agentId: string | null;
  file?: PipelineFile;
  /** A defined pipeline's id (the only one the file defines when absent). */
  id?: string;
  vars: Record<string, string>;
  cwd: string;
}

export interface Started {
  run: PipelineRun;
  done: Promise<PipelineRun>;
}

/** What an agent's request came to: started, refused (with why), or waiting for the user. */
export type AgentRunAnswer = { pipeline: string; decision: Decision } & (
  { started: Started } | { refused: string } | { waiting: string }
);

export interface AgentRunsHost {
  /** The file on trial in a sandbox of its own (never in the configuration). */
  trial(file: PipelineFile): Promise<PipelineTrial>;
  /** A pipeline of the user's own files (run by id, no file). */
  def(id: string): Promise<LuaValue>;
  /** The user's policy on the change (fails closed: never throws). */
  review(change: PipelineChange): Promise<Decision>;
  start(opts: StartOptions): Promise<Started>;
  /** The agent's name in the list, if the hub knows it. */
  agentName(id: string): string | null;
  /** A hub event for hooks (pipeline_asked: lua/default/pipelines.lua asks the user). */
  emit(event: string, payload: Record<string, unknown>): void;
  notify(text: string, level?: 'info' | 'error'): void;
  log(level: string, message: string): void;
  /** How long a request waits for the user's answer before it says "waiting" (the answer still applies). */
  waitMs(): number;
  /** The keys that open the palette from where the user types ("Ctrl+g :"), for notices. */
  paletteKeys(): string;
}

/** Requests of one agent that may wait for the user at once (more are refused: no flood of questions). */
export const MAX_WAITING_PER_AGENT = 3;

interface Pending {
  id: string;
  req: AgentRunRequest;
  change: PipelineChange;
  decision: Decision;
  answered: (a: AgentRunAnswer) => void;
}

export class AgentRuns {
  private readonly pending = new Map<string, Pending>();
  /** The agent that asked for each run started (an agent steers only its own runs). */
  private readonly askers = new Map<string, string>();
  private last = 0;

  constructor(private readonly host: AgentRunsHost) {}

  /** The requests waiting for the user (oldest first). */
  waiting(): Array<{ id: string; pipeline: string; agent: string | null; reasoning: string }> {
    return [...this.pending.values()].map((p) => ({
      id: p.id,
      pipeline: p.change.name,
      agent: p.change.agent_name ?? p.change.agent_id,
      reasoning: p.decision.reasoning,
    }));
  }

  /** Reviews an agent's request; throws PipelineError for a file or a run that could not start anyway. */
  async ask(req: AgentRunRequest): Promise<AgentRunAnswer> {
    const { id, def } = await this.definition(req);
    const missing = missingVars(def, req.vars);
    if (missing.length > 0)
      throw new PipelineError(
        `pipeline ${id}: ${missing.map((m) => `\${${m}}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (--var ${missing[0]}=...)`,
      );
    const agentName = req.agentId ? this.host.agentName(req.agentId) : null;
    const change: PipelineChange = {
      kind: 'pipeline',
      name: id,
      agent_id: req.agentId,
      agent_name: agentName,
      source: req.file?.source ?? null,
      pipeline: pipelineFacts(def, req),
    };
    const who = agentName ?? (req.agentId ? `agent ${req.agentId}` : 'an agent');
    const decision = await this.host.review(change);
    this.host.log(
      'info',
      `pipeline ${id} asked for by ${who}: ${decision.decision}${decision.rule ? ` (${decision.rule})` : ''}: ${decision.reasoning}`,
    );
    if (decision.decision === 'escalated') return { pipeline: id, decision, refused: decision.reasoning };
    if (decision.decision === 'autonomous') {
      const started = await this.start(req, change);
      this.host.notify(
        `${who} started pipeline ${id} (run ${started.run.id}): your policy let it (${decision.reasoning})`,
        'info',
      );
      return { pipeline: id, decision, started };
    }
    const mine = [...this.pending.values()].filter((p) => p.req.agentId === req.agentId).length;
    if (mine >= MAX_WAITING_PER_AGENT)
      return {
        pipeline: id,
        decision,
        refused: `${mine} pipeline runs ${who} asked for already wait for the user: ask again once they answered`,
      };
    const ask = `r${++this.last}`;
    const answer = new Promise<AgentRunAnswer>((resolve) =>
      this.pending.set(ask, { id: ask, req, change, decision, answered: resolve }),
    );
    // A notice for any configuration (one whose pipeline_asked handler is off); the shipped Lua
    // asks a question, whose own notice follows.
    this.host.notify(
      `${who} asks to run pipeline ${id}: ${decision.reasoning} (pipeline.accept or pipeline.reject: ${this.host.paletteKeys()})`,
      'info',
    );
    this.host.emit('pipeline_asked', {
      request: ask,
      pipeline: id,
      agent: agentName,
      agent_id: req.agentId,
      decision: decision.decision,
      reasoning: decision.reasoning,
      rule: decision.rule ?? null,
      change: change.pipeline,
    });
    return (await answerWithin(answer, this.host.waitMs())) ?? { pipeline: id, decision, waiting: ask };
  }

  /** The user's answer to a waiting request (the latest if none is named); what happened, to show. */
  async answer(accept: boolean, request?: string): Promise<string> {
    const key = request || [...this.pending.keys()].pop();
    const p = key ? this.pending.get(key) : undefined;
    if (!key || !p)
      return request ? `no pipeline run ${request} waits for you` : 'no pipeline run waits for you';
    this.pending.delete(key);
    const id = p.change.name;
    if (!accept) {
      this.host.log('info', `pipeline ${id} (${key}) rejected by the user`);
      const decision: Decision = {
        ...p.decision,
        decision: 'escalated',
        reasoning: `${p.decision.reasoning} (rejected by the user)`,
      };
      p.answered({ pipeline: id, decision, refused: decision.reasoning });
      return `pipeline ${id} rejected: it does not run`;
    }
    const decision: Decision = {
      ...p.decision,
      decision: 'autonomous',
      reasoning: `${p.decision.reasoning} (accepted by the user)`,
    };
    try {
      const started = await this.start(p.req, p.change);
      this.host.log('info', `pipeline ${id} (${key}) accepted by the user: run ${started.run.id}`);
      p.answered({ pipeline: id, decision, started });
      return `pipeline ${id} runs (run ${started.run.id})`;
    } catch (err) {
      const why = (err as Error).message;
      p.answered({ pipeline: id, decision, refused: why });
      return `pipeline ${id} could not start: ${why}`;
    }
  }

  /** Which pipeline, and its definition as it would run: a file's on trial, else the user's own. */
  private async definition(req: AgentRunRequest): Promise<{ id: string; def: PipelineDef }> {
    if (!req.file) {
      if (!req.id) throw new PipelineError('which pipeline? (an id, or a file that defines one)');
      const def = (await this.host.def(req.id)) as PipelineDef | null;
      if (!def) throw new PipelineError(`no pipeline ${req.id} (pipelines.define it in your Lua)`);
      return { id: req.id, def };
    }
    const trial = await this.host.trial(req.file);
    if (trial.registers.length > 0)
      throw new PipelineError(
        `${req.file.path}: a pipeline file an agent runs may only define pipelines; it also ${trial.registers.slice(0, 3).join(', ')}${trial.registers.length > 3 ? ` and ${trial.registers.length - 3} more` : ''} (push those as an improvement: botster-tui push)`,
      );
    const ids = trial.ids;
    const id = req.id ?? (ids.length === 1 ? ids[0] : undefined);
    if (!id)
      throw new PipelineError(
        ids.length === 0
          ? `${req.file.path} defines no pipeline (pipelines.define{ id = ..., strategy = ... })`
          : `${req.file.path} defines ${ids.length} pipelines (${ids.join(', ')}): say which with --id`,
      );
    const def = trial.defs[id] as PipelineDef | undefined;
    if (!def) throw new PipelineError(`${req.file.path} does not define pipeline ${id} (${ids.join(', ')})`);
    return { id, def };
  }

  /** The agent that asked for run `run` (undefined: none did, the user started it). */
  startedBy(run: string): string | undefined {
    return this.askers.get(run);
  }

  /** Starts what was reviewed: the same file, and it must define the same pipeline live. */
  private async start(req: AgentRunRequest, change: PipelineChange): Promise<Started> {
    const started = await this.begin(req, change);
    if (req.agentId) this.askers.set(started.run.id, req.agentId);
    return started;
  }

  private begin(req: AgentRunRequest, change: PipelineChange): Promise<Started> {
    const reviewed = JSON.stringify(change.pipeline);
    return this.host.start({
      id: change.name,
      ...(req.file ? { file: req.file } : {}),
      vars: req.vars,
      cwd: req.cwd,
      ...(req.agentId ? { by: { agent: req.agentId } } : {}),
      expect: (def) =>
        JSON.stringify(pipelineFacts(def, req)) === reviewed
          ? null
          : `pipeline ${change.name} is not what was reviewed any more (its definition changed): nothing started`,
    });
  }
}

/** A pipeline as the policy sees it: its steps (with --var filled in) and the commands it runs. */
export function pipelineFacts(
  def: PipelineDef,
  req: { file?: PipelineFile; vars: Record<string, string>; cwd: string },
): PipelineFacts {
  const blank: PipelineRun = {
    id: '',
    pipeline: def.id,
    vars: req.vars,
    cwd: req.cwd,
    status: 'running',
    started_at: 0,
    order: [],
    steps: {},
  };
  const filled = (t: string) => fill(t, blank, {});
  const step = (s: StepDef) => ({
    id: s.id,
    ...('profile' in s.agent ? { profile: s.agent.profile } : { command: s.agent.command }),
    worktree: s.worktree === true,
    cwd: s.cwd ?? null,
    prompt: filled(s.prompt),
    prompt_as: s.prompt_as,
    check: s.check ? filled(s.check) : null,
    depends_on: Array.isArray(s.depends_on) ? s.depends_on.map(String) : [],
    fans_out: s.parallel_on !== undefined,
  });
  const steps = [...def.steps, ...(def.merge.step ? [def.merge.step] : [])].map(step);
  const runs = [
    ...steps.flatMap((s) => (s.check ? [s.check] : [])),
    ...def.context.sources.flatMap((c) => ('command' in c ? [c.command] : [])),
  ];
  return {
    id: def.id,
    description: def.description ?? null,
    file: req.file?.path ?? null,
    cwd: req.cwd,
    vars: { ...req.vars },
    strategy: def.strategy,
    merge: { kind: def.merge.kind, finish: def.merge.finish },
    max_agents: def.max_agents,
    steps,
    runs,
  };
}
