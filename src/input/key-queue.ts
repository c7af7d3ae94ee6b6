import type { KeyEvent } from '../keys/key-event.js';
import type { KeyQueueDeps } from './ports.js';

/**
 * Keys in order. While what a key started runs, keys that arrive wait, so `j j` moves twice and a
 * key after a mode change meets the new mode (only keys right after a command wait, never plain
 * typing). A key from another client makes that client the served one first, so a command a key
 * started finishes in the view of the client that pressed it.
 */
export class KeyQueue {
  private running: Promise<void> | null = null;
  private readonly waiting: Array<[KeyEvent, string | undefined]> = [];

  constructor(private readonly deps: KeyQueueDeps) {}

  /** Nothing runs and no key waits: a key now goes on at once. */
  get idle(): boolean {
    return this.running === null && this.waiting.length === 0;
  }

  /** Runs what a key started; keys wait until it is done. */
  action(p: Promise<void>): void {
    this.running = p;
    this.deps.track(p);
    void p.finally(() => {
      if (this.running === p) this.running = null;
      while (!this.running && this.waiting.length > 0) this.key(...this.waiting.shift()!);
    });
  }

  /** One parsed key, from a client (by id) or from the hub's own input (snapshot --keys, tests). */
  key(ev: KeyEvent, client?: string): void {
    if (this.running) return void this.waiting.push([ev, client]);
    const { store, keymap } = this.deps;
    if (client !== undefined && client !== store.state.clientId) {
      // A sequence the last client left half-typed settles in its own view first (as its timeout would).
      keymap.settle();
      if (this.running) return void this.waiting.push([ev, client]);
      if (!this.deps.activate(client)) return; // it detached meanwhile
    }
    try {
      keymap.feed(ev);
    } catch (err) {
      this.deps.log('error', `key ${ev.name}: ${(err as Error).stack ?? err}`);
    }
  }
}
