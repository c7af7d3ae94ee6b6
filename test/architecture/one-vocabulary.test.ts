// One vocabulary to the end (issue 96): every act of the hub is a verb of src/verbs/, and
// everything else a key, Lua or the palette asks for is an intent (what the view shows and where
// it is). So: no request type acts (each resolves to the reducer's intents; the one door to the
// acts is `verb`); every palette command and shipped binding is a verb (its face) or a pure
// intent, as running it in the shipped Lua shows; app:NAME is made from the verbs' table; who may
// ask is one table read in one place, and whether one may act on an agent is one drive rule.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WHO_MAY } from '../../src/hub/who-may.js';
import type { Request } from '../../src/hub/requests.js';
import { resolveRequest, type RequestFacts } from '../../src/hub/resolve-request.js';
import { initialState } from '../../src/hub/state.js';
import { viewIntents } from '../../src/commands/hub-scroll.js';
import type { ScrollContext } from '../../src/commands/ports.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { BUILTIN_REQUESTS } from '../../src/commands/builtin-requests.js';
import { VERBS, verbNamed } from '../../src/verbs/table.js';
import { luaMetaFile, luaVerbFile, luaVerbs, luaMethod, declaredByHand } from '../../src/verbs/lua-verbs.js';
import { VERB_ALIASES } from '../../src/wire/verb-aliases.js';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import type { LuaRequest } from '../../src/hub/requests.js';
import { tempHome } from '../support/homes.js';

const BUILTINS = BUILTIN_COMMANDS.map((c) => c.id);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** A request of each type, as Lua, a key or the socket asks for it. */
const SAMPLES: Record<Exclude<Request['type'], 'verb'>, Request> = {
  focus: { type: 'focus', id: '1' },
  focus_next: { type: 'focus_next', delta: 1 },
  focus_index: { type: 'focus_index', index: 0 },
  set_mode: { type: 'set_mode', mode: 'normal' },
  notify: { type: 'notify', text: 'hi', level: 'info' },
  unnotify: { type: 'unnotify', id: 'n1' },
  scroll: { type: 'scroll', lines: 1 },
  dialog_open: { type: 'dialog_open', title: 'Pick', items: [], dialog: 1 },
  scroll_search: { type: 'scroll_search', query: 'x' },
  notify_desktop: { type: 'notify_desktop', text: 'hi', kind: 'osc9' },
  review: { type: 'review', mode: 'all' },
  review_jump: { type: 'review_jump', to: 'top' },
  compare: { type: 'compare', mode: 'all', selected: 1 },
  compare_select: { type: 'compare_select', index: 1 },
  compare_scroll: { type: 'compare_scroll', lines: 1, pages: false, selected: false },
  compare_jump: { type: 'compare_jump', to: 'top' },
  help_toggle: { type: 'help_toggle' },
  help_scroll: { type: 'help_scroll', lines: 1 },
  help_page: { type: 'help_page', pages: 1 },
  palette_move: { type: 'palette_move', delta: 1 },
  palette_submit: { type: 'palette_submit' },
  palette_backspace: { type: 'palette_backspace' },
  overlay_close: { type: 'overlay_close' },
  search_step: { type: 'search_step', delta: 1 },
  select_mark: { type: 'select_mark' },
  select_copy: { type: 'select_copy' },
  select_cancel: { type: 'select_cancel' },
  select_start: { type: 'select_start' },
  select_move: { type: 'select_move', delta: 1 },
  scroll_page: { type: 'scroll_page', pages: 1 },
  scroll_bottom: { type: 'scroll_bottom' },
  command_palette: { type: 'command_palette' },
  question_open: { type: 'question_open' },
};

describe('no request type acts: each is an intent, and `verb` is the one door to the acts', () => {
  const state = initialState(80, 24);
  const facts: RequestFacts = {
    state,
    review: () => null,
    compare: () => null,
    page: () => 10,
    term: () => ({ lineCount: 30, rows: 24, scrollbackLength: 6 }),
    paletteItems: () => [],
    keyFor: () => null,
  };
  const view = {
    store: { state },
    focused: () => undefined,
    panelOf: () => null,
    reviews: { get: () => null },
    keymap: { bindingsFor: () => [], wayOut: 'ctrl+g' },
    notify: () => {},
  } as unknown as ScrollContext;

  it('every request type comes to the reducer’s intents (with the host’s facts for a view), none to an action', () => {
    const types = Object.keys(WHO_MAY.request).filter((t) => t !== 'verb');
    expect(types.sort()).toEqual(Object.keys(SAMPLES).sort());
    const acting = types.filter((t) => {
      const r = SAMPLES[t as keyof typeof SAMPLES];
      const intents = resolveRequest(r, facts, { by: 'user' }) ?? viewIntents(view, r);
      return !Array.isArray(intents);
    });
    expect(acting, 'request types that resolve to no intent (an action in disguise)').toEqual([]);
  });

  it('what carries requests out has no actions of its own: commands/actions/ is gone, apply-request dispatches intents or asks a verb', () => {
    expect(fs.existsSync(path.join(ROOT, 'src/commands/actions'))).toBe(false);
    const apply = read('src/commands/apply-request.ts');
    // (what it imports: the intents' resolvers, the who-may table, the focus rule, the verbs' door)
    const imports = [...apply.matchAll(/from '([^']+)'/g)].map((m) => m[1]).sort();
    expect(imports).toEqual(
      [
        '../hub/principal.js',
        '../hub/request-answers.js',
        '../hub/requests.js',
        '../hub/resolve-request.js',
        '../hub/who-may.js',
        '../keys/table-hints.js',
        './builtin-commands.js',
        './focus-rule.js',
        './hub-scroll.js',
        './ports.js',
        './registry.js',
        './request-origin.js',
        './run-outcome.js',
        './verb-door.js',
      ].sort(),
    );
  });
});

/** The app's data of a hub with two agents, the first waiting on a question, both in worktrees. */
const app = (): AppData => {
  const agent = (id: string, state: string) => ({
    id,
    name: `a${id}`,
    command: 'claude',
    program: 'claude',
    cwd: '/tmp',
    status: 'running',
    state,
    reason: 'allow?',
    exit_code: null,
    title: '',
    branch: `botster/a${id}`,
    worktree: { path: `/tmp/wt${id}`, branch: `botster/a${id}`, base: 'main', repo: '/tmp' },
  });
  return {
    agents: [agent('1', 'waiting'), agent('2', 'idle')],
    focused_id: '1',
    selected: 1,
    mode: 'normal',
    size: { width: 100, height: 30 },
    error: null,
    notice: null,
    shell: '/bin/sh',
    worktrees: [{ path: '/tmp/wt2', branch: 'botster/a2', agent: 'a2' }],
    plugins: [
      {
        name: 'p',
        version: '1',
        pin: '1',
        kind: 'folder',
        source: '/p',
        enabled: true,
        installed: true,
        wants: ['keys'],
        granted: [],
      },
    ],
    projects: [{ path: '/tmp/r', trusted: false, changed: false, files: ['keys.lua'], setup: false }],
  } as unknown as AppData;
};

/**
 * The verbs a command's Lua asks for as it runs, each way its dialogs can be answered (every path
 * of answers, run afresh: a dialog answers once), its verbs' callbacks answered yes.
 */
function verbsAsked(rt: ConfigRuntime, id: string): { verbs: string[]; runs: string[] } {
  const verbs = new Set<string>();
  const runs = new Set<string>();
  const paths: unknown[][] = [[]];
  for (let budget = 40; paths.length > 0 && budget > 0; budget--) {
    const path = paths.shift()!;
    let taken = 0;
    const pending: LuaRequest[] = [];
    const take = (call: () => LuaRequest[]) => {
      try {
        pending.push(...call());
      } catch {
        // (a path its Lua cannot go: no facts for it here)
      }
    };
    take(() => rt.runCommand(id, app()));
    for (let step = 0; step < 200 && pending.length > 0; step++) {
      const r = pending.shift()!;
      if (r.type === 'verb') {
        const name = verbNamed(r.name)?.name ?? r.name;
        if (name === 'run') runs.add(String(r.args.command));
        else verbs.add(name);
        if (r.dialog !== undefined) take(() => rt.resolveDialog(r.dialog!, { ok: true }, app()));
      } else if (r.type === 'dialog_open') {
        if (taken < path.length) take(() => rt.resolveDialog(r.dialog, path[taken++], app()));
        else {
          const answers: unknown[] = r.prompt ? ['x'] : (r.items ?? []).slice(0, 4).map((_, i) => i + 1);
          for (const a of answers) paths.push([...path, a]);
        }
      }
    }
  }
  return { verbs: [...verbs], runs: [...runs] };
}

describe('every palette command and shipped binding is a verb or a pure intent', async () => {
  const rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome() }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  afterAll(() => rt.dispose());
  const exp = rt.export();
  const shipped = (source: string) => /^(lua\/default|keybindings)\//.test(source);
  const luaCommands = exp.commands.filter((c) => shipped(c.source));
  /** The verb a command is the face of: its name's, or the one it says it acts through; null: an intent. */
  const faceOf = (id: string, declared?: string): string | null =>
    declared ? (verbNamed(declared)?.name ?? declared) : (verbNamed(id)?.name ?? null);

  it('a built-in command asks for intents, or for the verb it is named after', () => {
    const wrong = BUILTIN_COMMANDS.flatMap((c) =>
      BUILTIN_REQUESTS[c.id as keyof typeof BUILTIN_REQUESTS](undefined)
        .filter((r) => r.type === 'verb' && verbNamed(r.name)?.name !== faceOf(c.id))
        .map((r) => `${c.id} asks for ${r.type === 'verb' ? r.name : r.type}`),
    );
    expect(wrong).toEqual([]);
  });

  it("a shipped Lua command acts through no verb but its own (its name's, or the one it says: { verb = ... }); it may look", () => {
    expect(luaCommands.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    const known = new Set([...BUILTIN_COMMANDS.map((c) => c.id), ...exp.commands.map((c) => c.id)]);
    for (const c of luaCommands) {
      const face = faceOf(c.id, c.verb);
      if (c.verb && !verbNamed(c.verb)) wrong.push(`${c.id} says it is the face of ${c.verb}: no such verb`);
      const { verbs, runs } = verbsAsked(rt, c.id);
      // (a verb that only looks changes nothing: an intent may show what it answers)
      for (const v of verbs)
        if (v !== face && !verbNamed(v)?.looks)
          wrong.push(`${c.id} (${face ? `the face of ${face}` : 'an intent'}) asks for ${v}`);
      // (a command it runs is one of these too: a verb's face or an intent)
      for (const id of runs)
        if (!known.has(verbNamed(id)?.name ?? id)) wrong.push(`${c.id} runs ${id}, no command`);
    }
    expect(wrong).toEqual([]);
    // It can fail: an intent's command that acts is caught.
    expect(verbsAsked(rt, 'agent.kill').verbs).toContain('agent.kill');
    expect(faceOf('review.delete', exp.commands.find((c) => c.id === 'review.delete')?.verb)).toBe(
      'review.edit',
    );
  });

  it('the shipped keys bind verbs in the verb form, and commands only where they are intents or faces of another name', () => {
    const faces = new Map(exp.commands.map((c) => [c.id, faceOf(c.id, c.verb)]));
    const wrong: string[] = [];
    for (const b of exp.bindings.filter((x) => shipped(x.source))) {
      const a = b.action;
      if (a.kind === 'function') {
        wrong.push(`${b.source}: ${b.mode} ${b.spec} binds a function`);
        continue;
      }
      if (a.verb) {
        if (!verbNamed(a.id)) wrong.push(`${b.source}: ${b.spec} binds no verb (${a.id})`);
        continue;
      }
      // A command named as a verb is bound in the verb form; a face of another name, or an intent, as a command.
      if (verbNamed(a.id)) wrong.push(`${b.source}: ${b.mode} ${b.spec} binds verb ${a.id} as a command`);
      else if (!faces.has(a.id) && !BUILTIN_COMMANDS.some((c) => c.id === a.id))
        wrong.push(`${b.source}: ${b.spec} binds ${a.id}, no command`);
    }
    expect(wrong).toEqual([]);
    const verbKeys = exp.bindings.filter(
      (b) => shipped(b.source) && b.action.kind === 'command' && b.action.verb,
    );
    expect(verbKeys.length).toBeGreaterThanOrEqual(10);
  });
});

describe('app:NAME is made from the verbs’ table', () => {
  it('lua/core/verbs.lua and lua/meta/verbs.lua are what the declarations make (npm run docs:protocol)', () => {
    expect(read('lua/core/verbs.lua')).toBe(luaVerbFile(VERBS));
    const meta = fs
      .readdirSync(path.join(ROOT, 'lua/meta'))
      .filter((f) => f.endsWith('.lua') && f !== 'verbs.lua');
    expect(read('lua/meta/verbs.lua')).toBe(
      luaMetaFile(VERBS, declaredByHand(meta.map((f) => read(`lua/meta/${f}`)))),
    );
    // Made, not written: a verb's method is in no hand-written Lua of lua/core/.
    const core = fs.readdirSync(path.join(ROOT, 'lua/core')).filter((f) => f !== 'verbs.lua');
    for (const f of core)
      expect(read(`lua/core/${f}`), f).not.toMatch(
        /function Actions:(worktree_finish|hub_stop|agent_kill)\(/,
      );
  });

  /** The requests `lua`, run as a command of your own, makes in the shipped Lua. */
  const rtCall = async (lua: string) => {
    const home = tempHome({
      'user/hooks.lua': `commands.register("t.call", function(app) ${lua} end, { desc = "call" })`,
    });
    const one = await ConfigRuntime.build(readConfigFiles({ home }), () => {}, {}, BUILTINS);
    try {
      return one.runCommand('t.call', app());
    } finally {
      one.dispose();
    }
  };

  it('every verb Lua may ask for is a method of the app, and each asks for that verb', async () => {
    const methods = luaVerbs(VERBS).map((v) => luaMethod(v.name));
    const asked = await rtCall(methods.map((m) => `app:${m}({}, function() end)`).join('; '));
    expect(asked.map((r) => (r.type === 'verb' ? verbNamed(r.name)?.name : r.type))).toEqual(
      luaVerbs(VERBS).map((v) => v.name),
    );
  });

  it('a call form written by hand under a verb’s name is that verb: app:run, app:search, app:kill, app:quit...', async () => {
    // Every method of the app a verb's name or older name names, with a call that gives it a function where it takes one.
    const CALLS: Record<string, string> = {
      focus: 'app:focus(2, function() end)',
      kill: 'app:kill(2, function() end)',
      send: 'app:send(2, "y", nil, function() end)',
      restart: 'app:restart(2, function() end)',
      spawn: 'app:spawn("cat", function() end)',
      quit: 'app:quit()',
      run: 'app:run("x.y")',
      search: 'app:search("q", function() end)',
      web_push: 'app:web_push("t")',
      remove_worktree: 'app:remove_worktree("/tmp/wt2")',
      worktree_status: 'app:worktree_status(2, function() end)',
      finish_worktree: 'app:finish_worktree(2)',
      discard_worktree: 'app:discard_worktree(2)',
      trust_project: 'app:trust_project("/tmp/r")',
      untrust_project: 'app:untrust_project("/tmp/r")',
      plugin_fetch: 'app:plugin_fetch("/p", function() end)',
      plugin_add: 'app:plugin_add({ token = "t" }, {})',
    };
    const home = tempHome({
      'user/hooks.lua':
        'commands.register("t.names", function(app) local n = {} for k in pairs(__botster.actions) do n[#n + 1] = k end table.sort(n) app:notify(table.concat(n, " ")) end, { desc = "names" })',
    });
    const one = await ConfigRuntime.build(readConfigFiles({ home }), () => {}, {}, BUILTINS);
    let names: string[];
    try {
      const [said] = one.runCommand('t.names', app());
      names = String((said as { text: string }).text).split(' ');
    } finally {
      one.dispose();
    }
    const generated = new Set(luaVerbs(VERBS).map((v) => luaMethod(v.name)));
    // Hand-written methods named as a verb (or an older name of one) that are not made from the table.
    const forms = names.filter((n) => verbNamed(n) && (!generated.has(n) || Object.hasOwn(CALLS, n)));
    const byHand = forms.filter((n) => Object.hasOwn(CALLS, n) || Object.hasOwn(VERB_ALIASES, n));
    expect(byHand.sort()).toEqual(Object.keys(CALLS).sort());
    for (const [name, lua] of Object.entries(CALLS)) {
      const asked = (await rtCall(lua)).filter((r) => r.type === 'verb');
      expect(
        asked.map((r) => (r.type === 'verb' ? verbNamed(r.name)?.name : '')),
        `app:${name} asks for the verb it names`,
      ).toEqual([verbNamed(name)!.name]);
    }
  });
});

describe('one who-may table, read in one place; one drive rule', () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      return e.isDirectory() ? files(rel) : /\.tsx?$/.test(e.name) ? [rel] : [];
    });
  const src = files('src');
  const where = (re: RegExp, skip: (f: string) => boolean = () => false) =>
    src.filter((f) => !skip(f) && re.test(read(f)));

  it('rows of who may ask are written in hub/who-may.ts only, and read only through it', () => {
    expect(where(/readonly Asker\[\] =|: readonly Asker\[\]\s*=/)).toEqual(['src/hub/who-may.ts']);
    // refusal() reads a row: the who-may table's judge is its one caller.
    expect(where(/[^.\w]refusal\(/, (f) => f === 'src/hub/principal.ts')).toEqual(['src/hub/who-may.ts']);
    // A plugin's grant is a row's capability, read where a row is read, never tested beside the table.
    expect(where(/granted\([^)]*\)\.includes\(/)).toEqual(['src/hub/principal.ts']);
  });

  it("asking you whether one may act on another's agent is the drive rule's alone (src/hub/drive-rule.ts)", () => {
    const wiring = (f: string) => f.startsWith('src/app/') || f === 'src/lifecycle/agent-drive.ts';
    expect(where(/\.luaMay\(|drive\.ask\(|\bport\.ask\(/, wiring)).toEqual(['src/hub/drive-rule.ts']);
    expect(where(/[^.\w](luaDriveRefusal|driveRefusal)\(/, (f) => f === 'src/hub/principal.ts')).toEqual([
      'src/hub/drive-rule.ts',
    ]);
  });
});
