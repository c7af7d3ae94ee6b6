// What a reducer step returns, and the helpers every part of the reducer builds it with.
import type { Effect } from './effect.js';
import type { HubState } from './state.js';

/** How long a notice stays on screen. */
export const NOTICE_MS = 15000;

export interface Result {
  state: HubState;
  effects: Effect[];
  /** tree: Lua must render again; urgent: the user caused it (not held back by the frame cap). */
  dirty: { tree: boolean; urgent: boolean };
}

export const same = (state: HubState): Result => ({
  state,
  effects: [],
  dirty: { tree: false, urgent: false },
});
export const changed = (state: HubState, effects: Effect[] = [], urgent = true): Result => ({
  state,
  effects,
  dirty: { tree: true, urgent },
});

/**
 * A notice replaces the last one and goes away after NOTICE_MS; one that waits for a key
 * (`untilKey`) has no timer, and the notices that come meanwhile wait behind it (the last one).
 */
export function notify(
  s: HubState,
  text: string,
  level: 'info' | 'error',
  untilKey = false,
  id?: string,
  about?: readonly string[],
): Result {
  const named = { ...(id === undefined ? {} : { id }), ...(about?.length ? { about } : {}) };
  if (s.notice?.untilKey && !untilKey)
    return changed(
      { ...s, notice: { ...s.notice, behind: { text, level, ...named } } },
      [{ type: 'log', level, text }],
      false,
    );
  const seq = (s.notice?.seq ?? 0) + 1;
  if (untilKey)
    return changed({ ...s, notice: { text, level, seq, untilKey, ...named } }, [
      { type: 'log', level, text },
    ]);
  return changed({ ...s, notice: { text, level, seq, ...named } }, [
    { type: 'log', level, text },
    { type: 'timer', name: 'notice', ms: NOTICE_MS, intent: { type: 'notice_expired', seq } },
  ]);
}

/** How to start a search, in a notice: the key the keymap has for it, or the command's id. */
export function howToSearch(key: string | undefined): string {
  return key ? `press ${key} to search` : 'scroll.search searches';
}
