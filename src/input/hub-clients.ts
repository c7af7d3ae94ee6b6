import { KeyParser } from '../keys/parse-keys.js';
import type { ClientsDeps } from './ports.js';
import type { Store } from '../hub/store.js';

/**
 * The clients attached to a hub server, as the hub sees them: each has its own key parser and its
 * own view (state.views); the one that typed last is served (its view is state.client, the PTYs
 * follow its panels), as tmux's `window-size latest`.
 */
export class HubClients {
  private readonly parsers = new Map<string, KeyParser>();
  /** Attached client ids, the most recently served last (served next when the served one leaves). */
  private order: string[] = [];

  constructor(private readonly deps: ClientsDeps) {}

  /** A client attached at this size (on another machine, that named this one `machine`): it is served from now on, and gets a whole frame. */
  attach(id: string, cols: number, rows: number, machine?: string): void {
    if (this.parsers.has(id)) return;
    this.deps.settle();
    this.parsers.set(id, new KeyParser((ev) => this.deps.key(ev, id), { clock: this.deps.clock }));
    this.order.push(id);
    this.deps.store.dispatch({ type: 'client_attached', id, cols, rows, ...(machine ? { machine } : {}) });
  }

  detach(id: string): void {
    const parser = this.parsers.get(id);
    if (!parser) return;
    parser.dispose();
    this.parsers.delete(id);
    this.order = this.order.filter((c) => c !== id);
    const { store } = this.deps;
    store.dispatch({ type: 'client_detached', id });
    const next = this.order.at(-1);
    if (store.state.clientId === null && next !== undefined)
      store.dispatch({ type: 'client_active', id: next });
  }

  /**
   * Bytes a client's terminal sent (keys, paste, mouse). Keys the keymap passes through as typed
   * (a letter, Enter, Backspace, ctrl+c, an arrow: InputController.typeThrough), nothing begun
   * before them, go to the focused agent at once: only the served client's, when no key waits, so
   * keys keep their order and their client's view. Anything else is parsed into keys.
   */
  input(id: string, data: Buffer | string): void {
    const parser = this.parsers.get(id);
    const { deps } = this;
    if (
      parser?.idle &&
      id === deps.store.state.clientId &&
      deps.queue.idle &&
      deps.keymap.typeThrough(data)
    ) {
      keyPressed(deps.store);
      return deps.userHere();
    }
    parser?.feed(data);
    deps.inputDone();
    deps.userHere();
  }

  resize(id: string, cols: number, rows: number): void {
    if (this.parsers.has(id)) this.deps.store.dispatch({ type: 'resize', id, cols, rows });
  }

  /** A client's terminal needs every cell (it resumed, or drained after its frames were dropped). */
  redraw(id: string): void {
    this.deps.redraw(id);
  }

  /** Serves this client's view from now on; false when it is not attached. */
  activate(id: string): boolean {
    if (!this.parsers.has(id)) return false;
    if (this.deps.store.state.clientId === id) return true;
    this.order = [...this.order.filter((c) => c !== id), id];
    this.deps.store.dispatch({ type: 'client_active', id });
    // Before its keys reach an agent: a program asking its size then gets this client's panel.
    this.deps.fitAgents();
    return true;
  }

  dispose(): void {
    for (const p of this.parsers.values()) p.dispose();
    this.parsers.clear();
    this.order = [];
  }
}

/** A key from a client's terminal: a notice that waits for the user's next key goes. */
export function keyPressed(store: Store): void {
  if (store.state.notice?.untilKey) store.dispatch({ type: 'notice_key' });
}
