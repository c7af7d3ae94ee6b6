// The port every part reads and changes the hub's state through (the composition root holds the
// one state and implements it): reading is free, changing is dispatching an intent to the reducer.
import type { Intent } from './intents.js';
import type { HubState } from './state.js';

/** Reads the hub's one state (a part that only looks). */
export interface StateReader {
  readonly state: HubState;
}

/** After the state changed (`prev` !== `next`); `tree`: Lua renders again. */
export type StateListener = (prev: HubState, next: HubState, tree: boolean) => void;

/** The hub's one state: read it, change it only with intents (`now`: when it happened, on the hub's clock), hear it change. */
export interface Store extends StateReader {
  dispatch(intent: Intent, now?: number): void;
  subscribe(listener: StateListener): () => void;
}
