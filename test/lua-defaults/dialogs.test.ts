// lua/default/dialogs.lua in the real configuration runtime (core + defaults + keybindings), driven
// as the hub drives it: run a command, read the effects, answer the dialog it opened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import type { LuaRequest } from '../../src/hub/requests.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const agent = (id: string, extra: Partial<AppData['agents'][number]> = {}) => ({
  id,
  name: `a${id}`,
  command: 'cat',
  cwd: '/tmp',
  status: 'idle',
  exit_code: null,
  title: '',
  attention: false,
  ...extra,
});
const app = (agents = [agent('1'), agent('2')]): AppData => ({
  agents,
  focused_id: agents[0]?.id ?? null,
  selected: agents.length ? 1 : null,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  hint: '',
  shell: '/bin/zsh',
});

async function runtime(user: Record<string, string> = {}): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome(user) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

const dialogOf = (intents: LuaRequest[]) =>
  intents.find((e) => e.type === 'dialog_open') as Extract<LuaRequest, { type: 'dialog_open' }>;

// The behaviours lua/default/ defines have no TypeScript twin: only these answer them.
it('agent.new (agent.spawn), agent.restart, agent.next_waiting, scroll.search and worktree.remove are the shipped Lua', async () => {
  const r = await runtime();
  const ids = ['agent.new', 'agent.restart', 'agent.next_waiting', 'scroll.search', 'worktree.remove'];
  for (const id of ids) {
    expect(BUILTIN_COMMANDS.some((c) => c.id === id)).toBe(false);
    expect(r.export().commands.find((c) => c.id === id)?.source).toMatch(/^lua\/default\/\w+\.lua:\d+$/);
  }
});

// app:spawn is the new verb (a taken name gets the free one after it: suffix), its answer waited
// for: insert mode once it started, not when it did not.
const spawned = (args: object) => [
  {
    type: 'verb',
    name: 'new',
    as: 'app:spawn',
    args: { ...args, suffix: true },
    dialog: expect.any(Number),
    tell: true,
  },
];
const answered = (r: ConfigRuntime, asked: LuaRequest[], ok: boolean) => {
  const v = asked[0] as Extract<LuaRequest, { type: 'verb' }>;
  return r.resolveDialog(
    v.dialog!,
    ok ? { ok: true, agent: { id: '3' } } : { ok: false, error: 'no' },
    app(),
  );
};

describe('the spawn dialog (agent.spawn)', () => {
  it('with no profiles starts the shell at once, in insert mode', async () => {
    const r = await runtime();
    const asked = r.runCommand('agent.spawn', app());
    expect(asked).toEqual(spawned({ command: '/bin/zsh', args: [] }));
    expect(answered(r, asked, true)).toEqual([{ type: 'set_mode', mode: 'insert' }]);
  });

  it('with an argument starts that command; one that did not start leaves the mode as it was', async () => {
    const r = await runtime();
    const asked = r.runCommand('agent.spawn', app(), 'htop');
    expect(asked).toEqual(spawned({ command: 'htop' }));
    expect(answered(r, asked, false)).toEqual([]);
    expect(r.runCommand('agent.spawn', app(), { command: 'vim', args: ['x'] })).toEqual(
      spawned({ command: 'vim', args: ['x'] }),
    );
  });

  it('answers a nonsense argument with an error that names it, not a spawn', async () => {
    const r = await runtime();
    expect(() => r.runCommand('agent.spawn', app(), 42)).toThrow(/spawn/);
  });

  it('offers the shell and every profile whose CLI is installed; choosing one starts it; cancelling starts nothing', async () => {
    // Claude Code is installed (a stand-in on PATH), Codex is not.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bin-'));
    fs.writeFileSync(path.join(bin, 'claude'), '#!/bin/sh\n', { mode: 0o755 });
    const PATH = process.env.PATH;
    process.env.PATH = `${bin}:${(PATH ?? '')
      .split(':')
      .filter((d) => !fs.existsSync(path.join(d, 'codex')))
      .join(':')}`;
    onTestFinished(() => {
      process.env.PATH = PATH;
      fs.rmSync(bin, { recursive: true, force: true });
    });
    const r = await runtime({
      'user/profiles.lua':
        'profiles.define("claude", { command = "claude", args = { "--x" }, cwd = "~/src" })\n' +
        'profiles.define("cx", { command = "codex", args = { "--full-auto" } })',
    });
    const d = dialogOf(r.runCommand('agent.spawn', app()));
    expect(d).toMatchObject({
      type: 'dialog_open',
      title: 'New agent',
      items: [
        { id: 'shell', description: '/bin/zsh', value: '1' },
        { id: 'claude', description: 'claude --x  (in ~/src)', value: '2' },
      ],
    });
    expect(d.items).toHaveLength(2);
    const asked = r.resolveDialog(d.dialog, 2, app());
    expect(asked).toEqual(spawned({ profile: 'claude' }));
    expect(answered(r, asked, true)).toEqual([{ type: 'set_mode', mode: 'insert' }]);
    const again = dialogOf(r.runCommand('agent.spawn', app()));
    expect(r.resolveDialog(again.dialog, null, app())).toEqual([]);
    // answered once: a second answer finds no dialog
    expect(() => r.resolveDialog(again.dialog, 1, app())).toThrow(/the dialog is gone/);
  });
});

describe('agent.restart', () => {
  it('runs a profile again as it is now; a worktree agent or a plain one restarts as it was', async () => {
    const r = await runtime();
    // (the restart verb, its answer waited for)
    const restart = (args: object) => [
      { type: 'verb', name: 'restart', args, dialog: expect.any(Number), tell: true, as: 'app:restart' },
    ];
    expect(r.runCommand('agent.restart', app([agent('1', { profile: 'claude' })]))).toEqual(
      restart({ agent: 'id:1', command: 'profile:claude' }),
    );
    expect(r.runCommand('agent.restart', app([agent('1', { profile: 'claude', branch: 'wt-1' })]))).toEqual(
      restart({ agent: 'id:1' }),
    );
    expect(r.runCommand('agent.restart', app())).toEqual(restart({ agent: 'id:1' }));
    expect(r.runCommand('agent.restart', app([]))).toEqual([]);
  });
});

describe('the search prompt (scroll.search)', () => {
  it('asks for text and searches for it; empty or cancelled does nothing', async () => {
    const r = await runtime();
    const d = dialogOf(r.runCommand('scroll.search', app()));
    expect(d).toMatchObject({ type: 'dialog_open', prompt: true, title: 'Search scrollback', query: '' });
    expect(r.resolveDialog(d.dialog, 'needle', app())).toEqual([{ type: 'scroll_search', query: 'needle' }]);
    expect(r.resolveDialog(dialogOf(r.runCommand('scroll.search', app())).dialog, '', app())).toEqual([]);
    expect(r.runCommand('scroll.search', app([]))).toEqual([
      { type: 'notify', text: 'no agent to search', level: 'error' },
    ]);
  });
});

describe('app:select and app:input', () => {
  it('take strings or tables, a format function, and say what is wrong with bad arguments', async () => {
    const r = await runtime({
      'user/hooks.lua': `
        commands.register("t.strings", function(app) app:select({ "a", "b" }, function(c, app) app:notify("got " .. tostring(c)) end) end)
        commands.register("t.format", function(app) app:select({ { n = 1 }, { n = 2 } }, { title = "N", format = function(it) return "n" .. it.n end }, function(c, app) app:notify("n=" .. c.n) end) end)
        commands.register("t.bad", function(app) app:select("x", {}, function() end) end)
        commands.register("t.nofn", function(app) app:input({ title = "T" }) end)
        commands.register("t.input", function(app) app:input({ title = "Name", default = "bob" }, function(text, app) app:notify("hi " .. tostring(text)) end) end)`,
    });
    const s = dialogOf(r.runCommand('t.strings', app()));
    expect(s).toMatchObject({
      title: 'Select',
      items: [
        { id: 'a', description: '' },
        { id: 'b', description: '' },
      ],
    });
    expect(r.resolveDialog(s.dialog, 2, app())).toEqual([{ type: 'notify', text: 'got b', level: 'info' }]);
    const f = dialogOf(r.runCommand('t.format', app()));
    expect(f).toMatchObject({ title: 'N', items: [{ id: 'n1' }, { id: 'n2' }] });
    expect(r.resolveDialog(f.dialog, 1, app())).toEqual([{ type: 'notify', text: 'n=1', level: 'info' }]);
    expect(() => r.runCommand('t.bad', app())).toThrow(/hooks\.lua:4: app:select: items must be a list/);
    expect(() => r.runCommand('t.nofn', app())).toThrow(
      /hooks\.lua:5: app:input: the last argument must be a function/,
    );
    const i = dialogOf(r.runCommand('t.input', app()));
    expect(i).toMatchObject({ type: 'dialog_open', prompt: true, title: 'Name', query: 'bob' });
    expect(r.resolveDialog(i.dialog, null, app())).toEqual([
      { type: 'notify', text: 'hi nil', level: 'info' },
    ]);
  });
});
