// The page's one WebSocket: Turbo Streams for the board (messages that start with "<"), and the
// terminals' bytes ("s" a screen, "o" output). Controllers come from the import map by name:
// shipped ones, or user/controllers/NAME_controller.js over them.
import * as Turbo from '@hotwired/turbo';
import { Application } from '@hotwired/stimulus';

const listeners = new Map();
let socket = null;
const queue = [];

// Opened once: a later open is after a drop (the hub restarted, upgraded or crashed and came back
// with its agents): the page catches up with what it missed, as a terminal client reattaches.
let opened = false;

// A stream for one element this page does not have (the board's list on an agent's page), or one
// the page says it does not show (data-skip-streams="ID ...", on any element: an agent's page
// hides its card's last line, its terminal shows it) is not parsed at all: ten pages each parsing
// the board at every state change, or a last line twice a second, cost their browser more than
// the change shows.
const ONE_TARGET =
  /^<turbo-stream action="(?:update|replace|append|prepend|remove|before|after)" target="([^"&]+)"/;
function absent(data) {
  const m = ONE_TARGET.exec(data);
  if (m === null) return false;
  const id = m[1];
  return (
    document.getElementById(id) === null ||
    document.querySelector(`[data-skip-streams~="${CSS.escape(id)}"]`) !== null
  );
}

function connect() {
  socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
  socket.onopen = () => {
    delete document.body.dataset.offline;
    if (shown()) for (const id of listeners.keys()) socket.send('w' + id);
    while (queue.length) socket.send(queue.shift());
    if (opened) Turbo.renderStreamMessage('<turbo-stream action="refresh"></turbo-stream>');
    opened = true;
  };
  socket.onmessage = (ev) => {
    const data = ev.data;
    const tag = data[0];
    if (tag === '<') return absent(data) || Turbo.renderStreamMessage(data);
    if (tag === 's' || tag === 'o') {
      const cut = data.indexOf(':');
      const fn = listeners.get(data.slice(1, cut));
      if (fn) fn(tag, data.slice(cut + 1));
    }
  };
  // A revoked session's socket is closed by the hub: the page says so instead of retrying.
  socket.onclose = (ev) => {
    if (ev.code === 4401) return void (document.body.dataset.revoked = 'true');
    document.body.dataset.offline = 'true';
    setTimeout(connect, 1000);
  };
}

// A page not shown (another tab, a phone's locked screen) watches no terminal: an agent's output,
// a flood above all, costs neither its browser nor the hub anything there. Shown again, it gets
// each terminal's exact screen and scrollback, then the stream.
const shown = () => document.visibilityState !== 'hidden';
document.addEventListener('visibilitychange', () => {
  for (const id of listeners.keys()) send((shown() ? 'w' : 'u') + id);
});

function send(msg) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(msg);
  else queue.push(msg);
}

/** What the controllers use: watch an agent's terminal, type into it. */
window.botster = {
  watch(id, fn) {
    listeners.set(String(id), fn);
    if (shown()) send('w' + id);
    return () => {
      listeners.delete(String(id));
      send('u' + id);
    };
  },
  type(id, data) {
    send('i' + id + ':' + data);
  },
};

// A refresh (the hub's configuration went live again, say after an improvement this page accepted)
// must not cancel a form the page is sending: Turbo would drop its answer (and its note). The page
// loads what follows the form anyway.
let submitting = 0;
addEventListener('turbo:submit-start', () => submitting++);
addEventListener('turbo:submit-end', () => (submitting = Math.max(0, submitting - 1)));
addEventListener('turbo:before-stream-render', (ev) => {
  if (submitting > 0 && ev.target.getAttribute('action') === 'refresh') ev.preventDefault();
});

connect();
// The hub's service worker (/sw.js): the page installs on a phone's home screen, and shows the
// hub's pushes (the push controller subscribes, and says why it cannot when this failed;
// docs/web.md#push).
if ('serviceWorker' in navigator) {
  window.botster.serviceWorker = navigator.serviceWorker.register('/sw.js', { scope: '/' });
  window.botster.serviceWorker.catch((err) => console.error('service worker:', err));
}
const app = Application.start();
const names = (document.querySelector('meta[name="botster-controllers"]')?.content ?? '')
  .split(',')
  .filter(Boolean);
// Once every controller is registered the page says so (<html data-controllers="loaded">): what a
// script or a test does to the page after that is seen by them.
Promise.allSettled(
  names.map((name) =>
    import(`controllers/${name}_controller`).then(
      (m) => app.register(name, m.default),
      (err) => console.error(`controller ${name}:`, err),
    ),
  ),
).then(() => document.documentElement.setAttribute('data-controllers', 'loaded'));
