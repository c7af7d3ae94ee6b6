// The hub's default key bindings as data (the README's key table), and the one binding no
// configuration can take: ctrl+g leaves insert mode. Command ids are plain strings here because
// src/keys stands alone; the app resolves them through the command registry.

import type { Keymap } from './keymap.js';

export const ESCAPE_CHORD = 'ctrl+g';
export const ESCAPE_REASON = 'it is the way out of insert mode';

/** ctrl+g in insert runs mode.normal, and no bind() or unbind() can change that afterwards. */
export function installEscapeChord(keymap: Keymap, source = 'builtin'): void {
  keymap.bind({
    mode: 'insert', spec: ESCAPE_CHORD, action: { kind: 'command', id: 'mode.normal' },
    desc: 'Leave insert mode (always)', source,
  });
  keymap.reserve('insert', ESCAPE_CHORD, ESCAPE_REASON);
}
