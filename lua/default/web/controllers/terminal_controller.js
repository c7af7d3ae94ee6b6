// An agent's live terminal: the hub's screen and scrollback first, then its output as it comes;
// keys go to the agent (through the hub's send) unless the session is read-only.
import { Controller } from '@hotwired/stimulus';
import { Terminal } from '@xterm/xterm';

export default class extends Controller {
  static values = { agent: String, readOnly: Boolean };

  connect() {
    this.screenHost = shadowHost(this.element);
    this.term = this.terminal();
    this.term.open(this.screenHost);
    this.stop = window.botster.watch(this.agentValue, (tag, data) => {
      if (tag === 's') this.screen(data);
      // (output after a whole screen still being parsed waits for it)
      else if (this.next) this.held.push(data);
      else this.term.write(data);
    });
    // (without scrolling the page: the card above it stays in view)
    this.term.textarea?.focus({ preventScroll: true });
  }

  terminal(size = {}) {
    const term = new Terminal({
      convertEol: false,
      scrollback: 5000,
      disableStdin: this.readOnlyValue,
      ...size,
    });
    if (!this.readOnlyValue) term.onData((d) => window.botster.type(this.agentValue, d));
    return term;
  }

  /** "COLSxROWS;bytes": the agent's whole screen, with its scrollback or without (a flood's view). */
  screen(data) {
    const semi = data.indexOf(';');
    const [cols, rows] = data.slice(0, semi).split('x').map(Number);
    const body = data.slice(semi + 1);
    this.next?.dispose();
    this.next = null;
    if (!hasScrollback(body, rows)) {
      this.term.reset();
      this.term.resize(cols, rows);
      this.term.write(body);
      return;
    }
    // Scrollback goes into a terminal not yet shown, which then takes the shown one's place: a
    // shown xterm.js moves its scroll bar for every line that scrolls, and thousands of lines cost
    // several times their parsing (ten pages on an agent whose flood just ended each take it). Its
    // last rows are written once shown: their scrolling sets its scroll bar to the scrollback.
    let cut = body.length;
    for (let k = 0; k < rows && cut > 0; k++) cut = body.lastIndexOf('\n', cut - 1);
    const next = this.terminal({ cols, rows });
    this.next = next;
    this.held = [];
    next.write(body.slice(0, cut + 1), () => {
      if (this.next !== next) return;
      this.next = null;
      const focused = this.element.shadowRoot.activeElement !== null;
      this.term.dispose();
      this.screenHost.replaceChildren();
      this.term = next;
      next.open(this.screenHost);
      next.write(body.slice(cut + 1));
      for (const d of this.held.splice(0)) next.write(d);
      if (focused) next.textarea?.focus({ preventScroll: true });
    });
  }

  disconnect() {
    this.stop?.();
    this.next?.dispose();
    this.term?.dispose();
  }
}

/**
 * The element xterm.js draws in, inside a shadow root of the controller's element (xterm's CSS
 * with it). Every update redraws xterm.js's rows as DOM nodes, and Stimulus watches the page's
 * whole tree for controllers, actions and targets: in the page's tree, each redrawn row was walked
 * by all of them (on ten pages of an agent that floods, most of their CPU). A shadow root's nodes
 * are not in the tree Stimulus (or any MutationObserver of the page) watches.
 */
function shadowHost(element) {
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/assets/xterm.css';
  // As wide as the terminal's columns (at least the element's width): wider than a phone's page,
  // the whole terminal, its background with it, scrolls sideways in the element (app.css).
  const own = document.createElement('style');
  own.textContent = '.screen { width: max-content; min-width: 100%; }';
  const host = document.createElement('div');
  host.className = 'screen';
  root.replaceChildren(css, own, host);
  return host;
}

/** Whether a screen's bytes hold more lines than its rows (its scrollback). */
function hasScrollback(body, rows) {
  let lines = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) if (++lines >= rows) return true;
  return false;
}
