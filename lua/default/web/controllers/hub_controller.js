// The tab's title counts the agents waiting for you; the browser's notification (asked once, on a
// click) says when one starts waiting.
import { Controller } from '@hotwired/stimulus';

export default class extends Controller {
  connect() {
    this.count = document.getElementById('waiting_count');
    if (!this.count) return;
    this.last = Number(this.count.textContent) || 0;
    this.observer = new MutationObserver(() => this.changed());
    this.observer.observe(this.count, { childList: true, characterData: true, subtree: true });
    this.ask = () => {
      if (window.Notification && Notification.permission === 'default') Notification.requestPermission();
    };
    document.addEventListener('click', this.ask, { once: true });
  }

  changed() {
    const n = Number(this.count.textContent) || 0;
    document.title = (n > 0 ? `(${n}) ` : '') + document.title.replace(/^\(\d+\) /, '');
    if (n > this.last && window.Notification && Notification.permission === 'granted')
      new Notification('An agent waits for you', { body: `${n} waiting` });
    this.last = n;
  }

  disconnect() {
    this.observer?.disconnect();
    document.removeEventListener('click', this.ask);
  }
}
