import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until } from '../support/wait.js';
import { reportState } from '../../src/verbs/report.js';
import { webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers, cats, onBoard } from '../support/web/browser.js';

// The hub in a real browser (chromium): the board, an answer, the terminal, your templates.

const start = webHubs();
const browser = browsers();
const screenOf = (hub: Awaited<ReturnType<typeof start>>['hub'], id: string) => {
  const t = hub.agents.get(id)!.terminal;
  return Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).join('\n');
};

/** Waits until the page's terminal (its rows, in the terminal's shadow root) shows `text`. */
const termShows = (page: Page, text: string, timeout = 30000) =>
  page.waitForFunction(
    (t) =>
      document.querySelector('#terminal')?.shadowRoot?.querySelector('.xterm-rows')?.textContent?.includes(t),
    text,
    { timeout },
  );

describe.skipIf(NO_BROWSER)('web in a browser', { timeout: 60_000 }, () => {
  it('lists the agents and updates a card when its agent starts waiting', async () => {
    const w = await start(cats('alpha', 'beta'));
    const page = await onBoard(browser, w, '2');
    expect(page.url()).toBe(`${w.base}/`);
    expect(await page.textContent('#board')).toContain('alpha');
    expect(await page.textContent('#agent_2 .state')).not.toBe('waiting');
    // The page's socket is open once the terminal/board script ran.
    await page.waitForFunction(() => 'botster' in window);
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('2', 'Proceed with the edit?');
    await page.waitForFunction(() => document.querySelector('#agent_2 .state')?.textContent === 'waiting');
    expect(await page.textContent('#agent_2 .reason')).toBe('Proceed with the edit?');
    // (the count is a stream of its own, after the board's: it may come a moment later)
    await page.waitForFunction(() => document.querySelector('#waiting_count')?.textContent === '1');
    await page.waitForFunction(() => document.title.startsWith('(1) '));
  });

  it("an agent's own page (no board) shows its card start waiting, with the answers", async () => {
    const w = await start(cats('alpha', 'beta'));
    const page = await onBoard(browser, w, '2');
    await page.goto(`${w.base}/agents/2`);
    await page.waitForSelector('#terminal .xterm');
    await page.waitForFunction(() => 'botster' in window);
    await until('the page socket', () => w.web.pages > 0, 5000);
    expect(await page.textContent('#agent_2 .state')).not.toBe('waiting');
    // (waiting goes first on the board: the board's list is rendered again, which this page has not)
    w.waiting('2', 'Proceed with the edit?');
    await page.waitForFunction(() => document.querySelector('#agent_2 .state')?.textContent === 'waiting');
    expect(await page.textContent('#agent_2 .reason')).toBe('Proceed with the edit?');
    expect(await page.locator('#agent_2 .answers button').allTextContents()).toEqual(['yes', 'no']);
    expect(await page.textContent('#waiting_count')).toBe('1');
  });

  it('raises one browser notification when an agent starts waiting, none for a change that is not a new wait', async () => {
    const w = await start(cats('alpha', 'beta'));
    const page = await browser();
    await page.context().grantPermissions(['notifications'], { origin: w.base });
    // Every notification the page makes, counted (the real one is still made).
    await page.addInitScript(() => {
      const Real = window.Notification;
      const made: string[] = [];
      (window as unknown as { made: string[] }).made = made;
      function Spy(title: string, opts?: NotificationOptions) {
        made.push(title);
        try {
          return new Real(title, opts);
        } catch {
          return {};
        }
      }
      Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
      Spy.requestPermission = () => Real.requestPermission();
      (window as unknown as { Notification: unknown }).Notification = Spy;
    });
    const made = () => page.evaluate(() => (window as unknown as { made: string[] }).made);
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_2[data-agent-card-state-value]');
    // (a card's controller that connects after its agent started waiting has no "before": no notification)
    await page.waitForSelector('html[data-controllers="loaded"]', { state: 'attached' });
    await until('the page socket', () => w.web.pages > 0, 5000);
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    w.waiting('2', 'Proceed with the edit?');
    await page.waitForFunction(() => document.title.startsWith('(1) '));
    await page.waitForFunction(() => (window as unknown as { made: string[] }).made.length > 0);
    expect(await made()).toEqual(['2 beta waits for you']);
    // Another agent that goes idle (the whole board is rendered again, the waiting card with it):
    // no new wait, no notification.
    void reportState(w.hub.control, { op: 'report', agent: '1', state: 'idle' });
    await page.waitForFunction(() => document.querySelector('#agent_1 .state')?.textContent === 'idle');
    expect(await page.title()).toMatch(/^\(1\) /);
    expect(await made()).toEqual(['2 beta waits for you']);
    // A second agent that starts waiting: one more, and the title counts two.
    w.waiting('1', 'Run the tests?');
    await page.waitForFunction(() => document.title.startsWith('(2) '));
    await page.waitForFunction(() => (window as unknown as { made: string[] }).made.length > 1);
    expect(await made()).toEqual(['2 beta waits for you', '1 alpha waits for you']);
  });

  it("counts the waiting agents in the tab's title when one started waiting before the page's controllers loaded", async () => {
    const w = await start(cats('alpha', 'beta'));
    const page = await browser();
    // The hub controller (which keeps the title) is held back until the count has changed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/controllers/hub_controller.js*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_2');
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('2', 'Proceed with the edit?');
    await page.waitForFunction(() => document.getElementById('waiting_count')?.textContent === '1');
    expect(await page.title()).not.toMatch(/^\(1\) /);
    release();
    await page.waitForSelector('html[data-controllers="loaded"]', { state: 'attached' });
    expect(await page.title()).toMatch(/^\(1\) /);
  });

  it('answers a question from the page: the agent gets it', async () => {
    const w = await start([{ command: `sh -c 'read a; echo "got:$a"; exec cat'`, name: 'asker' }]);
    const page = await onBoard(browser, w, '1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('1', 'Continue? (y/n)');
    await page.waitForSelector('#agent_1 button[value="yes"]');
    await page.click('#agent_1 button[value="yes"]');
    await until('the agent read the answer', () => screenOf(w.hub, '1').includes('got:y'), 8000);
  });

  it('types into the agent from the terminal on its page, and shows its echo', async () => {
    const w = await start([{ command: 'cat', name: 'typist' }]);
    const page = await onBoard(browser, w, '1');
    await page.goto(`${w.base}/agents/1`);
    await page.waitForSelector('#terminal .xterm');
    await page.click('#terminal');
    await page.keyboard.type('hello-web');
    await until('the agent got the keys', () => screenOf(w.hub, '1').includes('hello-web'), 8000);
    await termShows(page, 'hello-web');
  });

  it("draws the terminal where the page's observers (Stimulus's) do not walk its rows", async () => {
    const w = await start([{ command: 'cat', name: 'typist' }]);
    const page = await onBoard(browser, w, '1');
    await page.goto(`${w.base}/agents/1`);
    await page.waitForSelector('#terminal .xterm');
    await page.click('#terminal');
    // Every change in the page's tree inside the terminal's element, as Stimulus's observers see them.
    await page.evaluate(() => {
      const seen = { inside: 0 };
      (window as unknown as { seen: typeof seen }).seen = seen;
      const terminal = document.querySelector('#terminal')!;
      new MutationObserver((records) => {
        for (const r of records) if (r.target !== terminal && terminal.contains(r.target)) seen.inside++;
      }).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
    await page.keyboard.type('rows-redrawn');
    // (Playwright's selectors reach into a shadow root)
    await until(
      'the echo drawn',
      async () => (await page.textContent('#terminal .xterm-rows'))?.includes('rows-redrawn') ?? false,
      8000,
    );
    expect(await page.evaluate(() => (window as unknown as { seen: { inside: number } }).seen.inside)).toBe(
      0,
    );
  });

  it('on a flood: shows its screen, then the exact screen and scrollback once it ends, and keys still go to the agent', async () => {
    const w = await start([
      { command: `sh -c 'read a; seq -f line%.0f 1 50000; echo flood-done; exec cat'`, name: 'flood' },
    ]);
    const page = await onBoard(browser, w, '1');
    await page.goto(`${w.base}/agents/1`);
    await page.waitForSelector('#terminal .xterm');
    await until('the page watches', () => w.web.pages > 0, 5000);
    await page.keyboard.press('Enter');
    await termShows(page, 'flood-done');
    // Its scrollback is the hub's (the whole screen came once the flood ended): its oldest line on top.
    const t = w.hub.agents.get('1')!.terminal;
    const oldest = t.lineText(0).trim();
    const top = () =>
      page.evaluate(() =>
        document
          .querySelector('#terminal')
          ?.shadowRoot?.querySelector('.xterm-rows > div')
          ?.textContent?.trim(),
      );
    // (the mouse wheel scrolls it: its scroll bar knows the scrollback)
    const bottom = t.lineText(t.lineCount - t.rows).trim();
    await page.hover('#terminal');
    await until(
      'the wheel scrolled it',
      async () => {
        await page.mouse.wheel(0, -300);
        return (await top()) !== bottom;
      },
      30000,
    );
    await until(
      'its oldest line scrolled into view',
      async () => {
        for (let i = 0; i < 20; i++) await page.keyboard.press('Shift+PageUp');
        return (await top()) === oldest;
      },
      30000,
    );
    expect(await page.locator('#terminal .xterm').count()).toBe(1);
    // (no click: the terminal that took the old one's place has its focus)
    await page.keyboard.type('typed-after');
    await until('the agent got the keys', () => screenOf(w.hub, '1').includes('typed-after'), 8000);
  });

  it("a page not shown is sent none of its agent's output; shown again, it gets the exact screen", async () => {
    const w = await start([{ command: 'cat', name: 'hidden' }]);
    const page = await browser();
    await page.addInitScript(() => {
      const got: string[] = [];
      (window as unknown as { __got: string[] }).__got = got;
      const Orig = window.WebSocket;
      window.WebSocket = class extends Orig {
        constructor(...a: ConstructorParameters<typeof WebSocket>) {
          super(...a);
          this.addEventListener('message', (ev) => got.push(String(ev.data)));
        }
      };
    });
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await page.goto(`${w.base}/agents/1`);
    await page.waitForSelector('#terminal .xterm');
    const got = () => page.evaluate(() => (window as unknown as { __got: string[] }).__got);
    await until('its first screen', async () => (await got()).some((m) => m.startsWith('s1:')), 10000);
    const visibility = (state: string) =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await visibility('hidden');
    // Typed after the page stopped watching (one socket: the hub reads them in order).
    await page.evaluate(() =>
      (window as unknown as { botster: { type(id: string, d: string): void } }).botster.type(
        '1',
        'while-hidden\r',
      ),
    );
    await until('the agent printed it', () => screenOf(w.hub, '1').includes('while-hidden'), 8000);
    // Anything sent before this card update would have arrived before it.
    w.waiting('1', 'Anything else?');
    await until('the card update', async () => (await got()).some((m) => m.includes('Anything else?')), 8000);
    expect((await got()).filter((m) => m.startsWith('o1:'))).toEqual([]);
    await visibility('visible');
    await until(
      'the exact screen',
      async () => (await got()).some((m) => m.startsWith('s1:') && m.includes('while-hidden')),
      8000,
    );
    await termShows(page, 'while-hidden');
  });

  it('shows a route and templates you save while the page is open, and a broken one says where', async () => {
    const w = await start([{ command: 'cat', name: 'mine' }]);
    const page = await onBoard(browser, w, '1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    const user = path.join(w.home, 'user');
    fs.mkdirSync(path.join(user, 'templates'), { recursive: true });
    // Your card for the board, over the shipped one.
    fs.writeFileSync(
      path.join(user, 'templates', '_agent_card.liquid'),
      '<article id="agent_{{ agent.id }}" class="card mine">my card: {{ agent.name }}</article>\n',
    );
    await page.waitForSelector('#agent_1.mine', { timeout: 8000 });
    // Your route and its template.
    fs.writeFileSync(
      path.join(user, 'templates', 'dash.liquid'),
      '{% layout "layout.liquid" %}{% block content %}<p id="dash">{{ agents.size }} agents on my dashboard</p>{% endblock %}\n',
    );
    fs.writeFileSync(
      path.join(user, 'routes.lua'),
      'routes.get("/", function(req, app)\n  return render("dash.liquid", { agents = web.board(app), waiting = 0 })\nend)\n',
    );
    await page.waitForSelector('#dash', { timeout: 10000 });
    expect(await page.textContent('#dash')).toBe('1 agents on my dashboard');
    // A broken template: the last good one stays, and the page says file:line: message.
    fs.writeFileSync(
      path.join(user, 'templates', 'dash.liquid'),
      '{% layout "layout.liquid" %}{% block content %}{% if %}\n',
    );
    await page.waitForSelector('#web_errors', { timeout: 8000 });
    expect(await page.textContent('#web_errors')).toMatch(/templates\/dash\.liquid:1: /);
    expect(await page.textContent('#dash')).toBe('1 agents on my dashboard');
  });
});
