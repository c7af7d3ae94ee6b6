// Who may reach the outside world, through real Lua: your files everything; a plugin only what it
// was granted (net to its manifest's hosts, run of its commands, git); an improvement nothing of
// it. Each refused case is refused before the grant and works after it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../../src/lua/runtime/config-runtime.js';
import { taskHooks } from '../../../src/lua/runtime/lua-tasks.js';
import { readConfigFiles } from '../../../src/reload/config-files.js';
import type { ConfigFile } from '../../../src/lua/runtime/config-file.js';
import { BUILTIN_COMMANDS } from '../../../src/commands/builtin-commands.js';
import { tempHome } from '../../support/hub.js';

let server: http.Server;
let url = '';
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('pong'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((r) => server.close(r)));

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const app = () => ({
  agents: [],
  focused_id: null,
  selected: 0,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  hint: '',
  shell: '/bin/sh',
});

const GO = (body: string) => `commands.register("p.go", function(app)\n${body}\nend)`;
const NOTIFY_HTTP = GO(`local r = http.get(URL); app:notify(r.body or r.error)`);

type Who =
  | { plugin: { granted: string[]; hosts?: string[]; commands?: string[] } }
  | { improvement: true; grant?: { granted: string[]; hosts: string[]; commands: string[] } }
  | { user: true };

/** Runs p.go in a configuration where `source` is a plugin's, an improvement's or yours: its notice, or its error. */
async function go(who: Who, source: string): Promise<string> {
  const code = source.replaceAll('URL', JSON.stringify(url));
  const files = readConfigFiles({ home: tempHome('user' in who ? { 'user/p.lua': code } : {}) });
  if ('plugin' in who)
    files.splice(
      files.findIndex((f) => f.layer !== 'core' && f.layer !== 'default'),
      0,
      {
        name: 'plugins/p/init.lua',
        source: code,
        layer: 'plugin',
        plugin: {
          name: 'p',
          root: os.tmpdir(),
          shown: 'plugins/p',
          ...who.plugin,
          granted: [...who.plugin.granted, 'commands'],
        },
      } as ConfigFile,
    );
  if ('improvement' in who)
    files.push({
      name: 'improvements/imp.lua',
      source: code,
      layer: 'improvement',
      ...(who.grant ? { grant: who.grant } : {}),
    } as ConfigFile);
  const owner = 'plugin' in who ? 'plugin:p' : 'improvement' in who ? 'imp' : null;
  rt = await ConfigRuntime.build(
    files,
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  rt.activate();
  const due = new Promise<void>((resolve) => (taskHooks.due = () => resolve()));
  try {
    rt.runCommand('p.go', app(), undefined, owner);
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
  await due;
  const { requests, errors } = rt.runDue(owner, app());
  return [...errors, ...requests.map((r) => (r as { text?: string }).text)].join(' | ');
}

describe('capabilities of the primitives', () => {
  it('your files reach any host; a failed task is a value, and the log says where it came from', async () => {
    expect(await go({ user: true }, NOTIFY_HTTP)).toBe('pong');
    const logged: string[] = [];
    taskHooks.log = (_level, message) => logged.push(message);
    try {
      const missing = GO(`local r = process.run({ cmd = "no-such-program-xyz" }); app:notify(r.error)`);
      expect(await go({ user: true }, missing)).toBe('no-such-program-xyz: not found');
      expect(logged).toEqual([expect.stringMatching(/user\/p\.lua:2: no-such-program-xyz: not found$/)]);
    } finally {
      taskHooks.log = () => {};
    }
  });

  it('net: refused without it, refused to a host its manifest does not list, works after', async () => {
    expect(await go({ plugin: { granted: [] } }, NOTIFY_HTTP)).toMatch(
      /^error: plugins\/p\/init\.lua:2: plugin p: http\.get\(\) needs the capability "net" .*which it was not granted \(botster-tui plugin grant p net\)$/,
    );
    expect(await go({ plugin: { granted: ['net'], hosts: ['ntfy.sh'] } }, NOTIFY_HTTP)).toMatch(
      /^error: plugins\/p\/init\.lua:2: http\.get: plugin p: http to 127\.0\.0\.1 is refused: the hosts it was granted \(ntfy\.sh\) do not list it$/,
    );
    expect(await go({ plugin: { granted: ['net'], hosts: ['127.0.0.1'] } }, NOTIFY_HTTP)).toBe('pong');
  });

  it('run: a plugin without it reaches no host through process.run either; only the commands it lists', async () => {
    const CURL = GO(`local r = process.run{ cmd = "sh", args = { "-c", "echo ran" } }; app:notify(r.stdout)`);
    expect(await go({ plugin: { granted: [] } }, CURL)).toMatch(
      /^error: plugins\/p\/init\.lua:2: plugin p: process\.run\(\) needs the capability "run"/,
    );
    expect(await go({ plugin: { granted: ['run'], commands: ['gh'] } }, CURL)).toMatch(
      /^error: plugins\/p\/init\.lua:2: process\.run: plugin p: process\.run of sh is refused: the commands it was granted \(gh\) do not list it$/,
    );
    expect(await go({ plugin: { granted: ['run'], commands: ['sh'] } }, CURL)).toBe('ran\n');
  });

  it('git: refused without it, works after', async () => {
    const BRANCH = GO(`local b, err = git.branch("/"); app:notify(b or err)`);
    expect(await go({ plugin: { granted: [] } }, BRANCH)).toMatch(
      /git\.branch\(\) needs the capability "git"/,
    );
    expect(await go({ plugin: { granted: ['git'] } }, BRANCH)).toMatch(
      /^git\.branch \/: not a git repository/,
    );
  });

  it("an improvement reaches nothing outside unless the policy granted it; timers, json and crypto are everyone's", async () => {
    expect(await go({ improvement: true }, NOTIFY_HTTP)).toMatch(
      /^error: improvements\/imp\.lua:2: http\.get: improvement imp: http to 127\.0\.0\.1 needs the capability "net" .*which it was not granted \(only your policy grants it, when it reviews the improvement/,
    );
    const granted = (hosts: string[]) => ({
      improvement: true as const,
      grant: { granted: ['net'], hosts, commands: [] },
    });
    expect(await go(granted(['ntfy.sh']), NOTIFY_HTTP)).toMatch(
      /improvement imp: http to 127\.0\.0\.1 is refused: the hosts it was granted \(ntfy\.sh\) do not list it$/,
    );
    expect(await go(granted(['127.0.0.1']), NOTIFY_HTTP)).toBe('pong');
    expect(
      await go(
        { improvement: true },
        GO(`timer.after(1, function(app) app:notify(json.encode({ crypto.sha256("") })) end)`),
      ),
    ).toBe('["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]');
  });
});

describe('who ran a process', () => {
  it('a process a plugin or an improvement runs is known by who ran it; yours by no one (the web refuses what they start)', async () => {
    const ran: Array<string | null> = [];
    taskHooks.pid = (_pid, alive, who) => void (alive && ran.push(who));
    try {
      const RUN = GO(
        `local r = process.run{ cmd = "sh", args = { "-c", "echo ran" } }; app:notify(r.stdout)`,
      );
      expect(await go({ plugin: { granted: ['run'], commands: ['sh'] } }, RUN)).toBe('ran\n');
      expect(
        await go({ improvement: true, grant: { granted: ['run'], hosts: [], commands: ['sh'] } }, RUN),
      ).toBe('ran\n');
      expect(await go({ user: true }, RUN)).toBe('ran\n');
      expect(ran).toEqual(['plugin p', 'improvement imp', null]);
    } finally {
      taskHooks.pid = () => {};
    }
  });
});

describe('drawing', () => {
  it('starts no timer, request or process (App:render and layout pieces only draw)', async () => {
    const layout = `function App:render()
  timer.after(1, function() end)
  return ui.text("x")
end`;
    rt = await ConfigRuntime.build(
      readConfigFiles({ home: tempHome({ 'user/layout.lua': layout }) }),
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    expect(() => rt!.render(app())).toThrow(
      /user\/layout\.lua:2: timer\.after: not while drawing \(App:render, a layout piece\)/,
    );
  });
});
