// The port every part reads and changes the hub's state through (the composition root holds the
// one state and implements it): reading is free, changing is dispatching an intent to the reducer.
import type { Intent } from './intents.js';
import type { HubState } from './state.js';
import type { Result } from './result.js';
import { reduce } from './reduce.js';

/** Reads the hub's one state (a part that only looks). */
export interface StateReader {
  readonly state: HubState;
}

/** After the state changed (`prev` !== `next`); `tree`: Lua renders again. */
export type StateListener = (prev: HubState, next: HubState, tree: boolean) => void;

/** An intent as it was dispatched, and when (the `now` the reducer was given). */
export interface Dispatched {
  intent: Intent;
  now: number;
}

/** The hub's one state: read it, change it only with intents (`now`: when it happened, on the hub's clock), hear it change. */
export interface Store extends StateReader {
  dispatch(intent: Intent, now?: number): void;
  subscribe(listener: StateListener): () => void;
}

/**
 * How many intents were dispatched so far, and which since a given count: the state a reducer
 * reached from the state at `rev` is the hub's exactly when it took the same intents at the same
 * times (the worker's frame for a command, HubFrame.offerTree).
 */
export interface DispatchLog {
  readonly rev: number;
  /** The intents dispatched since `rev` (null: too long ago to tell). */
  since(rev: number): Dispatched[] | null;
}

/** Dispatches remembered for `since` (a command's round trip sees a few). */
const LOG_SIZE = 64;

/**
 * The one state and its reducer: dispatch reduces, tells the listeners, then hands the result's
 * dirty flags and effects to `after` (the frame scheduler and the effect runner, wired by the
 * composition root). Pure apart from those callbacks: no I/O, no timers.
 */
export class HubStore implements Store, DispatchLog {
  private current: HubState;
  private count = 0;
  private readonly log: Dispatched[] = [];
  private readonly listeners = new Set<StateListener>();
  private closed = false;

  constructor(
    initial: HubState,
    private readonly now: () => number,
    private readonly after: (res: Result) => void,
  ) {
    this.current = initial;
  }

  get state(): HubState {
    return this.current;
  }

  dispatch(intent: Intent, now = this.now()): void {
    if (this.closed) return;
    const prev = this.current;
    const at = Math.round(now);
    this.count++;
    this.log.push({ intent, now: at });
    if (this.log.length > LOG_SIZE) this.log.shift();
    const res = reduce(prev, intent, at);
    this.current = res.state;
    if (res.state !== prev) for (const l of this.listeners) l(prev, res.state, res.dirty.tree);
    this.after(res);
  }

  get rev(): number {
    return this.count;
  }

  since(rev: number): Dispatched[] | null {
    const n = this.count - rev;
    return n < 0 || n > this.log.length ? null : this.log.slice(this.log.length - n);
  }

  /** Hears every state change, before the frame it causes is asked for and its effects run. */
  subscribe(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private noticeIds = 0;

  /**
   * An error notice (the level most callers mean), or an info one. Answers its id: notice_clear
   * takes it off by that (another notice of the same words stays).
   */
  notify(
    text: string,
    level: 'info' | 'error' = 'error',
    untilKey = false,
    /** The agents whose screens it quotes (hub/readable-state.ts). */
    about?: readonly string[],
  ): string {
    const id = `n${++this.noticeIds}`;
    this.dispatch({
      type: 'notify',
      text,
      level,
      id,
      ...(untilKey ? { untilKey } : {}),
      ...(about?.length ? { about } : {}),
    });
    return id;
  }

  /** Takes notice `id` off the screen, if it is still there (shown, or waiting behind another). */
  unnotify(id: string): void {
    this.dispatch({ type: 'notice_clear', id });
  }

  /** Nothing changes the state after this (the hub is disposed). */
  dispose(): void {
    this.closed = true;
  }
}
