// One step of a run, from its agent's start to its check: the context and prompt filled in, the
// agent started (its worktree, its profile), the prompt typed once it is ready, its turn followed
// to the end (a question pauses it), its answer, diff and check collected. Never throws: a failure
// is the step's state, with why.
import fs from 'node:fs';
import path from 'node:path';
import type { Agent } from '../agents/agent.js';
import { worktreeDiff } from '../agents/git-diff.js';
import { readAgent } from '../agents/agent-screen.js';
import type { LuaFn, PipelineDef, StepDef } from './definition.js';
import type { PipelineHub, RunStarter } from './ports.js';
import { fill, type PipelineRun, type StepRun } from './run.js';
import { runCheck } from './check.js';
import { buildContext } from './context.js';
import {
  PipelineError,
  StepTimeout,
  answerIn,
  cursorLine,
  diffSummary,
  watchRunning,
  answerEnd,
  answerStart,
  outputSettled,
  shellQuote,
  stepData,
  streamLines,
  typePrompt,
  waitTurn,
} from './agent-turn.js';
import type { LuaValue } from '../lua/lua-value.js';

const CHECK_TIMEOUT_MS = 10 * 60 * 1000;
/** How long a ready agent's screen stands still before its prompt goes in (its screen is read again 0.3 s after it settles). */
const READY_QUIET_MS = 800;

/** A run under way, as the runner keeps it. */
export interface Active {
  run: PipelineRun;
  def: PipelineDef;
  /** Steps with an agent at work (max_agents bounds them). */
  working: Set<string>;
  abort: AbortController;
  done: Promise<PipelineRun>;
  finish(run: PipelineRun): void;
  /** Who started it, when you did not. */
  by?: RunStarter;
}

export function defOf(a: Active, s: StepRun): StepDef {
  return a.def.steps.find((d) => d.id === s.step) ?? a.def.merge.step!;
}

export interface StepHost {
  hub: PipelineHub;
  /** Changes a step of the run (and writes the run's file). */
  set(a: Active, key: string, change: Partial<StepRun>): void;
  callLua(a: Active, fn: LuaFn, args: unknown[]): Promise<LuaValue>;
}

export class StepDriver {
  constructor(private readonly host: StepHost) {}

  /** One step, from its agent's start to its check: never throws (a failure is the step's state). */
  async drive(a: Active, key: string, extra: Record<string, string> = {}): Promise<void> {
    const s = a.run.steps[key];
    const def = defOf(a, s);
    const started = Date.now();
    const deadline = started + def.timeout_ms;
    this.host.set(a, key, { state: 'starting', started_at: started });
    let agent: Agent | null = null;
    try {
      const cwd = def.cwd ? path.resolve(a.run.cwd, def.cwd) : a.run.cwd;
      const context = await buildContext(a.def.context, cwd, a.run, this.host.hub);
      const filled = fill(def.prompt, a.run, { ...extra, item: s.item ?? '', context });
      const prompt = context && !def.prompt.includes('${context}') ? `${context}\n\n${filled}` : filled;
      const who = 'profile' in def.agent ? `profile:${def.agent.profile}` : def.agent.command;
      const command = def.prompt_as === 'argument' ? `${who} ${shellQuote(prompt)}` : who;
      const name = `${a.run.pipeline}-${key.replace(/[[\]]/g, '')}`;
      // Going on after a restart: its agent if --restore brought it back, else a new one in the
      // worktree it had.
      const had = s.worktree && fs.existsSync(s.worktree.path) ? s.worktree : null;
      const back = s.agent
        ? this.host.hub.agents.list().find((x) => x.info.name === s.agent!.name && !x.isExited)
        : undefined;
      const spec = {
        command,
        name,
        cwd,
        ...(had?.repo
          ? {
              worktree: {
                existing: {
                  path: had.path,
                  branch: had.branch,
                  repo: had.repo,
                  ...(had.base ? { base: had.base } : {}),
                },
              },
            }
          : def.worktree
            ? { worktree: { branch: `pipeline/${a.run.id}-${key.replace(/[[\]]/g, '')}` } }
            : {}),
      };
      if (!back) {
        // (a run an agent started: its steps' agents run in that agent's box, when it has one)
        const started = await this.host.hub.start(spec, {
          focus: false,
          cwd,
          ...(a.by?.agent ? { within: a.by.agent } : {}),
          worktreeRequired: true,
        });
        if (!('agent' in started))
          throw new PipelineError(
            `its agent did not start${started.notStarted ? `: ${started.notStarted}` : ''}`,
          );
        agent = started.agent;
        // A plugin's pipeline, or a run sandboxed Lua or an agent started: its agents are theirs.
        const lua = a.by?.lua ?? (a.def.plugin ? `plugin ${a.def.plugin}` : undefined);
        if (lua || a.by?.agent)
          this.host.hub.lineage(agent.id, {
            ...(lua ? { lua } : {}),
            ...(a.by?.agent ? { agent: a.by.agent } : {}),
          });
      } else agent = back;
      const wt = this.host.hub.store.state.facts.agents[agent.id]?.worktree;
      this.host.set(a, key, {
        state: 'working',
        prompt,
        agent: { id: agent.id, name: agent.info.name, ...(agent.pid ? { pid: agent.pid } : {}) },
        ...(wt
          ? {
              worktree: {
                path: wt.path,
                branch: wt.branch,
                repo: wt.repo,
                ...(wt.base ? { base: wt.base } : {}),
              },
            }
          : {}),
      });
      const stopStream = this.stream(a, key, agent);
      // The same process as before the hub restarted (its keeper held it), its prompt typed: its
      // turn went on meanwhile; the step waits for it to end instead of typing the prompt again.
      const goesOn = back && s.agent?.pid === back.pid && s.from_line !== undefined;
      try {
        let top = 0;
        if (goesOn) {
          top = s.from_line!;
          // Its turn counts from now: it ends once the agent is seen at work and free again, or
          // printed its answer below the prompt and went quiet (an answer given while no server
          // was there is in the screen the keeper replayed).
          await this.until(a, key, agent, deadline, 'turn', this.host.hub.now(), top);
        } else if (def.prompt_as === 'typed') {
          for (;;) {
            await this.until(a, key, agent, deadline, 'ready', 0);
            // A CLI that says it is ready as it starts may draw a dialog a moment later (Claude Code's
            // offers): the prompt goes in once its screen stood still and it is still at its input.
            await outputSettled(this.host.hub, agent, READY_QUIET_MS, 5000);
            if (!this.free(agent)) continue;
            // Only what reads prompts gets one (prompts.reads): a shell would run its lines.
            const no = await this.host.hub.promptRefused(agent);
            if (no) throw new PipelineError(`its prompt was not typed: ${no}`);
            const from = cursorLine(agent);
            top = answerStart(agent);
            const sentAt = this.host.hub.now();
            const watch = watchRunning(this.host.hub, agent, sentAt);
            try {
              // A dialog took it: the step waits for the user's answer, then types it again.
              if (!(await typePrompt(this.host.hub, agent, prompt, watch))) continue;
              this.host.set(a, key, { from_line: top });
              await this.until(a, key, agent, deadline, 'turn', sentAt, from, watch.ran);
            } finally {
              watch.stop();
            }
            break;
          }
        } else {
          await this.until(a, key, agent, deadline, 'turn', -1);
        }
        // A CLI may still be drawing (a spinner while its stop hook runs): until it is quiet.
        await outputSettled(this.host.hub, agent, 200, 8000);
        const it = agent;
        // From where the prompt went in (or the top, when that holds no echo of it: answerIn).
        const read = () => answerIn(readAgent(it, { scrollback: true }), top, answerEnd(it), prompt);
        let answer = read();
        // Nothing yet right after its turn ended: on a loaded machine the CLI's last output can come
        // after its report (its keeper reads the terminal, and may run late): a moment more for it.
        for (const end = Date.now() + 3000; answer === '' && Date.now() < end; answer = read())
          await outputSettled(this.host.hub, it, 300, 1000);
        this.host.set(a, key, { answer });
      } finally {
        stopStream();
      }
      const worktree = a.run.steps[key].worktree;
      if (worktree) {
        const raw = await worktreeDiff(worktree.path, worktree.base ?? null, 'all').catch(() => null);
        this.host.set(a, key, { diff: raw ? diffSummary(raw.text) : null });
      }
      if (def.check) {
        this.host.set(a, key, { state: 'checking' });
        const dir = worktree?.path ?? agent.cwd ?? cwd;
        const box = agent.spec.box;
        const check = await runCheck(
          fill(def.check, a.run, { ...extra, item: s.item ?? '' }),
          dir,
          Math.max(1000, Math.min(CHECK_TIMEOUT_MS, deadline - Date.now())),
          a.abort.signal,
          // What its boxed agent wrote runs in that agent's box.
          box ? { box, cwd: agent.cwd, env: agent.environment, id: agent.id } : undefined,
        );
        this.host.set(a, key, { check });
      }
      if (a.abort.signal.aborted) return;
      this.host.set(a, key, { state: 'done', reason: undefined, ended_at: Date.now() });
    } catch (err) {
      if (a.abort.signal.aborted) return;
      const why = (err as Error).message;
      this.host.set(a, key, { state: 'failed', reason: why, ended_at: Date.now() });
      // A hung agent is stopped; one that exited is left to read.
      if (agent && !agent.isExited && err instanceof StepTimeout) void this.host.hub.stop(agent);
    }
    const st = a.run.steps[key];
    this.host.hub.emit('pipeline_step_done', {
      run: a.run.id,
      pipeline: a.run.pipeline,
      ...stepData(st),
    });
  }

  /** Whether the agent is at its input, asking nothing (idle, or its turn done). */
  private free(agent: Agent): boolean {
    const state = this.host.hub.store.state.agentStates[agent.id]?.state;
    return state === 'idle' || state === 'done';
  }

  /** Waits on the step's agent (see waitTurn): a question it asks pauses the step and tells the user. */
  private until(
    a: Active,
    key: string,
    agent: Agent,
    deadline: number,
    want: 'ready' | 'turn',
    after: number,
    from?: number,
    ran?: () => boolean,
  ) {
    return waitTurn({
      from,
      ...(ran ? { ran } : {}),
      hub: this.host.hub,
      agent,
      signal: a.abort.signal,
      deadline,
      timeoutMs: defOf(a, a.run.steps[key]).timeout_ms,
      want,
      after,
      asks: (reason) => {
        this.host.set(
          a,
          key,
          reason === null ? { state: 'working', reason: undefined } : { state: 'waiting', reason },
        );
        if (reason === null) return;
        this.host.hub.notify(`pipeline ${a.run.id}: ${key} (${agent.info.name}) asks: ${reason}`, 'info', [
          agent.id,
        ]);
        const ev = {
          run: a.run.id,
          pipeline: a.run.pipeline,
          step: key,
          agent: agent.info.name,
          agent_id: agent.id,
          reason,
        };
        this.host.hub.emit('pipeline_step_waiting', ev);
      },
    });
  }

  /** The streaming handler and `pipeline_chunk` events get a working step's new lines. */
  private stream(a: Active, key: string, agent: Agent): () => void {
    return streamLines(this.host.hub, agent, (chunk) => {
      const ev = { run: a.run.id, pipeline: a.run.pipeline, step: key, agent: agent.info.name };
      this.host.hub.emit('pipeline_chunk', { ...ev, chunk });
      if (a.def.streaming)
        void this.host
          .callLua(a, a.def.streaming, [chunk, ev])
          .catch((err) =>
            this.host.hub.log('error', `pipeline ${a.def.id}'s streaming: ${(err as Error).message}`),
          );
    });
  }
}
