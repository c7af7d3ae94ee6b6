import { describe, expect, it } from 'vitest';
import { until } from '../support/wait.js';
import { webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers, cats, onBoard } from '../support/web/browser.js';
import { LINE_MS } from '../../src/web/line-ticks.js';

// The board follows its agents in a real browser (lua/default/web/routes.lua): one that starts
// waiting moves first, and a card's last line follows its agent's screen, throttled, and only
// while a page is open.

const start = webHubs();
const browser = browsers();

describe.skipIf(NO_BROWSER)('web: the board follows its agents', { timeout: 60_000 }, () => {
  it('an agent that starts waiting moves to the top of the open board', async () => {
    const w = await start(cats('alpha', 'beta', 'gamma'));
    const page = await onBoard(browser, w, '3');
    await until('the page socket', () => w.web.pages > 0, 5000);
    const order = () => page.$$eval('#board .card', (cards) => cards.map((c) => c.id));
    expect((await order())[0]).toBe('agent_1');
    w.waiting('3', 'Proceed?');
    await page.waitForFunction(() => document.querySelector('#board .card')?.id === 'agent_3');
    expect(await page.textContent('#agent_3 .reason')).toBe('Proceed?');
    // Then a second one: waiting ones first, by number.
    w.waiting('2', 'And this?');
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('#board .card'), (c) => c.id).join() ===
        'agent_2,agent_3,agent_1',
    );
  });

  it('a waiting card follows its question: a new one replaces the old, with its answers', async () => {
    const w = await start(cats('alpha', 'beta'));
    const page = await onBoard(browser, w, '2');
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('2', 'Run npm test?');
    await page.waitForFunction(
      () =>
        document.querySelector('#agent_2 input[name=question]')?.getAttribute('value') === 'Run npm test?',
    );
    // Still waiting, another question: the card (and what its buttons answer) follows.
    w.waiting('2', 'Delete the build folder?');
    await page.waitForFunction(
      () =>
        document.querySelector('#agent_2 .reason')?.textContent === 'Delete the build folder?' &&
        document.querySelector('#agent_2 input[name=question]')?.getAttribute('value') ===
          'Delete the build folder?',
    );
    expect(await page.$$eval('#agent_2 button[name=answer]', (b) => b.map((x) => x.textContent))).toEqual([
      'yes',
      'no',
    ]);
  });

  it("a card's last line follows its agent's screen, at most twice a second, and not while no page is open", async () => {
    const w = await start([{ command: 'cat', name: 'talker' }]);
    const told: string[] = [];
    w.hub.events.taps.add((event, payload) => {
      if (event === 'web_screen_changed') told.push(String(payload.last_line));
    });
    const a = w.hub.agents.get('1')!;
    const screen = () =>
      Array.from({ length: a.terminal.lineCount }, (_, i) => a.terminal.lineText(i)).join('\n');
    // No page open: its output tells nothing.
    a.write('before-any-page\r');
    await until('the agent printed', () => screen().includes('before-any-page'), 5000);
    const page = await onBoard(browser, w, '1');
    expect(await page.textContent('#agent_1_last')).toBe('before-any-page');
    expect(told).toEqual([]);
    await until('the page socket', () => w.web.pages > 0, 5000);
    a.write('hello-board\r');
    await page.waitForFunction(() => document.querySelector('#agent_1_last')?.textContent === 'hello-board');
    // A burst of lines: the card is told a few of them, and ends on the last.
    const from = told.length;
    const began = performance.now();
    for (let i = 1; i <= 60; i++) {
      a.write(`line-${i}\r`);
      await new Promise((r) => setTimeout(r, 15));
    }
    await page.waitForFunction(() => document.querySelector('#agent_1_last')?.textContent === 'line-60');
    const took = performance.now() - began;
    expect(told.length - from).toBeLessThanOrEqual(Math.ceil(took / LINE_MS) + 2);
    expect(told.at(-1)).toBe('line-60');
    // The page gone: nothing more.
    await page.close();
    await until('no page open', () => w.web.pages === 0, 5000);
    const after = told.length;
    a.write('after-the-page\r');
    await until('the agent printed', () => screen().includes('after-the-page'), 5000);
    await new Promise((r) => setTimeout(r, LINE_MS * 2));
    expect(told.length).toBe(after);
  });

  it("an agent's own page takes no stream for its card's last line (its terminal shows it); the board does", async () => {
    const w = await start([{ command: 'cat', name: 'talker' }]);
    const a = w.hub.agents.get('1')!;
    const board = await onBoard(browser, w, '1');
    const own = await onBoard(browser, w, '1');
    await own.goto(`${w.base}/agents/1`);
    await own.waitForSelector('#terminal .xterm');
    expect(await own.isVisible('#agent_1_last')).toBe(false);
    const count = () => {
      const w = window as unknown as { lastStreams: number };
      w.lastStreams = 0;
      document.addEventListener('turbo:before-stream-render', (e) => {
        if ((e.target as Element).getAttribute('target') === 'agent_1_last') w.lastStreams++;
      });
    };
    await board.evaluate(count);
    await own.evaluate(count);
    await until('both page sockets', () => w.web.pages >= 2, 5000);
    a.write('for-the-board\r');
    await board.waitForFunction(
      () => document.querySelector('#agent_1_last')?.textContent === 'for-the-board',
    );
    await new Promise((r) => setTimeout(r, 300));
    const streams = (p: typeof own) =>
      p.evaluate(() => (window as unknown as { lastStreams: number }).lastStreams);
    expect(await streams(board)).toBeGreaterThan(0);
    expect(await streams(own)).toBe(0);
  });
});
