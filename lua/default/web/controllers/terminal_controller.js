// An agent's live terminal: the hub's screen and scrollback first, then its output as it comes;
// keys go to the agent (through the hub's send) unless the session is read-only.
import { Controller } from '@hotwired/stimulus';
import { Terminal } from '@xterm/xterm';

export default class extends Controller {
  static values = { agent: String, readOnly: Boolean };

  connect() {
    this.term = new Terminal({ convertEol: false, scrollback: 5000, disableStdin: this.readOnlyValue });
    this.term.open(this.element);
    this.stop = window.botster.watch(this.agentValue, (tag, data) => {
      if (tag === 's') {
        const cut = data.indexOf(';');
        const [cols, rows] = data.slice(0, cut).split('x').map(Number);
        this.term.reset();
        this.term.resize(cols, rows);
        this.term.write(data.slice(cut + 1));
      } else this.term.write(data);
    });
    if (!this.readOnlyValue) this.term.onData((d) => window.botster.type(this.agentValue, d));
    // (without scrolling the page: the card above it stays in view)
    this.term.textarea?.focus({ preventScroll: true });
  }

  disconnect() {
    this.stop?.();
    this.term?.dispose();
  }
}
