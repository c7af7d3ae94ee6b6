import { describe, expect, it } from 'vitest';
import { controlRequest } from '../../src/wire/control-client.js';
import { webHub } from '../../src/server/web-adapter.js';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';
import { get, post, webOn } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers, cats, onBoard } from '../support/web/browser.js';

// The browser through the verbs' door (issue 68): a shipped route waits for its verb (app:call)
// and its page says what came of it, and a POST asked for JSON answers the verb's typed answer,
// the socket's own for the same verb.

const fleet = fleetHubs();
const webOf = webOn();
const browser = browsers();

// A before_agent_kill handler of yours refuses to stop the agent named "keep".
const HOOKS = {
  'user/hooks.lua': `
hooks.on("before_agent_kill", function(ev)
  if ev.agent.name == "keep" then return false, "it holds the build lock" end
end)
`,
};
/** What the hub says of it (the handler's line named). */
const refusedIn = (home: string) =>
  `agent keep not stopped: ${home}/user/hooks.lua:2: it holds the build lock`;

/** A hub with its control socket and the web on; agents one, keep, three, four (cat). */
async function hub() {
  const f = await fleet(cats('one', 'keep', 'three', 'four'), HOOKS);
  const w = await webOf(f.hub);
  return { ...f, w };
}

const JSON_ACCEPT = { accept: 'application/json' };
/** A reply without its envelope (the request's id and protocol). */
const body = ({ id: _id, v: _v, ...rest }: Record<string, unknown>) => rest;

describe('web: the verbs’ answers', { timeout: 60_000 }, () => {
  it('a POST to stop answers the kill verb’s typed answer, as the socket’s kill does', async () => {
    const { w, socket, hub: h, home } = await hub();
    const REFUSED = refusedIn(home);
    const { cookie, csrf } = await w.login();
    const form = { authenticity_token: csrf };

    // Refused by your handler: the same refusal from both, and the agent runs on.
    const web = await post(w.base, '/agents/2/stop', form, { cookie, ...JSON_ACCEPT });
    expect(web.status).toBe(200);
    expect(web.headers['content-type']).toMatch(/^application\/json/);
    const sock = await controlRequest(socket, { op: 'kill', agent: 'id:2' });
    // (every door names the refusal as `refused` too)
    expect(body(sock)).toEqual({ ok: false, error: REFUSED, reason: 'refused', refused: REFUSED });
    expect(JSON.parse(web.body)).toEqual(body(sock));
    expect(h.agents.get('2')!.isExited).toBe(false);

    // Stopped: the same answer's shape, naming each its agent.
    const stopped = await post(w.base, '/agents/3/stop', form, { cookie, ...JSON_ACCEPT });
    expect(JSON.parse(stopped.body)).toEqual({ ok: true, agent: { id: '3', name: 'three' } });
    expect(body(await controlRequest(socket, { op: 'kill', agent: 'id:4' }))).toEqual({
      ok: true,
      agent: { id: '4', name: 'four' },
    });
    await until('both stopped', () => h.agents.get('3')?.isExited && h.agents.get('4')?.isExited, 10000);

    // An agent that already exited: the verb's error, on the web as on the socket.
    const again = JSON.parse((await post(w.base, '/agents/3/stop', form, { cookie, ...JSON_ACCEPT })).body);
    const sockAgain = body(await controlRequest(socket, { op: 'kill', agent: 'id:3' }));
    expect(again).toEqual(sockAgain);
    expect(again).toMatchObject({ ok: false, reason: 'exited' });

    // A browser's form (no JSON asked for) is sent to a page: the board once stopped.
    expect((await post(w.base, '/agents/1/stop', form, { cookie })).headers.location).toBe('/');
  });

  it('what a page types is the send verb: its typed answer, its refusals', async () => {
    const { hub: h } = await hub();
    const port = webHub({ control: h.control, lua: h.lua, apply: async () => {} });
    expect(await port.type('1', 'hi')).toEqual({ ok: true, agent: { id: '1', name: 'one' }, bytes: 2 });
    expect(await port.type('9', 'hi')).toMatchObject({ ok: false, reason: 'no_agent' });
    h.agents.get('3')!.kill();
    await until('three exited', () => h.agents.get('3')?.isExited, 10000);
    expect(await port.type('3', 'hi')).toMatchObject({ ok: false, reason: 'exited' });
  });

  it('a route of yours waits for verbs in turn and renders their answers; it cannot wait for a task', async () => {
    const f = await fleet(cats('one'), {
      'user/routes.lua': `
routes.get("/api/two", function(req, app)
  local first = app:call("focus", { agent = 1 })
  local second = app:call("kill", { agnet = 1 })
  return { first = first, second = second, exited = app.agents[1].status == "exited" }
end)
routes.get("/api/task", function(req, app)
  http.get("http://127.0.0.1:9/")
  return {}
end)
`,
    });
    const w = await webOf(f.hub);
    const { cookie } = await w.login();
    const two = JSON.parse((await get(`${w.base}/api/two`, { cookie })).body);
    expect(two.first).toEqual({ ok: true, agent: { id: '1', name: 'one' } });
    expect(two.second).toEqual({
      ok: false,
      reason: 'usage',
      error: 'kill: unknown argument "agnet" (it takes agent)',
    });
    expect(two.exited).toBe(false);
    const task = await get(`${w.base}/api/task`, { cookie });
    expect(task.status).toBe(500);
    expect(task.body).toContain('http.get: a web route answers its page before this would end');
  });
});

describe.skipIf(NO_BROWSER)('web: a refused action in a browser', { timeout: 60_000 }, () => {
  it('stop on an agent your before_agent_kill refuses: the page says why, and the agent runs on', async () => {
    const { w, hub: h, home } = await hub();
    const page = await onBoard(browser, w, '4');
    await page.goto(`${w.base}/agents/2`);
    await page.waitForSelector('form[action="/agents/2/stop"] button');
    page.on('dialog', (d) => void d.accept()); // "Stop keep? Its process ends."
    await page.click('form[action="/agents/2/stop"] button');
    await page.waitForSelector('p.note');
    expect(await page.textContent('p.note')).toBe(`refused: ${refusedIn(home)}`);
    expect(new URL(page.url()).pathname).toBe('/agents/2');
    expect(h.agents.get('2')!.isExited).toBe(false);

    // One it may stop: the board, and the agent is gone from it.
    await page.goto(`${w.base}/agents/1`);
    await page.click('form[action="/agents/1/stop"] button');
    await page.waitForURL(`${w.base}/`);
    await until('one stopped', () => h.agents.get('1')?.isExited ?? true, 10000);
    expect(await page.locator('p.note').count()).toBe(0);
  });
});
