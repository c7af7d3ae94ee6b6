import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownError } from '../../src/hub/state.js';
import { until } from '../support/wait.js';
import { get, post, webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers } from '../support/web/browser.js';

// What your Lua does on the web (docs/web.md "Your routes"): req.query, the shipped POST /new, a
// runaway route, and web.turbo_stream from a hook of yours reaching an open page.

const start = webHubs();
const browser = browsers();

const screenOf = (w: Awaited<ReturnType<typeof start>>, id: string) => {
  const t = w.hub.agents.get(id)!.terminal;
  return Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).join('\n');
};

describe('web: your routes', () => {
  it('a route reads the address query as req.query', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], {
      'user/routes.lua':
        'routes.get("/api/q", function(req) return { q = req.query.q, n = req.query.n, none = req.query.none == nil } end)\n',
    });
    const { cookie } = await w.login();
    const res = await get(`${w.base}/api/q?q=hello%20world&n=2`, { cookie });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ q: 'hello world', n: '2', none: true });
    // The shipped board reads one too: its note.
    expect((await get(`${w.base}/?note=from+the+query`, { cookie })).body).toContain(
      '<p class="note">from the query</p>',
    );
  });

  it('POST /new starts an agent from a profile', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], {
      'user/profiles.lua':
        'profiles.define("echoer", { command = "sh", args = { "-c", "echo from-the-profile; exec cat" } })\n',
    });
    const { cookie, csrf } = await w.login();
    expect((await get(`${w.base}/new`, { cookie })).body).toContain('value="echoer"');
    const res = await post(w.base, '/new', { profile: 'echoer', authenticity_token: csrf }, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const started = await until(
      'the agent started',
      () => w.hub.agents.list().find((a) => a.info.id !== '1'),
      10000,
    );
    await until(
      'it runs the profile',
      () => screenOf(w, started.info.id).includes('from-the-profile'),
      10000,
    );
    expect((await get(`${w.base}/`, { cookie })).body).toContain(`id="agent_${started.info.id}"`);
  });

  it('a runaway route is stopped by its budget with a clear error, and the hub goes on', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], {
      'user/routes.lua': 'routes.get("/spin", function(req, app)\n  while true do end\nend)\n',
    });
    const { cookie } = await w.login();
    const res = await get(`${w.base}/spin`, { cookie });
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/user\/routes\.lua:2: stopped after \d+ ms \(infinite loop\?\)/);
    // The hub goes on: its pages (Lua may rest a moment after it had to be stopped), its agents.
    const board = await until(
      'the board answers again',
      async () => {
        const b = await get(`${w.base}/`, { cookie });
        return b.status === 200 && b;
      },
      20000,
    );
    expect(board.body).toContain('id="agent_1"');
    w.hub.agents.get('1')!.write('still-here\r');
    await until('the agent answers', () => screenOf(w, '1').includes('still-here'), 5000);
  });
});

describe.skipIf(NO_BROWSER)('web: your hooks', { timeout: 60_000 }, () => {
  it('web.turbo_stream from a hook in user/hooks.lua reaches an open page', async () => {
    const w = await start([{ command: 'cat', name: 'watched' }], {
      'user/hooks.lua':
        'hooks.on("agent_state_changed", function(ev)\n' +
        '  web.turbo_stream("append", "feed", render("_feed_item.liquid", { text = ev.agent.name .. " is " .. ev.to }))\n' +
        'end)\n',
      'user/routes.lua':
        'routes.get("/feed", function() return render("feed.liquid", { waiting = 0 }) end)\n',
      'user/templates/feed.liquid':
        '{% layout "layout.liquid" %}{% block content %}<ul id="feed"></ul>{% endblock %}\n',
      'user/templates/_feed_item.liquid': '<li class="item">{{ text }}</li>\n',
    });
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await page.goto(`${w.base}/feed`);
    await page.waitForSelector('#feed', { state: 'attached' });
    await page.waitForFunction(() => 'botster' in window);
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('1', 'Go on?');
    // (cat may still go idle from its start meanwhile: that item may come first)
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('#feed .item')).some(
          (e) => e.textContent === 'watched is waiting',
        ),
      undefined,
      { timeout: 10_000 },
    );
  });

  it('a broken user/routes.lua says file:line: message on the open page and in the hub, and the last good routes answer', async () => {
    const good =
      'routes.get("/mine", function(req, app)\n  return render("mine.liquid", { waiting = 0, text = "mine v1" })\nend)\n';
    const w = await start([{ command: 'cat', name: 'one' }], {
      'user/routes.lua': good,
      'user/templates/mine.liquid':
        '{% layout "layout.liquid" %}{% block content %}<p id="mine">{{ text }}</p>{% endblock %}\n',
    });
    const notices: string[] = [];
    w.hub.hubStore.subscribe((prev, next) => {
      if (next.notice && next.notice !== prev.notice) notices.push(next.notice.text);
    });
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await page.goto(`${w.base}/mine`);
    await page.waitForSelector('#mine');
    await page.waitForFunction(() => 'botster' in window);
    await until('the page socket', () => w.web.pages > 0, 5000);
    const file = path.join(w.home, 'user/routes.lua');
    // A syntax error: the page says where, the last good route still draws it, the hub says it too.
    fs.writeFileSync(file, good.replace('"mine v1" })', '"mine v2" }'));
    await page.waitForSelector('#web_errors', { timeout: 15000 });
    expect(await page.textContent('#web_errors')).toMatch(/user\/routes\.lua:\d+: /);
    expect(await page.textContent('#mine')).toBe('mine v1');
    // (what the hub shows as its error: the configuration's, as for any of your files)
    expect(shownError(w.hub.hubStore.state)).toMatch(/user\/routes\.lua:\d+: /);
    const { cookie } = await w.login();
    const still = await get(`${w.base}/mine`, { cookie });
    expect(still.status).toBe(200);
    expect(still.body).toContain('mine v1');
    // Mended, then an error at run time in the handler: the page says file:line: message, and so
    // does the hub's notice; the other routes answer.
    fs.writeFileSync(file, good.replace('  return render', '  error("no mine today")\n  return render'));
    await page.waitForFunction(
      () => document.querySelector('main')?.textContent?.includes('no mine today'),
      null,
      { timeout: 15000 },
    );
    expect(await page.textContent('main')).toMatch(/user\/routes\.lua:2: no mine today/);
    expect(w.hub.hubStore.state.configError ?? null).toBeNull();
    await until(
      'the hub says it',
      () => notices.some((n) => /user\/routes\.lua:2: no mine today/.test(n)),
      5000,
    );
    expect(shownError(w.hub.hubStore.state)).toMatch(/user\/routes\.lua:2: no mine today/);
    expect((await get(`${w.base}/`, { cookie })).status).toBe(200);
  });
});
