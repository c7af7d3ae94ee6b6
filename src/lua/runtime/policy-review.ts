// Reviews a pushed improvement with the user's policy (user/policy.lua) or the shipped default
// (lua/default/policy.lua): source in, decision out. The policy runs in a fresh sandboxed engine
// per review, so nothing it does survives or leaks into another review. Anything that goes wrong
// (syntax, runtime error, timeout, memory, no review(), a malformed result) refuses the change:
// a policy that cannot decide must not let changes through.
//
// In-thread limits: the CPU budget stops Lua loops, but not a runaway C pattern match
// (string.find/gsub); run this in the hub's Lua worker if user policies are not trusted that far.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LuaEngine, LuaScriptError } from '../engine/index.js';

export interface ChangeBinding {
  mode: string;
  /** Canonical chord sequence, e.g. "ctrl+a c". */
  key: string;
  /** Command id or "<function>". */
  action: string;
  desc: string;
}

export interface Change {
  /** What the change is: an improvement (a pushed file of keys, commands, hooks, pieces). */
  kind?: 'improvement';
  name: string;
  agent_id: string | null;
  source: string;
  /**
   * What in its source reaches outside the hub ("http", "process", "git"; read from the text, a
   * hint for the policy: what it may actually reach is what review's `grant` gives it).
   */
  uses?: string[];
  /**
   * What its hooks, bindings and commands can ask of agents ("kill", "restart", "close", "send",
   * "spawn", "focus"; read from the text, a hint: at run time it drives only what the agent that
   * pushed it may, and what it started).
   */
  drives?: string[];
  /** Whether its source starts timers (timer.after, timer.every): code that runs with no key of yours. */
  timers?: boolean;
  bindings: ChangeBinding[];
  commands: Array<{ id: string; desc: string }>;
  hooks: Array<{ event: string; name: string }>;
  /** Existing bindings the change would replace; `source` is the file:line of the existing binding. */
  replaces: Array<{
    mode: string;
    key: string;
    source: string;
    layer: 'builtin' | 'default' | 'plugin' | 'user' | 'improvement';
  }>;
  unbinds: Array<{ mode: string; key: string }>;
  /** The live way out of insert mode (settings.way_out, canonical): no improvement may touch it. */
  way_out?: string;
  /** Existing commands (built-in, shipped Lua, the user's, other improvements') the change would override. */
  overrides?: Array<{
    id: string;
    source: string;
    layer: 'builtin' | 'default' | 'plugin' | 'user' | 'improvement';
  }>;
  /** Status adapters it adds or replaces (a replaced one has the name of one that is live). */
  adapters?: Array<{ name: string; priority: number }>;
  /** With adapters: the state-detection cases (shipped and saved) before and with it. */
  corpus?: CorpusVerdict;
  /** Layout pieces it adds or replaces, each run once on sample data. */
  pieces?: ChangePiece[];
}

/**
 * A pipeline run an agent inside the hub asked for (`botster-tui pipeline run FILE.lua`): it starts
 * agents and types into them, so the same policy reviews it before anything starts.
 */
export interface PipelineChange {
  kind: 'pipeline';
  /** The pipeline's id. */
  name: string;
  /** The agent that asked (its id; null: one the hub does not know, e.g. another home's). */
  agent_id: string | null;
  /** Its name in the agent list, if the hub knows it. */
  agent_name: string | null;
  /** The Lua of the file it runs (null: a pipeline of your own files, run by id). */
  source: string | null;
  pipeline: PipelineFacts;
}

/** A pipeline as the policy sees it (what runs, where, and what it runs in a shell). */
export interface PipelineFacts {
  id: string;
  description: string | null;
  /** The file it is defined in (null: your own files). */
  file: string | null;
  /** Where it starts. */
  cwd: string;
  vars: Record<string, string>;
  strategy: 'single' | 'sequential' | 'parallel' | 'chain';
  merge: { kind: string; finish: boolean };
  /** How many of its agents run at once. */
  max_agents: number;
  /** Its steps (and a summarize merge's step, last): who runs each, where, and its prompt. */
  steps: PipelineStepFacts[];
  /** Every shell command it runs besides its agents: checks and command context. */
  runs: string[];
}

export interface PipelineStepFacts {
  id: string;
  /** A profile of user/profiles.lua (agent = "x" names one when it exists) ... */
  profile?: string;
  /** ... or a command line. */
  command?: string;
  worktree: boolean;
  cwd: string | null;
  prompt: string;
  prompt_as: 'typed' | 'argument';
  check: string | null;
  depends_on: string[];
  /** Runs once per item of a list (a step's answer, or a function's). */
  fans_out: boolean;
}

export interface ChangePiece {
  slot: string;
  name: string;
  order: number;
  /** file:line of its layout.piece. */
  source: string;
  /** What its slot takes: text (one line) or a widget. */
  kind: 'text' | 'widget';
  /** The slot's limit per piece: cells (text) or rows (widget). */
  limit: number;
  /** What it took on sample data, in the same unit (null: as much as there is, e.g. a terminal). */
  size: number | null;
  fits: boolean;
  /** What it showed on sample data (one entry per sample agent for per-agent slots). */
  sample: string[];
  /** Its error on sample data (file:line: message). */
  error?: string;
  /** The live piece of the same slot and name it would replace. */
  replaces?: { source: string; layer: 'builtin' | 'default' | 'plugin' | 'user' | 'improvement' };
}

export interface CorpusVerdict {
  /** Cases run (those that classify a screen). */
  cases: number;
  /** Right with the live adapters, and with this change. */
  before: number;
  after: number;
  /** Cases right before and wrong with it: "program: case name (expected waiting, now idle)". */
  broken: string[];
  /** Cases wrong before and right with it. */
  fixed: string[];
}

export type DecisionKind = 'autonomous' | 'collaborative' | 'escalated';

export interface Decision {
  decision: DecisionKind;
  confidence: number;
  reasoning: string;
  rule?: string;
  /**
   * What the improvement may reach besides the hub (review's `grant = { net = { hosts }, run = {
   * commands }, git = true }`): nothing unless the policy says so.
   */
  grant?: { granted: string[]; hosts: string[]; commands: string[] };
}

export interface PolicyFile {
  source: string;
  /** The name errors show, e.g. "user/policy.lua". */
  name: string;
}

export interface ReviewOptions {
  /** CPU budget for running the policy file, and again for the review() call. Default 50 ms. */
  budgetMs?: number;
  /** Lua heap limit in bytes. Default 8 MiB plus room for three copies of the change's source. */
  memoryLimit?: number;
}

export const POLICY_BUDGET_MS = 50;
export const POLICY_BASE_MEMORY = 8 * 1024 * 1024;
export const DEFAULT_POLICY_NAME = 'lua/default/policy.lua';
export const FAIL_CLOSED_RULE = 'fail-closed';
const DECISIONS: readonly string[] = ['autonomous', 'collaborative', 'escalated'];
/** Longest reasoning passed on (the TUI and push output show it; a policy could return megabytes). */
const MAX_REASONING = 2000;
const MAX_RULE = 100;

// src/lua/runtime, dist/lua/runtime or dist/bundle -> the package root: the nearest folder up that
// holds the default policy.
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, DEFAULT_POLICY_NAME)) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  return dir;
}
let defaultSource: string | undefined;

/** The shipped default policy (read once). */
export function defaultPolicy(): PolicyFile {
  defaultSource ??= fs.readFileSync(path.join(packageRoot(), DEFAULT_POLICY_NAME), 'utf8');
  return { source: defaultSource, name: DEFAULT_POLICY_NAME };
}

/** Runs `review(change)` of `policy` (null: the default policy). Never throws: failures are escalated decisions. */
export async function reviewChange(
  policy: PolicyFile | null,
  change: Change | PipelineChange,
  opts: ReviewOptions = {},
): Promise<Decision> {
  let file: PolicyFile;
  try {
    file = policy ?? defaultPolicy();
  } catch (err) {
    return failClosed(`${DEFAULT_POLICY_NAME}: cannot read the default policy: ${(err as Error).message}`);
  }
  const budgetMs = opts.budgetMs ?? POLICY_BUDGET_MS;
  const memoryLimit =
    opts.memoryLimit ?? POLICY_BASE_MEMORY + 3 * Buffer.byteLength(String(change.source ?? ''));
  let engine: LuaEngine | undefined;
  try {
    engine = await LuaEngine.create({ sandbox: true, memoryLimit, defaultBudgetMs: budgetMs });
    engine.run(file.source, file.name, { budgetMs, functions: 'null' });
    const [result] = engine.call('review', [change], { budgetMs, functions: 'null' });
    return validate(result, file);
  } catch (err) {
    return failClosed(describeError(err, file, memoryLimit));
  } finally {
    engine?.close();
  }
}

function failClosed(reasoning: string): Decision {
  return { decision: 'escalated', confidence: 1, reasoning, rule: FAIL_CLOSED_RULE };
}

/** `file:line: message` for whatever went wrong while loading or calling the policy. */
function describeError(err: unknown, file: PolicyFile, memoryLimit: number): string {
  if (!(err instanceof LuaScriptError)) {
    // Engine start-up, or a change the host could not hand to Lua.
    return `${file.name}: could not run the policy: ${err instanceof Error ? err.message : String(err)}`;
  }
  const msg = err.message;
  if (/^cannot call 'review'/.test(msg))
    return `${at(file)}: does not define a global function review(change) (${msg})`;
  if (err.kind === 'memory')
    return `${err.line !== undefined ? `${file.name}:${err.line}` : file.name}: ran out of memory (limit ${(memoryLimit / 1048576).toFixed(1)} MB): ${msg.replace(/^.*?:\d+: /, '')}`;
  // Lua positions its own errors ("user/policy.lua:3: ..."); error("x", 0) or an error object has none.
  return err.file !== undefined ? msg : `${file.name}: ${msg}`;
}

function validate(result: unknown, file: PolicyFile): Decision {
  const expected =
    'expected { decision = "autonomous"|"collaborative"|"escalated", confidence = 0..1, reasoning = "..." }';
  const bad = (what: string): Decision => failClosed(`${at(file)}: review() ${what}; ${expected}`);
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    return bad(`returned ${describeValue(result)}`);
  }
  const r = result as Record<string, unknown>;
  if (typeof r.decision !== 'string' || !DECISIONS.includes(r.decision)) {
    return bad(`returned decision ${describeValue(r.decision)}`);
  }
  if (
    typeof r.confidence !== 'number' ||
    !Number.isFinite(r.confidence) ||
    r.confidence < 0 ||
    r.confidence > 1
  ) {
    return bad(`returned confidence ${describeValue(r.confidence)}`);
  }
  if (typeof r.reasoning !== 'string' || r.reasoning.trim() === '') {
    return bad(`returned reasoning ${describeValue(r.reasoning)}`);
  }
  const decision: Decision = {
    decision: r.decision as DecisionKind,
    confidence: r.confidence,
    reasoning: clip(r.reasoning.trim(), MAX_REASONING),
  };
  if (typeof r.rule === 'string' && r.rule !== '') decision.rule = clip(r.rule, MAX_RULE);
  if (r.grant !== undefined && r.grant !== null) {
    const grant = grantOf(r.grant);
    if (typeof grant === 'string') return bad(grant);
    if (grant.granted.length) decision.grant = grant;
  }
  return decision;
}

const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/** review's `grant = { net = { "ntfy.sh" }, run = { "gh" }, git = true }` as data, or what is wrong with it. */
function grantOf(g: unknown): NonNullable<Decision['grant']> | string {
  if (typeof g !== 'object' || Array.isArray(g) || !g)
    return 'returned grant that is not a table { net = { hosts }, run = { commands }, git = true }';
  const o = g as Record<string, unknown>;
  const known = new Set(['net', 'run', 'git']);
  const other = Object.keys(o).find((k) => !known.has(k));
  if (other) return `returned grant.${other} (a policy grants net, run and git)`;
  const list = (k: string): string[] | string => {
    const v = o[k];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x))
      return `returned grant.${k} that is not a list of ${k === 'net' ? 'hosts' : 'commands'}`;
    return v as string[];
  };
  const hosts = list('net');
  const commands = list('run');
  if (typeof hosts === 'string') return hosts;
  if (typeof commands === 'string') return commands;
  const badHost = hosts.find((h) => !HOST.test(h));
  if (badHost) return `returned grant.net with "${clip(badHost, 40)}", which is not a host name`;
  if (o.git !== undefined && typeof o.git !== 'boolean')
    return 'returned grant.git that is not true or false';
  const granted = [
    ...(hosts.length ? ['net'] : []),
    ...(commands.length ? ['run'] : []),
    ...(o.git ? ['git'] : []),
  ];
  return { granted, hosts, commands };
}

/** "user/policy.lua:12" where review is defined (found in the text), else just the file name. */
function at(file: PolicyFile): string {
  const lines = file.source.split('\n');
  const i = lines.findIndex((l) => /^\s*function\s+review\s*\(|^\s*review\s*=\s*function\b/.test(l));
  return i >= 0 ? `${file.name}:${i + 1}` : file.name;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return v === '' ? 'an empty string' : `a string ${JSON.stringify(clip(v, 40))}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty table' : 'a list';
  return `a ${typeof v === 'object' ? 'table' : typeof v}`;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
