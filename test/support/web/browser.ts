import fs from 'node:fs';
import { afterEach } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

// Debian's chromium, driven by playwright-core through its path (no browser is downloaded).
// .ci/run installs it; elsewhere a machine without it skips the browser tests and says so.

const PATHS = [process.env.BOTSTER_CHROMIUM, '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
export const CHROMIUM = PATHS.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
export const NO_BROWSER = CHROMIUM === null && !process.env.CI;
if (NO_BROWSER)
  console.warn('browser tests skipped: no chromium here (apt-get install chromium); in CI they run');

export function browsers() {
  const open: Browser[] = [];
  afterEach(async () => {
    for (const b of open.splice(0)) await b.close();
  });
  /** `opts`: the page's (a phone's viewport, touch). */
  return async (opts?: BrowserContextOptions): Promise<Page> => {
    if (!CHROMIUM) throw new Error('no chromium: apt-get install chromium (or set BOTSTER_CHROMIUM)');
    const b = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    open.push(b);
    const page = await b.newPage(opts);
    page.on('pageerror', (err) => console.error('page error:', err.message));
    return page;
  };
}

/** Agents that run `cat`, one per name, numbered in this order. */
export const cats = (...names: string[]) => names.map((name) => ({ command: 'cat', name }));

/** A new page signed in with the hub's token, once the board shows agent `id`'s card. */
export async function onBoard(
  browser: () => Promise<Page>,
  w: { web: { tokenUrl(): string | null } },
  id: string,
): Promise<Page> {
  const page = await browser();
  await page.goto(w.web.tokenUrl()!);
  await page.waitForSelector(`#agent_${id}`);
  return page;
}
