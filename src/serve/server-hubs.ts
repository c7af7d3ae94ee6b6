import type { Hub } from '../app/hub.js';

/**
 * The hub of one server process as it comes to be: each phase of runServer (the clients, the stop,
 * the start) reads these when it acts, not when it is made, so a client may attach, type or stop
 * the server at any moment of the start.
 */
export class ServerHubs {
  /** The hub once started. */
  hub: Hub | null = null;
  /** The hub being built: its settings (the keepers' ring) hold for the agents it starts first. */
  building: Hub | null = null;
  /** The hub the clients talk to: set once it takes keys, while its agents may still be starting. */
  live: Hub | null = null;
  /** Resolves with the hub once it started. */
  readonly started: Promise<Hub>;
  private resolve: (hub: Hub) => void = () => {};

  constructor() {
    this.started = new Promise<Hub>((resolve) => (this.resolve = resolve));
  }

  /** The started hub, or the one the clients talk to while it starts. */
  get any(): Hub | null {
    return this.hub ?? this.live;
  }

  /** The hub started: what waited for it goes on. */
  announceStarted(hub: Hub): void {
    this.resolve(hub);
  }
}
