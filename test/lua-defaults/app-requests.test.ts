// What app:* asks the hub to do, as the hub's own intents (lua/core/actions.lua), in the real
// configuration runtime: agents named by table, id or 1-based number all become ids.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';
import { fromLua } from '../../src/hub/requests-from-lua.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const agent = (id: string) => ({
  id,
  name: `a${id}`,
  command: 'cat',
  cwd: '/tmp',
  status: 'idle',
  exit_code: null,
  title: '',
  attention: false,
});
const app = (): AppData => ({
  agents: [agent('7'), agent('8'), agent('9')],
  focused_id: '7',
  selected: 1,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  hint: '',
  shell: '/bin/sh',
});

async function run(body: string): Promise<unknown[]> {
  rt = await ConfigRuntime.build(
    readConfigFiles({
      home: tempHome({ 'user/hooks.lua': `commands.register("t.run", function(app) ${body} end)` }),
    }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt.runCommand('t.run', app());
}

describe('app:* requests', () => {
  it("a number is an agent's id everywhere (the n-th row is app.agents[n]); kill and restart are their verbs", async () => {
    expect(await run('app:focus(9); app:focus("8"); app:focus(app.agents[1]); app:focus(5)')).toEqual([
      { type: 'focus', id: '9' },
      { type: 'focus', id: '8' },
      { type: 'focus', id: '7' },
      { type: 'focus', id: '5' },
    ]);
    // Without a function, where Lua can wait (a command here), the verb's answer is waited for.
    // (tell: a failure is said on screen too, as the caller may drop the answer)
    const verb = (name: string, args: object) => [
      { type: 'verb', name, args, dialog: expect.any(Number), tell: true, as: `app:${name}` },
    ];
    expect(await run('app:kill(9)')).toEqual(verb('kill', { agent: 'id:9' }));
    expect(await run('app:kill()')).toEqual(verb('kill', { agent: 'id:7' }));
    expect(await run('app:restart(3, "htop")')).toEqual(verb('restart', { agent: 'id:3', command: 'htop' }));
    expect(await run('app:send(nil, "y", "enter")')).toEqual(
      verb('send', { agent: 'id:7', text: 'y', keys: 'enter' }),
    );
  });

  it('mode, scroll, notify, scroll_search: intents; run, quit, search and each app:NAME: their verbs', async () => {
    expect(
      await run(
        'app:set_mode("normal"); app:scroll(-3); app:notify("hi"); app:notify("bad", "error"); commands.run("agent.next"); app:run("x.y", 2); app:scroll_search("q"); app:quit()',
      ),
    ).toEqual([
      { type: 'set_mode', mode: 'normal' },
      { type: 'scroll', lines: -3 },
      { type: 'notify', text: 'hi', level: 'info' },
      { type: 'notify', text: 'bad', level: 'error' },
      { type: 'verb', name: 'run', args: { command: 'agent.next' }, as: 'commands.run' },
      { type: 'verb', name: 'run', args: { command: 'x.y', arg: 2 }, as: 'app:run' },
      { type: 'scroll_search', query: 'q' },
      { type: 'verb', name: 'hub.stop', args: [], as: 'app:quit' },
    ]);
    // app:search is the search verb (every agent), not the scrollback's; app:NAME is verb NAME.
    const dialog = expect.any(Number);
    expect(
      await run(
        'app:search("q", function() end); app:worktree_finish({ agent = app.agents[2], how = "rebase" }, function() end); app:hub_stop(function() end)',
      ),
    ).toEqual([
      { type: 'verb', name: 'search', args: { query: 'q' }, as: 'app:search', dialog },
      {
        type: 'verb',
        name: 'worktree.finish',
        args: { agent: 'id:8', how: 'rebase' },
        as: 'app:worktree_finish',
        dialog,
      },
      { type: 'verb', name: 'hub.stop', args: [], as: 'app:hub_stop', dialog },
    ]);
  });

  it('app:verb names a verb of the table with its arguments (an agent table as id:ID); fromLua keeps them as they are', async () => {
    const asked = await run(
      'app:verb("focus", { agent = app.agents[2] }); app:verb("ping"); app:verb("kill", { agent = 3 }, function() end)',
    );
    expect(asked).toEqual([
      { type: 'verb', name: 'focus', args: { agent: 'id:8' } },
      { type: 'verb', name: 'ping', args: [] },
      { type: 'verb', name: 'kill', args: { agent: 3 }, dialog: expect.any(Number) },
    ]);
    // The verb's own checker, not this, decides what its arguments may be (src/verbs/args.ts).
    expect(asked.map(fromLua)).toEqual([
      { type: 'verb', name: 'focus', args: { agent: 'id:8' } },
      { type: 'verb', name: 'ping', args: {} },
      { type: 'verb', name: 'kill', args: { agent: 3 }, dialog: expect.any(Number) },
    ]);
    expect(fromLua({ type: 'verb', name: '', args: {} })).toBeNull();
    expect(fromLua({ type: 'verb', name: 'kill', args: ['x'] })).toBeNull();
    await expect(run('app:verb(3)')).rejects.toThrow(/hooks\.lua:1: app:verb needs a verb's name/);
    await expect(run('app:verb("kill", 2)')).rejects.toThrow(
      /hooks\.lua:1: app:verb: arguments must be a table/,
    );
    await expect(run('app:verb("kill", {}, 2)')).rejects.toThrow(
      /hooks\.lua:1: app:verb: the last argument must be a function/,
    );
  });

  it('with a function last, focus, kill, send and restart are their verbs (the answer to the function)', async () => {
    const f = 'function() end';
    expect(
      await run(
        `app:kill(${f}); app:kill(2, ${f}); app:kill(5, ${f}); app:focus(app.agents[3], ${f}); app:send(nil, "y", "enter", ${f}); app:send(1, "hi", ${f}); app:restart(3, "htop", ${f}); app:restart(3, ${f})`,
      ),
    ).toEqual([
      // no agent named: the focused one; a number is an id (one that names none: the verb says no_agent)
      { type: 'verb', name: 'kill', as: 'app:kill', args: { agent: 'id:7' }, dialog: expect.any(Number) },
      { type: 'verb', name: 'kill', as: 'app:kill', args: { agent: 'id:2' }, dialog: expect.any(Number) },
      { type: 'verb', name: 'kill', as: 'app:kill', args: { agent: 'id:5' }, dialog: expect.any(Number) },
      { type: 'verb', name: 'focus', as: 'app:focus', args: { agent: 'id:9' }, dialog: expect.any(Number) },
      {
        type: 'verb',
        name: 'send',
        as: 'app:send',
        args: { agent: 'id:7', text: 'y', keys: 'enter' },
        dialog: expect.any(Number),
      },
      {
        type: 'verb',
        name: 'send',
        as: 'app:send',
        args: { agent: 'id:1', text: 'hi' },
        dialog: expect.any(Number),
      },
      {
        type: 'verb',
        name: 'restart',
        as: 'app:restart',
        args: { agent: 'id:3', command: 'htop' },
        dialog: expect.any(Number),
      },
      {
        type: 'verb',
        name: 'restart',
        as: 'app:restart',
        args: { agent: 'id:3' },
        dialog: expect.any(Number),
      },
    ]);
    await expect(run(`app:restart(3, { command = "x", name = "n" }, ${f})`)).rejects.toThrow(
      /hooks\.lua:1: app:restart: spec takes command, args, cwd and env/,
    );
  });

  it('app:spawn is the new verb: the spec as its arguments (a profile, a worktree), a taken name suffixed', async () => {
    const f = 'function() end';
    expect(
      await run(
        `app:spawn("htop", ${f}); app:spawn({ command = "profile:claude", name = "c" }, ${f}); app:spawn({ command = "sh", args = { "-c", "x" }, cwd = "/tmp", worktree = true }, ${f}); app:spawn({ command = "sh", worktree = { branch = "b", base = "main" } }, ${f})`,
      ),
    ).toEqual(
      [
        { command: 'htop' },
        { profile: 'claude', name: 'c' },
        { command: 'sh', args: ['-c', 'x'], cwd: '/tmp', worktree: '' },
        { command: 'sh', worktree: 'b', base: 'main' },
      ].map((args) => ({
        type: 'verb',
        name: 'new',
        as: 'app:spawn',
        args: { ...args, suffix: true },
        dialog: expect.any(Number),
      })),
    );
  });

  it('bad arguments are errors at the caller', async () => {
    await expect(run('app:set_mode(3)')).rejects.toThrow(/hooks\.lua:1: app:set_mode needs a mode name/);
    await expect(run('app:scroll("up")')).rejects.toThrow(/hooks\.lua:1: app:scroll needs a number/);
    await expect(run('app:spawn(42)')).rejects.toThrow(/hooks\.lua:1: app:spawn needs \{ command/);
  });
});
