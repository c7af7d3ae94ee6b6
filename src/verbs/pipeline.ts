// `pipeline run|ls|show|cancel|choose` on the hub's control socket. A run from the CLI is the
// user's own (as their files are); one an agent inside the hub asks for (the kernel says who asks) would start
// agents and type into them, so the user's policy reviews it first (pipelines/agent-runs.ts): it
// starts, is refused with the policy's reasoning, or waits for the user's answer. An agent cancels,
// pauses, retries or chooses in the runs it started only; the user in all.
import path from 'node:path';
import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { PipelineError } from '../pipelines/runner.js';
import type { PipelineRun } from '../pipelines/run.js';
import type { AgentRunAnswer } from '../pipelines/agent-runs.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { open } from './shape.js';
import { USER, describePrincipal, runRefusal, type Principal } from '../hub/principal.js';

/** A run as `pipeline` answers it: the run, and while it waits for a choice the hub's keys that open it. */
type RunView = {
  run: PipelineRun;
  choose_keys?: { question: string | null; palette: string | null };
};

/** What `pipeline` answers: a run (with the policy's decision when an agent asked), the runs, or an agent's wait for you. */
type PipelineAnswer =
  | (RunView & { decision?: AgentRunAnswer['decision'] })
  | { runs: PipelineRun[] }
  | { waiting: true; request: string; pipeline: string; decision: AgentRunAnswer['decision'] };

/**
 * What a run answers with: the run, and while it waits for a choice the hub's keys that open it
 * (the CLI says how to choose: a bare exit code 11 tells nothing).
 */
const viewOf =
  (deps: ControlDeps) =>
  (run: PipelineRun): RunView =>
    run.status === 'choosing'
      ? {
          run,
          choose_keys: { question: deps.hubKeys('question.open'), palette: deps.hubKeys('palette.open') },
        }
      : { run };

export async function pipelineOp(
  deps: ControlDeps,
  req: Checked<typeof pipelineArgs>,
  principal: Principal = USER,
  /** The sandboxed Lua whose program asks (VerbCall.lua), if one does. */
  lua?: string,
): Promise<PipelineAnswer> {
  const what = req.what;
  const view = viewOf(deps);
  const refused = (err: unknown): never => {
    if (err instanceof PipelineError) throw new ControlError(err.message, { reason: 'pipeline' });
    throw err;
  };
  switch (what) {
    case 'run': {
      const cwd = typeof req.cwd === 'string' && req.cwd ? req.cwd : deps.home;
      let file: { path: string; source: string } | undefined;
      if (req.file !== undefined) {
        if (typeof req.file !== 'string' || typeof req.source !== 'string')
          throw new ControlError('run needs file and source', { reason: 'usage' });
        file = { path: path.resolve(cwd, req.file), source: req.source };
      }
      const id = typeof req.id === 'string' && req.id ? req.id : undefined;
      if (principal.kind === 'agent') {
        const agentId = deps.agents.get(principal.id) ? principal.id : null;
        const a = await deps.agentRuns
          .ask({
            agentId,
            ...(file ? { file } : {}),
            ...(id ? { id } : {}),
            vars: req.vars ?? {},
            cwd,
          })
          .catch(refused);
        const { decision } = a;
        if ('refused' in a)
          throw new ControlError(
            `pipeline ${a.pipeline} refused${decision.rule ? ` (rule ${decision.rule})` : ''}: ${a.refused}`,
            { reason: 'refused', decision },
          );
        if ('waiting' in a) return { waiting: true, request: a.waiting, pipeline: a.pipeline, decision };
        return { ...view(req.wait === true ? await a.started.done : a.started.run), decision };
      }
      // A run a plugin's program started (its process.run) is that plugin's, as its steps' agents.
      const started = await deps.pipelines
        .start({ id, file, vars: req.vars ?? {}, cwd, ...(lua ? { by: { lua } } : {}) })
        .catch(refused);
      if (req.wait !== true) return view(started.run);
      return view(await started.done);
    }
    case 'ls':
      return { runs: deps.pipelines.list() };
    case 'cancel':
    case 'pause':
    case 'resume':
    case 'retry':
    case 'choose':
      maySteer(deps, principal, String(req.run ?? ''));
      return steer(deps, req, what, view, refused);
    case 'show': {
      const run = deps.pipelines.get(String(req.run ?? ''));
      if (!run) throw new ControlError(`no pipeline run ${String(req.run)}`, { reason: 'pipeline' });
      return view(run);
    }
    default:
      throw new ControlError(
        `pipeline: what must be run, ls, show, cancel, pause, resume, retry or choose, got ${String(what)}`,
        {
          reason: 'usage',
        },
      );
  }
}

/** An agent steers the runs it started only (the user's policy let it start them); you steer all. */
function maySteer(deps: ControlDeps, p: Principal, run: string): void {
  if (p.kind !== 'agent') return;
  const by = deps.pipelineStartedBy(run);
  if (by === p.id) return;
  throw new ControlError(runRefusal(p.id, run, by), { reason: by === undefined ? 'pipeline' : 'refused' });
}

/** cancel, pause, resume, retry, choose: one run, by its id. */
async function steer(
  deps: ControlDeps,
  req: ControlRequest,
  what: 'cancel' | 'pause' | 'resume' | 'retry' | 'choose',
  view: (run: PipelineRun) => RunView,
  refused: (err: unknown) => never,
): Promise<RunView> {
  const run = String(req.run ?? '');
  try {
    if (what === 'cancel') return view(deps.pipelines.cancel(run));
    if (what === 'pause' || what === 'resume') return view(deps.pipelines.pause(run, what === 'pause'));
    if (what === 'retry') return view(deps.pipelines.retry(run, String(req.step ?? '')));
    return view(await deps.pipelines.choose(run, String(req.step ?? '')));
  } catch (err) {
    return refused(err);
  }
}

/** Its arguments (checked before act: ./args.ts). */
const pipelineArgs = {
  what: {
    type: 'enum',
    values: ['run', 'ls', 'show', 'cancel', 'pause', 'resume', 'retry', 'choose'],
    required: true,
    doc: 'what to do',
    cli: false,
  },
  file: { type: 'string', doc: 'run: the pipeline file (with source)', cli: false },
  source: { type: 'string', doc: "run: the file's Lua", cli: false },
  vars: {
    type: 'map',
    doc: 'run: its variables, NAME: VALUE',
    error: 'vars must be an object',
    cli: false,
  },
  cwd: { type: 'string', doc: 'run: where relative paths are (default: the home)', cli: false },
  wait: { type: 'boolean', doc: 'run: answer when the run ends', cli: false },
  run: { type: 'string', doc: "show, cancel, pause, resume, retry, choose: the run's id", cli: false },
  step: { type: 'string', doc: "retry, choose: the step's id", cli: false },
  from_agent: {
    type: 'boolean',
    doc: 'an agent asks (older clients say so; the kernel decides)',
    cli: false,
  },
  agent_id: { type: 'string', doc: 'the agent that asks, where the kernel cannot be asked', cli: false },
} as const satisfies VerbArgs;

export const pipelineVerb = defineVerb({
  name: 'pipeline',
  waits: true,
  summary: "pipeline run|ls|show|cancel|pause|resume|retry|choose (an agent's run goes through your policy)",
  // (A run's own id goes as the request's `id`, the envelope's: older clients send it so.)
  refusals:
    '`usage`, `pipeline` (a bad file, an unset variable, no such run), `refused` (with `from_agent`: the policy or the user refused it; `decision` has the reasoning; from an agent, `cancel`/`pause`/`resume`/`retry`/`choose` on a run it did not start)',
  args: pipelineArgs,
  answer: open(
    {},
    'run, show, cancel, pause, resume, retry, choose: run (and decision, choose_keys); ls: runs; an agent waiting for you: waiting, request, pipeline, decision',
  ),
  act: async (deps, req, call) => {
    const who = await call.who();
    // A run sandboxed Lua starts (a plugin's program, or its pipelines.run) is held apart as its own.
    const lua = (await call.lua?.()) ?? (who.kind === 'plugin' ? describePrincipal(who) : undefined);
    return pipelineOp(deps, req, who, lua);
  },
});
