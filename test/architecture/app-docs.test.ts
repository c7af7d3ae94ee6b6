// Every action Lua's app has and every fact the host hands it is documented in lua/meta/ (a LuaLS
// annotation with an example) and in the Lua API pages (docs/lua/), so nothing users and agents can
// call is found only by reading the source.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const META = fs
  .readdirSync(path.join(ROOT, 'lua/meta'))
  .filter((f) => f.endsWith('.lua'))
  .map((f) => read(`lua/meta/${f}`))
  .join('\n');
// The Lua API: every page of docs/lua/, the index first.
const LUA_PAGES = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs/lua'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort(),
];
const LUA_API = LUA_PAGES.map((f) => read(`docs/lua/${f}`)).join('\n');

/** The app's actions, as the real configuration has them. */
async function actions(): Promise<string[]> {
  const home = tempHome({
    'user/hooks.lua':
      'commands.register("t.actions", function(app) local n = {} for k in pairs(__botster.actions) do n[#n + 1] = k end table.sort(n) app:notify(table.concat(n, " ")) end)',
  });
  const rt = await ConfigRuntime.build(
    readConfigFiles({ home }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  try {
    const [req] = rt.runCommand('t.actions', {
      agents: [],
      focused_id: null,
      selected: null,
      mode: 'normal',
      size: { width: 80, height: 24 },
      error: null,
    });
    return String((req as { text: string }).text).split(' ');
  } finally {
    rt.dispose();
  }
}

/** Field names of an interface (or of the object type after `name:`) in the host's AppData. */
function fields(body: string): string[] {
  return [...body.matchAll(/(?:^|[{;,\n])\s*(?:\/\*\*[^*]*\*\/\s*)?([a-z_]+)\??:/g)].map((m) => m[1]);
}

function hostFacts(): { app: string[]; agent: string[] } {
  const src = read('src/hub/self.ts');
  const body = src.slice(
    src.indexOf('export interface AppData {'),
    src.indexOf('\n}\n', src.indexOf('export interface AppData {')),
  );
  const agentType = /agents: Array<\{([^>]*)\}>/.exec(body)![1];
  const top = body
    .replace(/agents: Array<\{[^>]*\}>;/, 'agents: x;')
    .replace(/worktrees\?: Array<\{[^>]*\}>;/, 'worktrees?: x;')
    .replace(/machines\?: Array<\{[^>]*\}>;/, 'machines?: x;');
  return {
    app: fields(top.slice(top.indexOf('{') + 1)).filter((f) => !['width', 'height'].includes(f)),
    agent: fields(agentType),
  };
}

/** The doc comment (--- lines) right above `function AppActions:name(`. */
function metaDoc(name: string): string | null {
  const at = META.indexOf(`function AppActions:${name}(`);
  if (at < 0) return null;
  const lines = META.slice(0, at).split('\n');
  const doc: string[] = [];
  for (let i = lines.length - 2; i >= 0 && lines[i].startsWith('---'); i--) doc.unshift(lines[i]);
  return doc.join('\n');
}

describe('the app is documented', () => {
  it('every action: a LuaLS annotation with an example (and its parameters) in lua/meta/, and a row in the Lua API pages', async () => {
    const names = await actions();
    expect(names).toContain('focus');
    expect(names.length).toBeGreaterThanOrEqual(14);
    const missing: string[] = [];
    for (const name of names) {
      const doc = metaDoc(name);
      if (!doc) missing.push(`lua/meta: no function AppActions:${name}`);
      else {
        if (!doc.includes('```lua') || !doc.includes(`app:${name}(`))
          missing.push(`lua/meta: AppActions:${name} has no example`);
        const params = /function AppActions:[a-z_]+\(([^)]*)\)/
          .exec(META.slice(META.indexOf(`function AppActions:${name}(`)))![1]
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
        for (const p of params)
          if (!new RegExp(`---@param ${p}\\??\\s`).test(doc))
            missing.push(`lua/meta: AppActions:${name} has no ---@param ${p}`);
      }
      if (!LUA_API.includes(`\`app:${name}(`))
        missing.push(`docs/lua: app:${name} is not in the Lua API pages`);
    }
    expect(missing).toEqual([]);
  });

  it('every fact the host hands Lua, and those Lua derives: a ---@field in lua/meta/ and a mention in the Lua API pages', () => {
    const { app, agent } = hostFacts();
    expect(app).toEqual(
      expect.arrayContaining([
        'agents',
        'focused_id',
        'selected',
        'mode',
        'size',
        'error',
        'notice',
        'hint',
        'shell',
        'overlay',
        'worktrees',
      ]),
    );
    expect(agent).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'status',
        'exit_code',
        'signal_name',
        'scroll',
        'branch',
        'profile',
        'waiting_since',
        'bell_at',
        'seen_at',
        'attention',
      ]),
    );
    const derived = { app: ['focused', 'state', 'hint'], agent: ['attention'] };
    const missing: string[] = [];
    const appClass = META.slice(META.indexOf('---@class botster.App\n'), META.indexOf('App = {}'));
    // A class and the one it extends (`---@class botster.Agent : botster.AgentRecord`).
    const classBlock = (name: string): string => {
      const at = META.search(new RegExp(`---@class ${name.replace('.', '\\.')}[\\s:]`));
      if (at < 0) return '';
      const block = META.slice(at, META.indexOf('---@class', at + 1));
      const parent = /^---@class [\w.]+ : ([\w.]+)/.exec(block)?.[1];
      return parent ? block + classBlock(parent) : block;
    };
    const agentClass = classBlock('botster.Agent');
    for (const f of new Set([...app, ...derived.app])) {
      if (!new RegExp(`---@field ${f}\\??\\s`).test(appClass))
        missing.push(`lua/meta: botster.App has no ---@field ${f}`);
      if (!LUA_API.includes(`| \`${f}\` |`)) missing.push(`docs/lua/app.md: self.${f} is not in the table`);
    }
    const agentsRow = LUA_API.split('\n').find((l) => l.startsWith('| `agents` |')) ?? '';
    for (const f of new Set([...agent, ...derived.agent])) {
      if (!new RegExp(`---@field ${f}\\??\\s`).test(agentClass))
        missing.push(`lua/meta: botster.Agent has no ---@field ${f}`);
      if (!new RegExp(`[{ ,]${f}[ ,}]`).test(agentsRow))
        missing.push(`docs/lua/app.md: agent.${f} is not in the agents row`);
    }
    expect(missing).toEqual([]);
  });

  it('every built-in command: a mention in the Lua API pages', () => {
    expect(BUILTIN_COMMANDS.length).toBeGreaterThanOrEqual(40);
    const missing = BUILTIN_COMMANDS.map((c) => c.id).filter((id) => !LUA_API.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
