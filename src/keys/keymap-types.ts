// Data shapes of the keymap (src/keys/keymap.ts). Plain data so bindings can be listed in the help
// overlay, handed to Lua (`keys.list()`) and rendered into the table of docs/keys.md.

import type { KeyEvent } from './key-event.js';

/**
 * A command id (resolved by the command registry), a verb (`verb`: the command of its name, its
 * face, where there is one, else the verb itself with `arg` as its arguments), or an opaque handle
 * of a Lua function.
 */
export type KeyAction =
  | { kind: 'command'; id: string; arg?: unknown; verb?: true }
  | { kind: 'function'; ref: number; /** the improvement whose Lua state holds it */ owner?: string };

export interface Binding {
  mode: string;
  /** Canonical chords, as parseKeySpec returns them. */
  keys: string[];
  /** As the user wrote it. */
  spec: string;
  action: KeyAction;
  desc: string;
  /** "builtin" or "file:line". */
  source: string;
}

export interface ModeOptions {
  /** Unbound keys go to the focused agent (insert). Default false. */
  passthrough?: boolean;
  /** Default true; false = one-shot: after one key is handled, go back to the previous mode. */
  sticky?: boolean;
  desc?: string;
}

export type ModeInfo = { name: string } & Required<ModeOptions>;

/**
 * Extras on a result:
 * - replay: events the caller feeds again, in order, after handling this result and in whatever
 *   mode is current by then (a key that broke a pending sequence, or the tail of a sequence after
 *   a shorter binding ran). Absent when there is nothing to replay.
 * - leaveMode: the mode is one-shot (sticky = false) and this result ends its one key: go back to
 *   the previous mode after running the action (unless the action itself switched modes).
 */
interface Extras {
  replay?: KeyEvent[];
  leaveMode?: true;
}

export type KeyResult =
  /** Run it. */
  | ({ kind: 'action'; binding: Binding } & Extras)
  /** A prefix of a longer binding: wait for more (the caller arms the sequence timeout). */
  | ({ kind: 'pending'; prefix: string[] } & Extras)
  /** Send these to the agent, in order (includes the keys of an abandoned prefix). */
  | ({ kind: 'passthrough'; events: KeyEvent[] } & Extras)
  /** A non-passthrough mode has no binding; chord is the whole attempted sequence ("g x"). */
  | ({ kind: 'unhandled'; chord: string } & Extras);

/** A bad bind/unbind/mode/reserve call. Messages carry no file:line; the caller adds it. */
export class KeymapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeymapError';
  }
}
