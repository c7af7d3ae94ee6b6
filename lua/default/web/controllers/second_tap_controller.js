// An answer that is not a plain yes is held for a second tap: the first arms the button.
import { Controller } from '@hotwired/stimulus';

export default class extends Controller {
  tap(event) {
    if (this.element.classList.contains('armed')) return;
    event.preventDefault();
    this.element.classList.add('armed');
    this.label = this.element.textContent;
    this.element.textContent = `tap again: ${this.label}`;
    this.timer = setTimeout(() => this.disarm(), 4000);
  }

  disarm() {
    this.element.classList.remove('armed');
    this.element.textContent = this.label;
  }

  disconnect() {
    clearTimeout(this.timer);
  }
}
