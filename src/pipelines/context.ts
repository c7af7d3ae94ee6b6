// A pipeline's context: its system text and sources (text, files, globs, the repository's diff, a
// command's output, an agent's screen or a step's answer), read when a step needs it and cut to
// the size limit by priority.
import fs from 'node:fs';
import path from 'node:path';
import { gitRun } from '../agents/git.js';
import { readAgent } from '../agents/agent-screen.js';
import type { ContextDef, ContextSource } from './definition.js';
import type { PipelineHub } from './ports.js';
import { cutContext, resultOf, type PipelineRun } from './run.js';
import { runCheck } from './check.js';
import type { BoxedFor } from '../box/box-command.js';
import { boxFolders } from '../box/box-writes.js';
import os from 'node:os';

const MAX_FILE = 200 * 1024;
const MAX_GLOB_FILES = 200;
const SKIP = new Set(['node_modules', '.git']);

/** A glob (`src/**\/*.ts`, `*.md`) as a regular expression over paths relative to its root. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function globFiles(root: string, glob: string): string[] {
  const re = globRegExp(glob);
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    if (out.length >= MAX_GLOB_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIP.has(e.name)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (e.isFile() && re.test(r) && out.length < MAX_GLOB_FILES) out.push(r);
    }
  };
  walk(root, '');
  return out;
}

function readFile(root: string, rel: string): string {
  const file = path.resolve(root, rel);
  try {
    const text = fs.readFileSync(file, 'utf8');
    return `--- ${rel} ---\n${text.length > MAX_FILE ? text.slice(0, MAX_FILE) + '\n…' : text}`;
  } catch (err) {
    return `--- ${rel} --- (cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

async function sourceText(
  s: ContextSource,
  cwd: string,
  run: PipelineRun,
  hub: PipelineHub,
): Promise<string> {
  if ('text' in s) return s.text;
  if ('file' in s) return readFile(cwd, s.file);
  if ('glob' in s)
    return globFiles(cwd, s.glob)
      .map((f) => readFile(cwd, f))
      .join('\n\n');
  if ('diff' in s) {
    const r = await gitRun(cwd, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', 'HEAD', '--'], {
      maxBytes: MAX_FILE,
    });
    return r.code === 0 ? `--- git diff ---\n${r.stdout}` : '';
  }
  if ('command' in s) {
    const r = await runCheck(s.command, cwd, 30_000, undefined, writerBox(cwd, hub));
    return `--- ${s.command} ---\n${r.output}`;
  }
  // A step of this run by that id, else an agent of the hub by that name.
  if (s.what === 'answer' && run.order.some((k) => run.steps[k].step === s.agent))
    return resultOf(run, s.agent);
  const facts = hub.store.state.facts.agents;
  // (a number is that agent's id; names are unique: src/agents/agent-names.ts)
  const id = facts[s.agent] ? s.agent : Object.keys(facts).find((k) => facts[k].name === s.agent);
  const agent = id ? hub.agents.get(id) : undefined;
  if (!agent) return `(no agent ${s.agent})`;
  return readAgent(agent, {
    scrollback: s.what === 'answer',
    lines: s.what === 'answer' ? 200 : undefined,
  }).join('\n');
}

/**
 * The box of an agent that writes `cwd` (an earlier step's, started there boxed), if any: a context's
 * command there runs in it, as a check does (check.ts): what a box wrote never runs outside a box.
 */
export function writerBox(cwd: string, hub: Pick<PipelineHub, 'agents'>): BoxedFor | undefined {
  const dir = path.resolve(cwd);
  for (const a of hub.agents.list()) {
    const box = a.spec.box;
    if (!box) continue;
    const folders = boxFolders(box, { cwd: a.cwd, home: a.environment.HOME ?? os.homedir() });
    if (folders.some((f) => dir === f || dir.startsWith(f + path.sep) || f.startsWith(dir + path.sep)))
      return { box, cwd: a.cwd, env: { ...a.environment }, id: a.id };
  }
  return undefined;
}

/** The context text for a step of this run, within max_chars. */
export async function buildContext(
  def: ContextDef,
  cwd: string,
  run: PipelineRun,
  hub: PipelineHub,
): Promise<string> {
  if (!def.system && def.sources.length === 0) return '';
  const parts = [];
  for (const source of def.sources) parts.push({ source, text: await sourceText(source, cwd, run, hub) });
  return cutContext(def.system, parts, def.max_chars);
}
