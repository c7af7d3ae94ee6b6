import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { until } from '../support/wait.js';
import { webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers, onBoard } from '../support/web/browser.js';

// The web's grid (/grid) in a real browser (chromium): the live terminals of the filtered agents,
// typing into one, the filter and the agents waiting off the grid.

const start = webHubs();
const browser = browsers();

/** Agents that print their own word, then echo what they are typed (cat). */
const words = (...names: string[]) =>
  names.map((name) => ({ command: `sh -c 'echo word-${name}; exec cat'`, name }));

/** The text of the grid cell of agent `id`'s terminal (its rows, in the terminal's shadow root). */
const cellShows = (page: Page, id: string, text: string) =>
  page.waitForFunction(
    ([id, t]) =>
      document
        .querySelector(`#cell_${id} .terminal`)
        ?.shadowRoot?.querySelector('.xterm-rows')
        ?.textContent?.includes(t),
    [id, text],
    { timeout: 30000 },
  );

describe.skipIf(NO_BROWSER)('the web grid in a browser', { timeout: 60_000 }, () => {
  it("shows each agent's live terminal, types into one, filters to the waiting ones", async () => {
    const w = await start(words('alpha', 'beta', 'gamma'));
    const page = await onBoard(browser, w, '3');
    await page.goto(`${w.base}/grid`);
    for (const [id, name] of [
      ['1', 'alpha'],
      ['2', 'beta'],
      ['3', 'gamma'],
    ])
      await cellShows(page, id, `word-${name}`);
    expect(await page.locator('#grid .cell').count()).toBe(3);
    // Typed into beta's cell: beta echoes it, live in that cell.
    await page.click('#cell_2 .terminal');
    await page.keyboard.type('hello-grid');
    await page.keyboard.press('Enter');
    await cellShows(page, '2', 'hello-grid');
    const beta = w.hub.agents.get('2')!.terminal;
    await until('beta got it', () =>
      Array.from({ length: beta.lineCount }, (_, i) => beta.lineText(i)).some((l) =>
        l.includes('hello-grid'),
      ),
    );
    // Only the ones that want you: gamma asks. Beta's turn (what was typed) may have ended unseen
    // by the time the page loads, which makes it done, and "waiting" keeps done ones too: each
    // cell is read with the state it was drawn with. Alpha, never typed to, stays off.
    w.waiting('3', 'Proceed?');
    await until('gamma waits', () => w.hub.state.agentStates['3']?.state === 'waiting', 5000);
    await page.goto(`${w.base}/grid?filter=waiting`);
    await cellShows(page, '3', 'word-gamma');
    const drawn = await page.locator('#grid .cell .state').allTextContents();
    expect(drawn.length).toBeGreaterThanOrEqual(1);
    for (const state of drawn) expect(['waiting', 'done']).toContain(state);
    expect(await page.locator('#cell_1').count()).toBe(0);
    expect(await page.textContent('#cell_3 .state')).toBe('waiting');
    // Chosen by ids: alpha only, and gamma named as waiting off the grid.
    await page.goto(`${w.base}/grid?ids=1`);
    await cellShows(page, '1', 'word-alpha');
    expect(await page.textContent('#off_grid')).toContain('gamma');
  });
});
