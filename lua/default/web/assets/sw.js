// The hub's service worker (docs/web.md#push): it makes the page installable, shows the hub's Web
// Push as a notification, and a tap on one opens the page it names (an agent's: /agents/3). It
// caches nothing: every page is the hub's live state, and an offline hub shows nothing stale.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// (no fetch handler: browsers install a page without one now, and one that only passes requests on
// would start the worker for every page the hub serves)

/** What the hub pushed: { title, body, url, tag }; anything else is said as it came. */
function message(event) {
  try {
    const m = event.data ? event.data.json() : {};
    return {
      title: String(m.title || 'Botster Hub'),
      body: String(m.body || ''),
      url: String(m.url || '/'),
      tag: String(m.tag || 'hub'),
    };
  } catch {
    return { title: 'Botster Hub', body: event.data ? event.data.text() : '', url: '/', tag: 'hub' };
  }
}

self.addEventListener('push', (event) => {
  const m = message(event);
  // (one per agent: a newer push about it replaces the one still shown, and still alerts)
  event.waitUntil(
    self.registration.showNotification(m.title, {
      body: m.body,
      tag: m.tag,
      renotify: true,
      icon: '/icon.svg',
      data: { url: m.url },
    }),
  );
});

/** The hub's page at `url` (a path of this site only): a window of ours goes there, else one opens. */
async function open(url) {
  const target = new URL(url, self.location.origin);
  if (target.origin !== self.location.origin) return;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const w of windows) {
    if (new URL(w.url).origin !== self.location.origin) continue;
    // (focus may be refused without the user's tap; the window goes there either way)
    await w.focus().catch(() => {});
    if ('navigate' in w && w.url !== target.href) {
      const moved = await w.navigate(target.href).catch(() => null);
      if (moved) return;
    } else if (w.url === target.href) return;
  }
  await self.clients.openWindow(target.href);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const opened = open((event.notification.data && event.notification.data.url) || '/');
  // (a click the browser dispatched keeps the worker alive until the page opened; an event a test
  // dispatches itself is not the browser's, and may not be extended)
  if (event.isTrusted) event.waitUntil(opened);
});
