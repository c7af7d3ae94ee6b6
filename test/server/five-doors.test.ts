import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { controlHandler } from '../../src/server/control.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { exec } from '../support/fleet.js';
import { BIN } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { BIN_DIR, FAKE_SSH, childEnv } from '../support/remote.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';
import { post, webOn } from '../support/web/web-hub.js';
import { cats } from '../support/web/browser.js';
import { addFolderPlugin } from '../support/folder-plugin.js';

// One verb, six doors (issues 68, 82): the kill verb asked by a key, by Lua (app:call, and app:kill
// without a function), on the socket, with --ssh and by a web POST answers the same typed answer,
// refused or done, compared as returned; so does Lua that is not yours asking for it (an
// improvement you pushed, a plugin granted `spawn`). The hub's home is the default
// one of a user whose machine --ssh reaches (a stand-in ssh runs the command here, in that HOME).

const hubs = useHub();
const webOf = webOn();

// Yours: a handler that keeps "keep" running, a key and a command that say the kill verb's answer.
const DOORS = `
hooks.on("before_agent_kill", function(ev)
  if ev.agent.name == "keep" then return false, "it holds the build lock" end
end)
local function told(door) return function(answer, app) app:notify("answer " .. door .. " " .. json.encode(answer), "info") end end
keys.bind("normal", "K", function(app) app:kill(app.focused, told("key")) end, { desc = "Stop the focused agent, saying the kill verb's answer" })
commands.register("doors.kill", function(app, arg) told("lua")(app:call("kill", { agent = arg }), app) end)
commands.register("doors.wait", function(app, n) told("wait")(app:kill(n), app) end)
`;

/** A hub in the default home of a user (HOME/.botster) with its control socket, the web, and what its Lua said. */
async function hub() {
  const user = tempHome();
  const home = path.join(user, '.botster');
  fs.mkdirSync(path.join(home, 'user'), { recursive: true });
  fs.writeFileSync(path.join(home, 'user', 'doors.lua'), DOORS);
  const socket = path.join(home, 'hub.sock');
  const h: Hub = await hubs.real({
    home,
    agents: cats('keep', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'),
    env: { BOTSTER_SOCKET: socket },
    // (the improvement's push waits this long for your answer, then you accept it)
    collaborativeWaitMs: 300,
  });
  const server = new ControlServer({ path: socket, handler: controlHandler(h.control) });
  await server.listen();
  const said: Record<string, Record<string, unknown>> = {};
  h.hubStore.subscribe((prev, next) => {
    const m = next.notice !== prev.notice && /^answer (\w+) (.*)$/.exec(next.notice?.text ?? '');
    if (m) said[m[1]] = JSON.parse(m[2]) as Record<string, unknown>;
  });
  // An improvement you pushed and accepted (it stops agents: your policy asks) and a plugin granted
  // `spawn`, each a command that says the answer of the same call.
  const pushed = await controlRequest(socket, {
    op: 'push',
    name: 'doors-imp',
    source:
      'commands.register("imp.kill", function(app, arg) local a = app:call("kill", { agent = arg }); app:notify("answer imp " .. json.encode(a), "info") end)\n' +
      // (what it started it may stop: app:spawn is the new verb, its answer names the agent)
      'commands.register("imp.own", function(app) local s = app:spawn({ command = "cat", name = "imps" }); local a = app:kill(s.agent.id); app:notify("answer imp " .. json.encode(a), "info") end)',
  } as never);
  if (!pushed.ok) throw new Error(`the improvement was not taken: ${JSON.stringify(pushed)}`);
  await h.runCommand('improvements.accept');
  await until('the improvement is live', () => h.improvements.history.isLive('doors-imp'), 10000);
  await addFolderPlugin(
    home,
    'doors-plugin',
    'commands.register("plug.kill", function(app, arg) local a = app:kill(arg); app:notify("answer plug " .. json.encode(a), "info") end)\n',
    ['spawn', 'commands'],
  );
  await h.config.reload([]);
  await until('both commands', () => h.commands.get('imp.kill') && h.commands.get('plug.kill'), 10000);
  const w = await webOf(h);
  const { cookie, csrf } = await w.login();
  const ssh = (agent: string) =>
    exec(process.execPath, [BIN, 'kill', agent, '--ssh', 'devbox', '--json'], {
      ...childEnv({
        BOTSTER_SSH: FAKE_SSH,
        FAKE_REMOTE_HOME: user,
        FAKE_REMOTE_PATH: `${BIN_DIR}:${process.env.PATH}`,
        HOME: tempHome(),
      }),
    });
  const doors = {
    key: async (n: number) => {
      h.input('\x07'); // normal mode
      await until('focused', async () => {
        if (h.state.client.focus === String(n)) return true;
        h.input('j');
        await new Promise((r) => setTimeout(r, 50));
        return false;
      });
      delete said.key;
      h.input('K');
      return until('the key said', () => said.key, 10000);
    },
    lua: async (n: number) => {
      delete said.lua;
      await h.runCommand('doors.kill', `id:${n}`);
      return until('the command said', () => said.lua, 10000);
    },
    // app:kill(n) without a function: n is the agent's id, and the call returns the verb's answer.
    wait: async (n: number) => {
      delete said.wait;
      await h.runCommand('doors.wait', n);
      return until('the command said', () => said.wait, 10000);
    },
    socket: async (n: number) => body(await controlRequest(socket, { op: 'kill', agent: `id:${n}` })),
    ssh: async (n: number) => {
      const r = await ssh(`id:${n}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    },
    // (app:kill(n) without a function, from the plugin's own Lua)
    plugin: async (n: number) => {
      delete said.plug;
      await h.runCommand('plug.kill', n);
      return until('the plugin said', () => said.plug, 10000);
    },
    web: async (n: number) => {
      const r = await post(
        w.base,
        `/agents/${n}/stop`,
        { authenticity_token: csrf },
        {
          cookie,
          accept: 'application/json',
        },
      );
      return JSON.parse(r.body) as Record<string, unknown>;
    },
  };
  // An improvement asks for the verb as any Lua does; what it may stop is its own rule's (verbs/drive.ts).
  const improvement = async (command: string, arg?: string) => {
    delete said.imp;
    await h.runCommand(command, arg);
    return until('the improvement said', () => said.imp, 10000);
  };
  return { h, home, server, doors, improvement };
}

/** A reply without its envelope (the request's id, protocol, home). */
const body = ({ id: _id, v: _v, home: _home, ...rest }: Record<string, unknown>) => rest;

describe('one verb, six doors', { timeout: 90_000 }, () => {
  it('kill by a key, app:call, app:kill without a function, the socket, --ssh, a web POST, an improvement and a plugin: the same typed answer, as returned', async () => {
    const { h, home, server, doors, improvement } = await hub();
    try {
      const refusedAnswer = {
        ok: false,
        reason: 'refused',
        error: `agent keep not stopped: ${home}/user/doors.lua:2: it holds the build lock`,
        refused: `agent keep not stopped: ${home}/user/doors.lua:2: it holds the build lock`,
      };
      // Refused by your handler (named by its line), whichever door asks; keep runs on.
      for (const [door, ask] of Object.entries(doors))
        expect({ door, answer: await ask(1) }).toEqual({ door, answer: refusedAnswer });
      // An improvement you pushed by yourself drives no agent but its own: refused by that rule, in
      // the same shape.
      expect(await improvement('imp.kill', 'id:1')).toEqual({
        ok: false,
        reason: 'refused',
        error: expect.stringMatching(
          /^improvement doors-imp may not stop agent keep \(id:1\): it did not start it/,
        ),
        refused: expect.stringMatching(/^improvement doors-imp may not stop agent keep/),
      });
      expect(h.agents.get('1')!.isExited).toBe(false);

      // Done: each door stops its own agent and names it, in the same shape.
      const names = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
      for (const [i, [door, ask]] of Object.entries(doors).entries()) {
        const n = i + 2;
        expect({ door, answer: await ask(n) }).toEqual({
          door,
          answer: { ok: true, agent: { id: String(n), name: names[i] } },
        });
      }
      await until('all seven stopped', () =>
        [2, 3, 4, 5, 6, 7, 8].every((n) => h.agents.get(String(n))?.isExited),
      );
      // The one it started, it stops: the verb's answer naming it.
      expect(await improvement('imp.own')).toEqual({ ok: true, agent: { id: '9', name: 'imps' } });

      // Stopping one that exited: the verb's own error, the same from every door.
      const again: Array<Record<string, unknown>> = [];
      for (const ask of Object.values(doors)) again.push(await ask(2));
      for (const a of again) expect(a).toEqual(again[0]);
      expect(again[0]).toMatchObject({ ok: false, reason: 'exited' });
      // The improvement's own, exited: the same answer, naming its agent.
      await until('imps stopped', () => h.agents.get('9')?.isExited);
      expect(await improvement('imp.kill', 'id:9')).toEqual({
        ...again[0],
        error: String(again[0].error).replace('two (id:2)', 'imps (id:9)'),
      });
    } finally {
      await server.close();
    }
  });
});
