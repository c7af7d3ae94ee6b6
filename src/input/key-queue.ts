import type { KeyEvent } from '../keys/key-event.js';
import type { Hub } from '../app/hub.js';

/**
 * Keys in order. While what a key started runs, keys that arrive wait, so `j j` moves twice and a
 * key after a mode change meets the new mode (only keys right after a command wait, never plain
 * typing). A key from another client makes that client the served one first, so a command a key
 * started finishes in the view of the client that pressed it.
 */
export class KeyQueue {
  private running: Promise<void> | null = null;
  private readonly waiting: Array<[KeyEvent, string | undefined]> = [];

  constructor(private readonly hub: Hub) {}

  /** Runs what a key started; keys wait until it is done. */
  action(p: Promise<void>): void {
    this.running = p;
    this.hub.track(p);
    void p.finally(() => {
      if (this.running === p) this.running = null;
      while (!this.running && this.waiting.length > 0) this.key(...this.waiting.shift()!);
    });
  }

  /** One parsed key, from a client (by id) or from the hub's own input (snapshot --keys, tests). */
  key(ev: KeyEvent, client?: string): void {
    if (this.running) return void this.waiting.push([ev, client]);
    const hub = this.hub;
    if (client !== undefined && client !== hub.state.clientId) {
      // A sequence the last client left half-typed settles in its own view first (as its timeout would).
      hub.inputCtl.settle();
      if (this.running) return void this.waiting.push([ev, client]);
      if (!hub.clients.activate(client)) return; // it detached meanwhile
    }
    try {
      hub.inputCtl.feed(ev);
    } catch (err) {
      hub.log.write('error', `key ${ev.name}: ${(err as Error).stack ?? err}`);
    }
  }
}
