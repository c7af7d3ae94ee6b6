// `botster-tui pipeline run FILE.lua [--id ID] [--var k=v]... [--json]`, `pipeline ls [--json]`,
// `pipeline show RUN`, `pipeline cancel RUN`, `pipeline choose RUN STEP`: through the hub's socket.
import fs from 'node:fs';
import path from 'node:path';
import { ControlClientError, controlRequest } from '../wire/control-client.js';
import type { PipelineRun, StepRun } from '../pipelines/run.js';
import { noHubMessage, type ServerTarget } from './agent-commands.js';
import { EXIT } from '../wire/exit-codes.js';
import { plural } from '../hub/plural.js';
import { PACKAGE_ROOT } from '../reload/paths.js';
import { printable } from '../terminal/printable.js';

export interface PipelineFlags {
  id?: string;
  var?: string[];
  json: boolean;
}

export interface PipelineIo {
  out(s: string): void;
  err(s: string): void;
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
}

class Usage extends Error {}

const USAGE_LINE =
  'pipeline run FILE.lua|example:NAME [--id ID] [--var NAME=VALUE]... [--json] | ls | show RUN | cancel|pause|resume RUN | retry|choose RUN STEP';

/** Where the pipelines botster-tui ships live (in the installed package as in a checkout). */
export const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'lua/examples/pipelines');

/** The shipped examples' names (best-of-three, ...). */
export function exampleNames(dir = EXAMPLES_DIR): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.lua'))
      .map((f) => f.slice(0, -'.lua'.length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The file `pipeline run` reads: `example:NAME` is a shipped example (from the package, wherever
 * it is installed), anything else a path from `cwd`. Usage when the example is not one.
 */
export function pipelineFile(arg: string, cwd: string, dir = EXAMPLES_DIR): string {
  if (!arg.startsWith('example:')) return path.resolve(cwd, arg);
  const name = arg.slice('example:'.length).replace(/\.lua$/, '');
  const names = exampleNames(dir);
  if (!names.includes(name))
    throw new Usage(
      `${arg}: no such example (the shipped ones: ${names.map((n) => `example:${n}`).join(', ')})`,
    );
  return path.join(dir, `${name}.lua`);
}

function vars(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of list ?? []) {
    const at = v.indexOf('=');
    if (at <= 0) throw new Usage(`--var ${v}: expected NAME=VALUE`);
    out[v.slice(0, at)] = v.slice(at + 1);
  }
  return out;
}

const seconds = (s: StepRun) =>
  s.started_at && s.ended_at ? `${((s.ended_at - s.started_at) / 1000).toFixed(1)} s` : '';

/** One line per step: key, agent, state (why), check, diff, time. */
export function stepLines(run: PipelineRun): string[] {
  return run.order.map((k) => {
    const s = run.steps[k];
    const parts = [
      s.key.padEnd(12),
      printable(s.agent?.name ?? '-').padEnd(18),
      s.state + (s.reason ? ` (${printable(s.reason)})` : ''),
      s.check ? `check ${s.check.code === 0 ? 'passed' : `failed (${s.check.code ?? 'stopped'})`}` : '',
      s.diff ? `${plural(s.diff.files, 'file')} +${s.diff.added} -${s.diff.removed}` : '',
      seconds(s),
    ];
    return `  ${parts.filter(Boolean).join('  ')}`;
  });
}

function summary(run: PipelineRun): string[] {
  const head = `pipeline ${printable(run.pipeline)} (run ${run.id}): ${run.status}${run.reason ? `: ${printable(run.reason)}` : ''}`;
  const chosen = run.result?.chosen
    ? [`kept: ${run.result.chosen}${run.result.merged ? ' (merged into its base)' : ''}`]
    : [];
  return [head, ...stepLines(run), ...chosen, ...(run.result ? ['', run.result.text] : [])];
}

/**
 * A run that waits for the user's choice (exit 11): how to make it, in the hub (its keys, from the
 * hub's keymap) or here (the command, with the steps it may keep).
 */
export function chooseHint(
  run: PipelineRun,
  keys?: { question?: string | null; palette?: string | null },
): string[] {
  const done = run.choices ?? run.order.filter((k) => run.steps[k].state === 'done');
  const inHub = [
    keys?.question ? `${keys.question} opens its question` : '',
    `pipeline.choose in the palette${keys?.palette ? ` (${keys.palette})` : ''}`,
  ].filter(Boolean);
  return [
    `run ${run.id} waits for you to keep one step's work:`,
    `  in the hub: ${inHub.join(', or ')}: their changes side by side, Enter keeps one`,
    `  or here:    botster-tui pipeline choose ${run.id} STEP   (STEP: ${done.join(', ') || 'a step that finished'})`,
  ];
}

/** The exit code of a finished run (docs/pipelines.md). */
export function runExit(run: PipelineRun): number {
  if (run.status === 'done') return EXIT.OK;
  if (run.status === 'cancelled') return EXIT.PIPELINE_CANCELLED;
  if (run.status === 'choosing') return EXIT.PIPELINE_CHOOSING;
  return EXIT.FAILED;
}

const FOLLOW_EVERY_MS = 500;

/** What changed in a run since `seen`: a line per step whose state (or reason) moved on. */
export function progressLines(run: PipelineRun, seen: Map<string, string>): string[] {
  const out: string[] = [];
  for (const k of run.order) {
    const s = run.steps[k];
    const now = `${s.state}${s.reason ? `: ${s.reason}` : ''}`;
    if (seen.get(k) === now) continue;
    seen.set(k, now);
    out.push(`${run.id} ${k}${s.agent ? ` (${s.agent.name})` : ''}: ${now}`);
  }
  return out;
}

/** Asks for the run until it is no longer under way, saying each step's moves. */
async function follow(
  ask: (req: Record<string, unknown>, timeoutMs?: number) => Promise<Record<string, unknown>>,
  started: Record<string, unknown>,
  io: PipelineIo,
): Promise<Record<string, unknown>> {
  const seen = new Map<string, string>();
  let reply = started;
  for (;;) {
    const run = reply.run as PipelineRun;
    for (const l of progressLines(run, seen)) io.err(l);
    if (run.status !== 'running') return reply;
    await new Promise((r) => setTimeout(r, FOLLOW_EVERY_MS));
    reply = await ask({ what: 'show', run: run.id });
    if (reply.ok !== true) return reply;
  }
}

export async function runPipeline(
  t: ServerTarget,
  args: string[],
  f: PipelineFlags,
  io: PipelineIo,
): Promise<number> {
  const [what, ...rest] = args;
  try {
    const ask = (req: Record<string, unknown>, timeoutMs = 30_000) =>
      controlRequest(
        t.socket,
        { op: 'pipeline', ...req, ...(t.scope === undefined ? {} : { home: t.scope }) },
        { timeoutMs },
      );
    let reply: Record<string, unknown>;
    if (what === 'run') {
      if (rest.length !== 1) throw new Usage(`run takes one FILE.lua (${USAGE_LINE})`);
      const cwd = io.cwd ?? process.env.HOME ?? '/';
      const file = pipelineFile(rest[0], cwd);
      let source: string;
      try {
        source = fs.readFileSync(file, 'utf8');
      } catch (err) {
        io.err(
          `${rest[0]}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
        return EXIT.FAILED;
      }
      reply = await ask(
        {
          what: 'run',
          file,
          source,
          vars: vars(f.var),
          cwd,
          from_agent: Boolean(io.env.BOTSTER_AGENT_ID),
          ...(io.env.BOTSTER_AGENT_ID ? { agent_id: io.env.BOTSTER_AGENT_ID } : {}),
          ...(f.id ? { id: f.id } : {}),
        },
        120_000,
      );
      // From inside an agent: the user's policy decided first (or the user, asked).
      const decision = reply.decision as { decision: string; reasoning: string; rule?: string } | undefined;
      if (reply.ok === true && reply.waiting === true) {
        if (f.json)
          io.out(
            JSON.stringify({ waiting: true, request: reply.request, pipeline: reply.pipeline, decision }),
          );
        else
          io.out(
            `pipeline ${printable(String(reply.pipeline))} waits for the user (request ${String(reply.request)}): ${printable(decision?.reasoning ?? '')}\n` +
              'the hub asks them; if they accept, it runs then (pipeline ls lists it)',
          );
        return EXIT.PIPELINE_WAITING;
      }
      if (reply.ok === true && decision)
        io.err(
          `policy: ${decision.decision}${decision.rule ? ` (${decision.rule})` : ''}: ${decision.reasoning}`,
        );
      // Started: its steps as they move on (on stderr: stdout is the result), until it ends.
      if (reply.ok === true) reply = await follow(ask, reply, io);
    } else if (what === 'ls') {
      if (rest.length) throw new Usage(`ls takes no argument (${USAGE_LINE})`);
      reply = await ask({ what: 'ls' });
    } else if (what === 'show' || what === 'cancel' || what === 'pause' || what === 'resume') {
      if (rest.length !== 1) throw new Usage(`${what} takes a run id (pipeline ls lists them)`);
      reply = await ask({ what, run: rest[0] });
    } else if (what === 'choose' || what === 'retry') {
      if (rest.length !== 2)
        throw new Usage(
          what === 'choose'
            ? 'choose takes a run id and the step to keep'
            : 'retry takes a run id and the step to run again',
        );
      reply = await ask({ what, run: rest[0], step: rest[1] }, 120_000);
    } else {
      throw new Usage(what ? `unknown pipeline command "${what}" (${USAGE_LINE})` : USAGE_LINE);
    }
    if (reply.ok !== true) {
      io.err(String(reply.error));
      return reply.reason === 'usage' ? EXIT.USAGE : EXIT.FAILED;
    }
    if (what === 'ls') {
      const runs = reply.runs as PipelineRun[];
      if (f.json) io.out(JSON.stringify(runs));
      else if (runs.length === 0) io.out('no pipeline runs');
      else
        for (const r of runs)
          io.out(
            `${r.id}  ${printable(r.pipeline)}  ${r.status}${r.reason ? `: ${printable(r.reason)}` : ''}  ${r.order.length} steps`,
          );
      return EXIT.OK;
    }
    const run = reply.run as PipelineRun;
    if (f.json) io.out(JSON.stringify(run));
    else for (const l of summary(run)) io.out(l);
    if (run.status === 'choosing' && (what === 'run' || what === 'show'))
      for (const l of chooseHint(run, reply.choose_keys as Parameters<typeof chooseHint>[1])) io.err(l);
    return what === 'run' || what === 'choose' ? runExit(run) : EXIT.OK;
  } catch (e) {
    if (e instanceof Usage) return (io.err(e.message), EXIT.USAGE);
    if (e instanceof ControlClientError) {
      io.err(e.code === 'NO_HUB' ? noHubMessage(t) : e.message);
      return EXIT.NO_HUB;
    }
    throw e;
  }
}
