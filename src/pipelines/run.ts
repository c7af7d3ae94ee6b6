// A pipeline run as plain data (what `pipeline ls` shows and the run's file keeps), and the pure
// rules that move it on: which steps are due, what their prompts say, how results merge.
import type { ContextSource, PipelineDef, StepDef } from './definition.js';
import { plural } from '../hub/plural.js';

export type StepState =
  'queued' | 'starting' | 'working' | 'waiting' | 'checking' | 'done' | 'failed' | 'cancelled';

export const FINISHED: ReadonlySet<StepState> = new Set(['done', 'failed', 'cancelled']);

/** Done, and its check (if it has one) passed: what a step that depends on it needs. */
export const finishedWell = (s: StepRun): boolean =>
  s.state === 'done' && (s.check == null || s.check.code === 0);

export interface DiffSummary {
  files: number;
  added: number;
  removed: number;
}

export interface CheckResult {
  code: number | null;
  output: string;
}

/** One step of a run (a fanned-out step is one per item: `impl[2]`). */
export interface StepRun {
  key: string;
  /** Its definition's id. */
  step: string;
  item?: string;
  state: StepState;
  /** What it waits on, or why it failed. */
  reason?: string;
  /** Its agent; `pid` is the process at work (the same one after a restart when its keeper held it). */
  agent?: { id: string; name: string; pid?: number };
  worktree?: { path: string; branch: string; base?: string; repo?: string };
  prompt?: string;
  /** Where its answer is read from (the line the prompt went in on, or the top of a full-screen CLI's screen). */
  from_line?: number;
  started_at?: number;
  ended_at?: number;
  answer?: string;
  diff?: DiffSummary | null;
  check?: CheckResult | null;
}

export type RunStatus = 'running' | 'choosing' | 'done' | 'failed' | 'cancelled';

export interface PipelineRun {
  id: string;
  pipeline: string;
  /** The file it was defined in when run from one (`pipeline run FILE`), with its text then. */
  file?: { path: string; source: string };
  vars: Record<string, string>;
  /** Where it started (steps without a cwd start here). */
  cwd: string;
  status: RunStatus;
  reason?: string;
  /** Held: no queued step starts. */
  paused?: boolean;
  started_at: number;
  ended_at?: number;
  /** Step keys in the order they were made. */
  order: string[];
  steps: Record<string, StepRun>;
  /** While it waits for a choice: the keys of the steps its merge offered. */
  choices?: string[];
  /** The merged result: the text, and which step's work was kept (pick_best, choose). */
  result?: { text: string; chosen?: string; merged?: boolean };
  /**
   * Sandboxed Lua that started it ("plugin NAME"), kept with the run: its steps' agents are that
   * Lua's after the hub restarted too (no web for them, as for its own).
   */
  started_by_lua?: string;
}

/** The steps nothing depends on: their results are the pipeline's, merged. */
export function leaves(def: PipelineDef): StepDef[] {
  const needed = new Set(def.steps.flatMap((s) => s.depends_on));
  return def.steps.filter((s) => !needed.has(s.id));
}

const stepsOf = (run: PipelineRun, id: string) =>
  run.order.map((k) => run.steps[k]).filter((s) => s.step === id);

/**
 * Steps whose dependencies all finished and that were not made yet; `failed` are those whose
 * dependency did not end well (they cannot start).
 */
export function dueSteps(
  run: PipelineRun,
  def: PipelineDef,
): { due: StepDef[]; failed: Array<[StepDef, string]> } {
  const due: StepDef[] = [];
  const failed: Array<[StepDef, string]> = [];
  for (const s of def.steps) {
    if (stepsOf(run, s.id).length > 0) continue;
    const deps = s.depends_on.map((d) => ({ d, runs: stepsOf(run, d) }));
    if (deps.some(({ runs }) => runs.length === 0 || runs.some((r) => !FINISHED.has(r.state)))) continue;
    const bad = deps.find(({ runs }) => !runs.some(finishedWell));
    if (bad) failed.push([s, `${bad.d} did not finish well`]);
    else due.push(s);
  }
  return { due, failed };
}

/** The items of a list an agent answered: "- a", "* b", "1. c" lines, else every non-empty line. */
export function listItems(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  const marked = lines
    .map((l) => /^(?:[-*•]|\d+[.)])\s+(.+)$/.exec(l)?.[1]?.trim())
    .filter((x): x is string => !!x);
  return marked.length > 0 ? marked : lines.filter(Boolean);
}

/** The steps a definition makes (one, or one per item), as queued step runs. */
export function makeSteps(s: StepDef, items: string[] | null): StepRun[] {
  if (items === null) return [{ key: s.id, step: s.id, state: 'queued' }];
  return items.map((item, i) => ({ key: `${s.id}[${i + 1}]`, step: s.id, item, state: 'queued' }));
}

/** What ${name} may be besides the run's variables. */
const BUILT_IN = new Set(['item', 'context', 'results']);
const VAR = /\$\{([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?\}/g;

/** Variables the prompts use that the run was not given (each a mistake to say before anything starts). */
export function missingVars(def: PipelineDef, vars: Record<string, string>): string[] {
  const ids = new Set(def.steps.map((s) => s.id));
  const missing = new Set<string>();
  const steps = def.merge.step ? [...def.steps, def.merge.step] : def.steps;
  for (const s of steps)
    for (const m of `${s.prompt} ${s.check ?? ''}`.matchAll(VAR)) {
      const [, name, field] = m;
      if (field === undefined && !BUILT_IN.has(name) && !(name in vars)) missing.add(name);
      if (field !== undefined && !ids.has(name)) missing.add(`${name}.${field}`);
    }
  return [...missing];
}

/** A step's answer as the prompts of later steps see it (all of a fanned-out step's, in order). */
export function resultOf(run: PipelineRun, id: string, field = 'result'): string {
  const runs = stepsOf(run, id);
  const one = (r: StepRun): string => {
    if (field === 'diff')
      return r.diff ? `${plural(r.diff.files, 'file')}, +${r.diff.added} -${r.diff.removed}` : '';
    if (field === 'check') return r.check ? r.check.output : '';
    if (field === 'branch') return r.worktree?.branch ?? '';
    return r.answer ?? '';
  };
  if (runs.length === 1) return one(runs[0]);
  return runs.map((r) => `## ${r.key}${r.item ? `: ${r.item}` : ''}\n${one(r)}`).join('\n\n');
}

/** The prompt with its ${...} filled in. */
export function fill(template: string, run: PipelineRun, extra: Record<string, string>): string {
  return template.replace(VAR, (whole, name: string, field: string | undefined) => {
    if (field !== undefined)
      return run.order.some((k) => run.steps[k].step === name) ? resultOf(run, name, field) : whole;
    if (name in extra) return extra[name];
    return run.vars[name] ?? whole;
  });
}

/** The finished leaf steps' results, in order. */
export function leafResults(run: PipelineRun, def: PipelineDef): StepRun[] {
  const ids = new Set(leaves(def).map((s) => s.id));
  return run.order.map((k) => run.steps[k]).filter((s) => ids.has(s.step));
}

const size = (r: StepRun) => (r.diff ? r.diff.added + r.diff.removed : 0);
/** Its worktree as it was: a check that passed before passes again (its tool call declined, say). */
const unchanged = (r: StepRun) => (r.diff ? r.diff.files === 0 && size(r) === 0 : false);

/**
 * pick_best's default: of the steps that finished, those whose check passed (all of them when none
 * has a check), the smallest change, a step that changed nothing only when none that did passed;
 * the first to finish among equals. null: none qualifies.
 */
export function pickDefault(results: StepRun[]): StepRun | null {
  const done = results.filter((r) => r.state === 'done');
  const passing = done.filter((r) => r.check == null || r.check.code === 0);
  const pool = passing.length > 0 ? passing : done.some((r) => r.check != null) ? [] : done;
  return (
    [...pool].sort(
      (a, b) =>
        Number(unchanged(a)) - Number(unchanged(b)) ||
        size(a) - size(b) ||
        (a.ended_at ?? 0) - (b.ended_at ?? 0),
    )[0] ?? null
  );
}

/** The context's parts within the size limit: the lowest priorities go first, then the last is cut. */
export function cutContext(
  system: string | undefined,
  parts: Array<{ source: ContextSource; text: string }>,
  max: number,
): string {
  const kept = [...parts].sort((a, b) => b.source.priority - a.source.priority);
  const head = system ? `${system}\n\n` : '';
  const total = () => head.length + kept.reduce((n, p) => n + p.text.length + 2, 0);
  while (kept.length > 1 && total() > max) kept.pop();
  // Back in the order they were listed.
  const text =
    head +
    parts
      .filter((p) => kept.includes(p))
      .map((p) => p.text)
      .join('\n\n');
  return text.length > max ? text.slice(0, Math.max(0, max - 1)) + '…' : text;
}

/** Whether every step finished (nothing queued, working or waiting). */
export function allFinished(run: PipelineRun): boolean {
  return run.order.every((k) => FINISHED.has(run.steps[k].state));
}
