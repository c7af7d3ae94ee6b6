import { describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { until } from '../support/wait.js';
import { CHROMIUM, NO_BROWSER } from '../support/web/browser.js';
import { webHubs, type WebHubRun } from '../support/web/web-hub.js';
import { decryptPush, pushEndpoints, testSubscription } from '../support/web/push-endpoint.js';

// The web page on a phone: chromium at 390x844 as a phone (touch, a mobile viewport), real hubs.
// Every column of an agent's terminal can be reached (a swipe scrolls it sideways, its background
// with it); the header's items wrap and none is cut off; the alerts button stays after a one-tap
// answer (Turbo morphs the page it is on); a subscription that fails says why.

const start = webHubs();
const endpoint = pushEndpoints();
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 3,
};

const open: Browser[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
});
/** A phone's page (its own browser context: permissions, service workers), signed in to the hub. */
async function phone(w: WebHubRun, opts: BrowserContextOptions & { grant?: boolean } = {}): Promise<Page> {
  const b = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  open.push(b);
  const { grant, ...ctxOpts } = opts;
  const ctx = await b.newContext({ ...PHONE, ...ctxOpts });
  if (grant) await ctx.grantPermissions(['notifications'], { origin: w.base });
  const page = await ctx.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(w.web.tokenUrl()!);
  await page.waitForSelector('html[data-controllers="loaded"]', { state: 'attached' });
  return page;
}

/** A finger's swipe from x0 to x1 at height y (touch events, as a phone's screen sends them). */
async function swipe(page: Page, y: number, x0: number, x1: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const at = (x: number) => [{ x, y }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(x0) });
  const step = x1 < x0 ? -10 : 10;
  for (let x = x0 + step; step < 0 ? x >= x1 : x <= x1; x += step)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** The header's items that are not where they can be seen and tapped whole (none, when all are). */
const headerClipped = (page: Page) =>
  page.evaluate(() => {
    const bad: string[] = [];
    const items = Array.from(
      document.querySelectorAll('header > a, header > span:not(.push), header .push button'),
    );
    for (const el of items) {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const inside =
        r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
      if (!inside || !hit || !el.contains(hit) || (el as HTMLElement).hidden)
        bad.push(`${el.textContent}: ${Math.round(r.left)}..${Math.round(r.right)} of ${innerWidth}`);
    }
    if (items.length < 5) bad.push(`only ${items.length} items`);
    return bad;
  });

/** Where the terminal's last column is: the cell of the `Z` that ends its first row, and the boxes around it. */
const lastColumn = (page: Page) =>
  page.evaluate(() => {
    const term = document.querySelector('#terminal') as HTMLElement;
    const root = term.shadowRoot!;
    const row = root.querySelector('.xterm-rows > div')!;
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent!.indexOf('Z');
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const z = range.getBoundingClientRect();
      const box = term.getBoundingClientRect();
      const hit = root.elementFromPoint(z.left + z.width / 2, z.top + z.height / 2);
      return {
        z: { left: z.left, right: z.right },
        box: { left: box.left, right: box.right },
        xtermRight: root.querySelector('.xterm')!.getBoundingClientRect().right,
        // (the rows take no pointer: the screen under them does; not the scroll bar, nor the page)
        shown: !!hit && root.querySelector('.xterm-screen')!.contains(hit),
        scrollLeft: term.scrollLeft,
        scrollWidth: term.scrollWidth,
        clientWidth: term.clientWidth,
        page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
      };
    }
    return null;
  });

// An agent whose first row fills its terminal: its last column holds a Z.
const FULL_ROW = {
  name: 'wide',
  command: `sh -c 'set -- $(stty size); printf "%$(($2 - 1))s" "" | tr " " .; printf "Z\\n"; read a; echo "got:$a"; exec cat'`,
};

describe.skipIf(NO_BROWSER)('the web page on a phone (390x844)', { timeout: 120_000 }, () => {
  it("every column of an agent's terminal can be swiped into view; the header wraps, none of it cut off", async () => {
    const w = await start([FULL_ROW, { command: 'cat', name: 'second' }]);
    const t = w.hub.agents.get('1')!.terminal;
    await until('the full row', () => /^\.+Z$/.test(t.lineText(0).trimEnd()));
    expect(t.lineText(0).trimEnd()).toHaveLength(t.cols);
    const page = await phone(w);
    expect(await headerClipped(page)).toEqual([]);
    await page.goto(`${w.base}/agents/1`);
    await page.waitForSelector('#terminal .xterm');
    const before = await until('the row drawn', () => lastColumn(page));
    expect(await headerClipped(page)).toEqual([]);
    // The page itself does not go sideways; the terminal does, and its last column is out of view.
    expect(before.page[0]).toBeLessThanOrEqual(before.page[1]);
    expect(before.scrollWidth).toBeGreaterThan(before.clientWidth);
    expect(before.z.right).toBeGreaterThan(before.box.right);
    // A swipe to the left, on the terminal, until it goes no further.
    const box = (await page.locator('#terminal').boundingBox())!;
    const after = await until('scrolled to its end', async () => {
      await swipe(page, box.y + 40, box.x + box.width - 20, box.x + 20);
      const m = await lastColumn(page);
      return m && m.scrollLeft >= m.scrollWidth - m.clientWidth - 1 && m;
    });
    expect(after.scrollLeft).toBeGreaterThan(0);
    // The last column's cell is in view, drawn on the terminal (its background goes as far).
    expect(after.z.left).toBeGreaterThanOrEqual(after.box.left);
    expect(after.z.right).toBeLessThanOrEqual(after.box.right);
    expect(after.z.right).toBeLessThanOrEqual(390);
    expect(after.shown).toBe(true);
    expect(after.xtermRight).toBeGreaterThanOrEqual(after.z.right);
  });

  it('keeps the alerts button after a one-tap answer, and it still says why it cannot subscribe', async () => {
    const w = await start([FULL_ROW]);
    const page = await phone(w);
    await page.waitForSelector('#push button:not([hidden])');
    w.waiting('1', 'Continue? (y/n)');
    await page.waitForSelector('#agent_1 button[value="yes"]');
    await page.evaluate(() =>
      addEventListener('turbo:morph', () => ((window as unknown as { morphed: boolean }).morphed = true)),
    );
    await page.tap('#agent_1 button[value="yes"]');
    const t = w.hub.agents.get('1')!.terminal;
    await until('the agent got the answer', () =>
      Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).some((l) => l.includes('got:y')),
    );
    // (the answer's page is the board again, which Turbo morphed: the page was on it)
    await page.waitForFunction(() => (window as unknown as { morphed?: boolean }).morphed);
    expect(page.url()).toBe(`${w.base}/`);
    await page.waitForSelector('#push button:not([hidden])');
    expect(await headerClipped(page)).toEqual([]);
    // Still working: this browser was not granted notifications, and it says so.
    await page.tap('#push button');
    await page.waitForFunction(() => document.querySelector('#push .why')?.textContent);
    expect(await page.textContent('#push .why')).toBe(
      'alerts: notifications are blocked for this site (allow them in the browser’s site settings)',
    );
    expect(await headerClipped(page)).toEqual([]);
  });

  it("says why a subscription failed: the browser's push service, no service worker, the hub", async () => {
    const w = await start([{ command: 'cat', name: 'a' }]);
    const why = async (page: Page) => {
      await page.tap('#push button');
      await page.waitForFunction(() => document.querySelector('#push .why')?.textContent);
      return page.textContent('#push .why');
    };
    // Notifications allowed, then the browser's own push service says no (chromium pushes from
    // no incognito window, which every test context is): its words.
    expect(await why(await phone(w, { grant: true }))).toMatch(
      /^alerts: the browser’s push service refused: AbortError: .+/,
    );
    // A browser that runs no service worker (playwright's switch blocks its registration).
    expect(await why(await phone(w, { grant: true, serviceWorkers: 'block' }))).toMatch(
      /^alerts: no service worker: /,
    );

    // The hub's refusal, in its words: the browser's push service (out of reach here) stands in by a
    // subscription with the test's own keys, at an endpoint the hub does not post to.
    const ep = await endpoint();
    const sub = testSubscription();
    const page = await phone(w, { grant: true });
    const pushService = (endpoint: string) =>
      page.evaluate(
        ([json]) => {
          type Sub = { endpoint: string; toJSON(): unknown; unsubscribe(): Promise<boolean> };
          const held: { sub: Sub | null } = { sub: null };
          PushManager.prototype.subscribe = async function () {
            held.sub = {
              endpoint: json.endpoint,
              toJSON: () => json,
              unsubscribe: async () => !(held.sub = null),
            };
            return held.sub as unknown as PushSubscription;
          };
          PushManager.prototype.getSubscription = async () => held.sub as unknown as PushSubscription;
        },
        [sub.json(endpoint)] as const,
      );
    await pushService('http://push.example/not-this-machine');
    expect(await why(page)).toBe(
      'alerts: the hub refused it (400: a push endpoint is an https address (or http on this machine))',
    );
    expect(await page.textContent('#push button')).toBe('alerts off');
    // One it takes: on, nothing to say, and the hub's push reaches it.
    await pushService(`${ep.base}/phone`);
    await page.tap('#push button');
    await page.waitForFunction(() => document.querySelector('#push button')?.textContent === 'alerts on');
    expect(await page.textContent('#push .why')).toBe('');
    w.waiting('1', 'Proceed?');
    const pushed = await until('the push at the endpoint', () => ep.posted[0]);
    expect(JSON.parse(decryptPush(pushed.body, sub).toString('utf8')).body).toBe('agent 1 needs you');
  });
});
