// The header's "alerts" (docs/web.md#push): subscribes this browser to the hub's Web Push (its
// permission asked on the tap, as browsers require), or ends the subscription. The hub keeps it
// with this session: revoking the session ends it. What it shows is this browser's state, not the
// page's: the layout keeps it across Turbo's renders (data-turbo-permanent), a morph after a form
// included. When this browser cannot take pushes, or subscribing fails, it says why at the tap
// (the `why` target, else the button's own text).
import { Controller } from '@hotwired/stimulus';

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';

function post(path, body) {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
    body: JSON.stringify(body),
  });
}

/** The key as the browser wants it (bytes), from base64url. */
function bytes(b64) {
  const s = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A step that did not work, with what to tell the user. */
class Failed extends Error {}

/** An error as the browser named it (a DOMException's name says what kind: NotAllowedError, AbortError...). */
const named = (err) =>
  err?.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : String(err?.message ?? err);

/** What this browser lacks to take pushes at all, or null. */
function lacking() {
  if (!window.isSecureContext)
    return 'this address is not a secure one (https, or this machine), and browsers run no service worker on it';
  if (!('serviceWorker' in navigator)) return 'this browser runs no service workers (a private window?)';
  if (!('PushManager' in window))
    return 'this browser has no Web Push (on an iPhone or iPad: add this page to the home screen and open it from there)';
  if (!('Notification' in window)) return 'this browser shows no notifications';
  return null;
}

/** The hub's service worker, once it runs (pushes are delivered to it). */
async function worker() {
  let reg;
  try {
    // (app.js registers it as the page loads, and keeps the outcome)
    reg = await (window.botster?.serviceWorker ?? navigator.serviceWorker.getRegistration('/'));
  } catch (err) {
    throw new Failed(`no service worker: ${named(err)}`);
  }
  if (!reg) throw new Failed('no service worker: the page did not register /sw.js (see the browser console)');
  if (reg.active) return reg;
  const w = reg.installing ?? reg.waiting;
  if (!w) throw new Failed('no service worker: /sw.js is registered but not running');
  await new Promise((resolve, reject) => {
    const seen = () => {
      if (w.state === 'activated') resolve();
      else if (w.state === 'redundant')
        reject(new Failed('no service worker: /sw.js failed to install (see the browser console)'));
    };
    w.addEventListener('statechange', seen);
    seen();
  });
  return reg;
}

/** What the hub answered when it did not take it: its own words (the page it answers is HTML). */
async function refusal(res) {
  const text = await res.text().catch(() => '');
  const said = new DOMParser().parseFromString(text, 'text/html').body?.textContent?.trim();
  return `the hub refused it (${res.status}${said ? `: ${said}` : ''})`;
}

export default class extends Controller {
  static values = { key: String };
  static targets = ['button', 'why'];

  async connect() {
    // (an older layout's button is the controller's element itself)
    this.button = this.hasButtonTarget ? this.buttonTarget : this.element;
    this.button.hidden = false;
    this.element.hidden = false;
    if (!this.keyValue || lacking()) return;
    const reg = await navigator.serviceWorker.getRegistration('/').catch(() => undefined);
    this.show(!!(await reg?.pushManager.getSubscription().catch(() => null)));
  }

  show(on) {
    this.button.textContent = on ? 'alerts on' : 'alerts off';
    this.button.classList.toggle('on', on);
  }

  /** Says why it did not work (or nothing: it did). */
  tell(why) {
    const text = why ? `alerts: ${why}` : '';
    if (this.hasWhyTarget) this.whyTarget.textContent = text;
    else if (why) this.button.textContent = text;
    this.element.toggleAttribute('data-failed', !!why);
  }

  async toggle() {
    this.tell(null);
    try {
      const why = this.keyValue ? lacking() : 'the hub has no push key';
      if (why) throw new Failed(why);
      const reg = await worker();
      const had = await reg.pushManager.getSubscription();
      if (had) return await this.off(had);
      await this.on(reg);
    } catch (err) {
      if (!(err instanceof Failed)) console.error('push:', err);
      this.tell(err instanceof Failed ? err.message : `it failed: ${named(err)}`);
    }
  }

  async on(reg) {
    const permission = await Notification.requestPermission();
    if (permission === 'denied')
      throw new Failed('notifications are blocked for this site (allow them in the browser’s site settings)');
    if (permission !== 'granted') throw new Failed('notifications were not allowed (tap again to be asked)');
    let sub;
    try {
      sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: bytes(this.keyValue),
      });
    } catch (err) {
      throw new Failed(`the browser’s push service refused: ${named(err)}`);
    }
    let res;
    try {
      res = await post('/push/subscribe', sub.toJSON());
    } catch (err) {
      await sub.unsubscribe().catch(() => {});
      throw new Failed(`the hub did not answer: ${named(err)}`);
    }
    if (!res.ok) {
      // (a subscription the hub does not have would only say "on" here)
      const why = await refusal(res);
      await sub.unsubscribe().catch(() => {});
      this.show(false);
      throw new Failed(why);
    }
    this.show(true);
  }

  async off(had) {
    const res = await post('/push/unsubscribe', { endpoint: had.endpoint }).catch(() => null);
    await had.unsubscribe();
    this.show(false);
    if (res && !res.ok) throw new Failed(`off here; ${await refusal(res)}`);
  }
}
