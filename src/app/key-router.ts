import type { KeyEvent } from '../keys/key-event.js';
import { canonicalKey } from '../keys/key-spec.js';

export type Mode = 'insert' | 'normal';

export interface KeyActions {
  mode(): Mode;
  setMode(mode: Mode): void;
  focusNext(delta: number): void;
  focusIndex(index: number): void;
  quit(): void;
  /** Forward an event to the focused agent, encoded for its terminal modes. */
  passthrough(ev: KeyEvent): void;
}

/** ctrl+g always leaves insert mode: the one way out of an agent that no binding can take. */
export const ESCAPE_CHORD = 'ctrl+g';

const NORMAL: Record<string, (a: KeyActions) => void> = {
  i: (a) => a.setMode('insert'),
  enter: (a) => a.setMode('insert'),
  escape: (a) => a.setMode('insert'),
  [ESCAPE_CHORD]: (a) => a.setMode('insert'),
  j: (a) => a.focusNext(1),
  down: (a) => a.focusNext(1),
  tab: (a) => a.focusNext(1),
  k: (a) => a.focusNext(-1),
  up: (a) => a.focusNext(-1),
  'shift+tab': (a) => a.focusNext(-1),
  q: (a) => a.quit(),
};

export const NORMAL_HINT = 'j/k: switch agent  1-9: focus  i: back to agent  q: quit';
export const INSERT_HINT = `${ESCAPE_CHORD}: hub keys`;

/** The minimal keymap until Lua keybindings land: insert passes keys through, normal drives the hub. */
export function routeKey(ev: KeyEvent, a: KeyActions): void {
  if (ev.kind === 'mouse' || ev.kind === 'focus') return;
  const chord = ev.kind === 'paste' ? 'paste' : canonicalKey(ev);
  if (a.mode() === 'insert') {
    if (chord === ESCAPE_CHORD) a.setMode('normal');
    else a.passthrough(ev);
    return;
  }
  if (/^[1-9]$/.test(chord)) {
    a.focusIndex(Number(chord) - 1);
    a.setMode('insert');
    return;
  }
  NORMAL[chord]?.(a);
}
