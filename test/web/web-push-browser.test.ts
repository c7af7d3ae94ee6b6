import { describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { until } from '../support/wait.js';
import { NO_BROWSER, browsers, cats } from '../support/web/browser.js';
import { request, webHubs } from '../support/web/web-hub.js';
import { decryptPush, pushEndpoints, testSubscription } from '../support/web/push-endpoint.js';

// The page's real service worker (lua/default/web/assets/sw.js) in chromium: the hub's push (sent to
// a subscription the test made, at its own endpoint, and decrypted there per RFC 8291) is handed to
// the worker through the DevTools protocol (ServiceWorker.deliverPushMessage: no vendor's push
// service is reachable here); the worker shows the notification; its click opens the agent's page.

const start = webHubs();
const browser = browsers();
const endpoint = pushEndpoints();

type Shown = { title: string; body: string; tag: string; data: { url: string } };

/** The notifications the page's service worker registration shows now. */
const shown = (page: Page) =>
  page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data,
    }));
  }) as Promise<Shown[]>;

describe.skipIf(NO_BROWSER)('web push in a browser', { timeout: 90_000 }, () => {
  it("the service worker shows the hub's push, and its click opens that agent's page", async () => {
    const w = await start(cats('alpha', 'beta', 'gamma'));
    const ep = await endpoint();
    const sub = testSubscription();
    const { cookie, csrf } = await w.login();
    const made = await request(`${w.base}/push/subscribe`, {
      method: 'POST',
      headers: { origin: w.base, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify(sub.json(`${ep.base}/phone`)),
    });
    expect(made.status).toBe(200);

    const page = await browser();
    const context = page.context();
    await context.grantPermissions(['notifications'], { origin: w.base });
    const cdp = await context.newCDPSession(page);
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', (ev) => {
      for (const r of ev.registrations) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_3');
    // The page registered the hub's worker, and the worker controls it (clients.claim).
    await page.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js'));
    const registrationId = await until('the registration', () => registrations.get(`${w.base}/`));
    // The installable page: its manifest names the icon the hub serves.
    const manifest = JSON.parse(
      (await request(`${w.base}/manifest.webmanifest`, { headers: { cookie } })).body,
    );
    expect(manifest.display).toBe('standalone');
    expect((await request(`${w.base}${manifest.icons[0].src}`, { headers: { cookie } })).status).toBe(200);
    // the header's alerts button is offered (this browser has Web Push)
    await page.waitForSelector('#push button:not([hidden])');

    w.waiting('3', 'Proceed with the edit?');
    const pushed = await until('the push at the endpoint', () => ep.posted[0]);
    const data = decryptPush(pushed.body, sub).toString('utf8');
    expect(JSON.parse(data).body).toBe('agent 3 needs you');

    // (the worker as playwright sees it: the click below runs in it)
    const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // Under load chromium can drop a push delivered while the worker is still starting: the push is
    // delivered again until the worker shows it (one tag, so a second delivery replaces the first).
    let list: Shown[] | null = null;
    for (let i = 0; i < 6 && !list; i++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: w.base, registrationId, data });
      list = await until(
        'the notification',
        async () => {
          const n = await shown(page);
          return n.length ? n : null;
        },
        5_000,
      ).catch(() => null);
    }
    expect(list).toEqual([
      { title: 'Botster Hub', body: 'agent 3 needs you', tag: 'agent-3', data: { url: '/agents/3' } },
    ]);

    // The click: the worker's own notificationclick listener, run in the worker on the notification
    // it showed (chromium's DevTools protocol has no notification click; the event is dispatched in
    // the worker's global scope).
    await worker.evaluate(async () => {
      const sw = self as unknown as {
        registration: { getNotifications(): Promise<Notification[]> };
        dispatchEvent(e: Event): boolean;
      };
      const [n] = await sw.registration.getNotifications();
      const Ev = (
        self as unknown as { NotificationEvent: new (t: string, i: { notification: Notification }) => Event }
      ).NotificationEvent;
      sw.dispatchEvent(new Ev('notificationclick', { notification: n }));
    });
    await page.waitForURL(`${w.base}/agents/3`);
    await page.waitForSelector('#terminal');
    // the click closed it
    expect(await shown(page)).toEqual([]);
  });
});
