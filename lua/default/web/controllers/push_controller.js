// The header's "alerts" button (docs/web.md#push): subscribes this browser to the hub's Web Push
// (its permission asked on the tap, as browsers require), or ends the subscription. The hub keeps it
// with this session: revoking the session ends it. Hidden where the browser has no push (an iPhone's
// Safari has it only once the page is added to the home screen).
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

export default class extends Controller {
  static values = { key: String };

  async connect() {
    if (!this.keyValue || !('serviceWorker' in navigator) || !('PushManager' in window)) return;
    this.element.hidden = false;
    const reg = await navigator.serviceWorker.ready;
    this.show(!!(await reg.pushManager.getSubscription()));
  }

  show(on) {
    this.element.textContent = on ? 'alerts on' : 'alerts off';
    this.element.classList.toggle('on', on);
  }

  async toggle() {
    const reg = await navigator.serviceWorker.ready;
    const had = await reg.pushManager.getSubscription();
    try {
      if (had) {
        await post('/push/unsubscribe', { endpoint: had.endpoint });
        await had.unsubscribe();
        return this.show(false);
      }
      if ((await Notification.requestPermission()) !== 'granted') return this.show(false);
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: bytes(this.keyValue),
      });
      const res = await post('/push/subscribe', sub.toJSON());
      this.show(res.ok);
    } catch (err) {
      console.error('push:', err);
      this.element.textContent = 'alerts: not available';
    }
  }
}
