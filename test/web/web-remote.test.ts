import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import { until } from '../support/wait.js';
import { BIN_DIR, FAKE_SSH, remoteHomes } from '../support/remote.js';
import { get, socket, webHubs } from '../support/web/web-hub.js';

// The board shows the agents of settings.machines too (the web reads app.agents): another home's
// hub, started by the link through the stand-in for ssh as on another machine, and its agent on
// the board under its machine's name, the open pages told when it comes.

const remoteHome = remoteHomes();
const start = webHubs();
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  const env = {
    BOTSTER_SSH: FAKE_SSH,
    FAKE_REMOTE_HOME: tempHome(),
    FAKE_REMOTE_PATH: `${BIN_DIR}:${process.env.PATH}`,
    FAKE_SSH_LOG: path.join(tempHome(), 'ssh.log'),
    SHELL: '/bin/sh',
    BOTSTER_SOCKET: undefined,
    BOTSTER_AGENT_ID: undefined,
  };
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    delete saved[k];
  }
});

describe('web: other machines', () => {
  it("lists a machine's agent on the board under its name, and the open pages refresh when it comes", async () => {
    const r = remoteHome();
    const w = await start([{ command: 'cat', name: 'here' }], {
      'user/settings.lua': `settings.machines = { { name = "gpu", ssh = "gpu-host", home = "${r}" } }\n`,
    });
    const { cookie } = await w.login();
    const open = await socket(w.base, { cookie, origin: w.base });
    if (!open.ws) throw new Error(`socket refused: ${open.status}`);
    const streamed: string[] = [];
    open.ws.on('message', (d) => streamed.push(String(d)));
    const remote = await until(
      'a remote agent is listed',
      () => w.hub.agents.list().find((a) => a.machine === 'gpu'),
      30000,
    );
    await until('the page was told', () => streamed.some((m) => m.includes('action="refresh"')), 5000);
    const board = (await get(`${w.base}/`, { cookie })).body;
    const id = remote.info.id;
    expect(board).toMatch(
      new RegExp(
        `<article id="agent_${id}"[^>]*>\\s*<h2><a href="/agents/${id}">${id} [^<]+</a> <small>@gpu</small>`,
      ),
    );
    expect(board).toMatch(/<h2><a href="\/agents\/1">1 here<\/a><\/h2>/);
    // Its page opens too: its terminal comes over the link, and what the page types reaches it.
    expect((await get(`${w.base}/agents/${id}`, { cookie })).status).toBe(200);
    open.ws.send(`w${id}`);
    await until('its screen', () => streamed.some((m) => m.startsWith(`s${id}:`)), 10000);
    open.ws.send(`i${id}:echo typed-$((6*7))\r`);
    await until(
      'its echo',
      () => streamed.some((m) => m.startsWith(`o${id}:`) && m.includes('typed-42')),
      10000,
    );
    open.ws.close();
  }, 60000);
});
