// The tab's title counts the agents waiting for you (#waiting_count, which the hub keeps); the
// browser's notification (asked once, on a click) says when one starts waiting: each card tells
// (agent_card_controller.js, the "agent-card:waiting" event).
import { Controller } from '@hotwired/stimulus';

export default class extends Controller {
  connect() {
    this.ask = () => {
      if (window.Notification && Notification.permission === 'default') Notification.requestPermission();
    };
    document.addEventListener('click', this.ask, { once: true });
    this.waiting = (ev) => this.notify(ev.detail ?? {});
    this.element.addEventListener('agent-card:waiting', this.waiting);
    this.count = document.getElementById('waiting_count');
    if (!this.count) return;
    this.observer = new MutationObserver(() => this.title());
    this.observer.observe(this.count, { childList: true, characterData: true, subtree: true });
    this.title(); // the count may have changed before this controller loaded
  }

  title() {
    const n = Number(this.count.textContent) || 0;
    document.title = (n > 0 ? `(${n}) ` : '') + document.title.replace(/^\(\d+\) /, '');
  }

  notify({ id, name, reason }) {
    if (!window.Notification || Notification.permission !== 'granted') return;
    new Notification(`${id} ${name ?? ''} waits for you`.trim(), { body: reason || '', tag: `agent-${id}` });
  }

  disconnect() {
    this.observer?.disconnect();
    document.removeEventListener('click', this.ask);
    this.element.removeEventListener('agent-card:waiting', this.waiting);
  }
}
