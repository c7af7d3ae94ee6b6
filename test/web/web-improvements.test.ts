import { describe, expect, it } from 'vitest';
import { until } from '../support/wait.js';
import { get, post, socket, webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers } from '../support/web/browser.js';

// Improvements waiting for the user, answered from the board: through the commands the hub's own
// question runs (improvements.accept / improvements.reject), only by a session that may type, only
// with the page's CSRF token, only while it still waits.

const start = webHubs();
const browser = browsers();
// The default policy asks the user about an improvement that takes over one of their keys.
const FILES = { 'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next", { desc = "mine" })' };
const TAKEOVER = 'keys.bind("normal", "w", "agent.prev")';

/** An improvement pushed that waits for the user; `answered` is what its push says once answered. */
async function waitingOne(w: Awaited<ReturnType<typeof start>>, name: string) {
  const answered = w.hub.improvements.push({ name, source: TAKEOVER, agent_id: '1' });
  await until('it waits', () => w.hub.state.facts.improvements.some((i) => i.name === name), 10000);
  return { answered };
}

const owner = (w: Awaited<ReturnType<typeof start>>) =>
  w.hub.bindings.find((b) => b.spec === 'w')?.source ?? '';

describe('web: improvements', () => {
  it('the board shows what accepting changes; reject and accept answer it as the hub does, once', async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }], FILES);
    const { cookie, csrf } = await w.login();
    // A page open meanwhile is told at once (a Turbo Stream over its socket).
    const open = await socket(w.base, { cookie, origin: w.base });
    if (!open.ws) throw new Error(`socket refused: ${open.status}`);
    const streamed: string[] = [];
    open.ws.on('message', (d) => streamed.push(String(d)));
    const first = await waitingOne(w, 'takeover');
    await until(
      'the page was told',
      () => streamed.some((m) => /target="improvements"[\s\S]*takeover/.test(m)),
      5000,
    );
    open.ws.close();

    const board = (await get(`${w.base}/`, { cookie })).body;
    expect(board).toMatch(/improvement takeover <small>from agent 1/);
    // its preview: the key it takes over and its file's diff, as the hub's question shows them
    expect(board).toMatch(/rebinds normal: w {2}agent\.prev/);
    expect(board).toMatch(/\+ keys\.bind\(&#34;normal&#34;, &#34;w&#34;, &#34;agent\.prev&#34;\)/);
    expect(board).toMatch(/action="\/improvements\/takeover"/);
    // listed once: its question is not listed again among the hub's other questions
    expect(board).not.toMatch(/In the hub, waiting for you/);

    // Without the page's CSRF token: nothing.
    const forged = await post(w.base, '/improvements/takeover', { answer: 'accept' }, { cookie });
    expect(forged.status).toBe(403);
    expect(w.hub.state.facts.improvements.map((i) => i.name)).toEqual(['takeover']);

    const reject = await post(
      w.base,
      '/improvements/takeover',
      { answer: 'reject' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(reject.status).toBe(303);
    expect(reject.headers.location).toBe('/?note=improvement+takeover+rejected');
    expect(await first.answered).toMatchObject({
      live: false,
      reasoning: expect.stringMatching(/rejected by the user/),
    });
    expect(w.hub.state.facts.improvements).toEqual([]);
    expect(w.hub.state.questions).toEqual([]);
    expect(owner(w)).toMatch(/user\/keybindings\.lua/);
    // Answered already: a second answer (a stale page) changes nothing.
    const again = await post(
      w.base,
      '/improvements/takeover',
      { answer: 'accept' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(again.headers.location).toMatch(/does\+not\+wait\+for\+you\+now/);
    expect(owner(w)).toMatch(/user\/keybindings\.lua/);

    const second = await waitingOne(w, 'takeover');
    const accept = await post(
      w.base,
      '/improvements/takeover',
      { answer: 'accept' },
      { cookie, 'x-csrf-token': csrf },
    );
    // What the hub said of it, not what was asked (it could have failed to go live).
    expect(accept.headers.location).toMatch(/^\/\?note=improvement\+takeover\+is\+live\+%28v\d+%29$/);
    expect(await second.answered).toMatchObject({ live: true });
    await until('it is live', () => owner(w).startsWith('improvements/takeover.lua'), 5000);
    expect((await get(`${w.base}/`, { cookie })).body).not.toMatch(/improvement takeover/);
  });

  it("asked for JSON, an accept answers the improvement.accept verb's typed answer, though the reload it made took the route's Lua", async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }], FILES);
    const { cookie, csrf } = await w.login();
    const { answered } = await waitingOne(w, 'takeover');
    const accept = await post(
      w.base,
      '/improvements/takeover',
      { answer: 'accept' },
      { cookie, 'x-csrf-token': csrf, accept: 'application/json' },
    );
    expect(accept.status).toBe(200);
    expect(JSON.parse(String(accept.body))).toEqual({
      ok: true,
      said: expect.stringMatching(/^improvement takeover is live \(v\d+\)$/),
    });
    expect(await answered).toMatchObject({ live: true });
  });

  it('a read-only session sees it and cannot answer it', async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }], FILES);
    const { cookie, csrf } = await w.login(true);
    await waitingOne(w, 'takeover');
    const board = (await get(`${w.base}/`, { cookie })).body;
    expect(board).toMatch(/improvement takeover/);
    expect(board).not.toMatch(/action="\/improvements\/takeover"/);
    const tried = await post(
      w.base,
      '/improvements/takeover',
      { answer: 'accept' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(tried.status).toBe(403);
    expect(w.hub.state.facts.improvements.map((i) => i.name)).toEqual(['takeover']);
    expect(owner(w)).toMatch(/user\/keybindings\.lua/);
    await w.hub.improvements.answer(false, 'takeover');
  });
});

describe('web: improvements add no routes', () => {
  it('routes.get in an improvement is an error at its line, and adds nothing', async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }]);
    const answer = await w.hub.improvements.push({
      name: 'pages',
      source:
        'keys.bind("normal", "F5", "agent.next")\nroutes.get("/mine", function() return { mine = true } end)\n',
      agent_id: '1',
    });
    expect(answer).toMatchObject({ live: false });
    expect((answer as { errors?: string[] }).errors).toEqual([
      'improvements/pages.lua:2: routes.get: an improvement cannot add routes to the web (your user/routes.lua can, or a plugin granted web)',
    ]);
    const { cookie } = await w.login();
    expect((await get(`${w.base}/mine`, { cookie })).status).toBe(404);
  });
});

describe.skipIf(NO_BROWSER)('web: improvements in a browser', { timeout: 60_000 }, () => {
  it('one that starts waiting shows on the open board; accept asks, then it is live', async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }], FILES);
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    const { answered } = await waitingOne(w, 'takeover');
    // (no reload: the Turbo Stream put it there)
    await page.waitForSelector('#improvement_takeover button[value="accept"]');
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.click('#improvement_takeover button[value="accept"]');
    expect(await answered).toMatchObject({ live: true });
    expect(asked).toEqual(['Accept improvement takeover? It goes live now.']);
    await page.waitForSelector('.note');
    expect(await page.textContent('.note')).toMatch(/^improvement takeover is live \(v\d+\)$/);
    expect(await page.$('#improvement_takeover')).toBeNull();
    await until('it is live', () => owner(w).startsWith('improvements/takeover.lua'), 5000);
  });
});
