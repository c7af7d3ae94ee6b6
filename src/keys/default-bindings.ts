// The one binding no configuration can take: the way out of insert mode (ctrl+g unless
// settings.way_out chooses another chord), and the same chord in every other mode, which leads to
// normal mode. Command ids are plain strings here because src/keys stands alone; the app
// resolves them through the command registry.

import type { Keymap } from './keymap.js';
import { isOverlayTable } from './overlay-tables.js';

/** The way out when the configuration does not choose one. */
export const ESCAPE_CHORD = 'ctrl+g';
export const ESCAPE_REASON = 'it is the way out of insert mode';

/** `chord` in insert runs mode.normal, and no bind() or unbind() can change that afterwards. */
export function installEscapeChord(keymap: Keymap, chord = ESCAPE_CHORD, source = 'builtin'): void {
  keymap.bind({
    mode: 'insert',
    spec: chord,
    action: { kind: 'command', id: 'mode.normal' },
    desc: 'Leave insert mode (always works; settings.way_out picks the key)',
    source,
  });
  keymap.reserve('insert', chord, ESCAPE_REASON);
}

/**
 * The way out pressed in any other mode goes to normal mode (already there: stays), so that the
 * habitual `ctrl+g d` is always the hub's `d`, whatever mode the hub was left in; it never types
 * into an agent (sending the chord itself is agent.send_way_out, a key of its own). A mode that
 * binds the chord itself keeps its binding.
 */
export function installWayOutInModes(keymap: Keymap, chord = ESCAPE_CHORD, source = 'builtin'): void {
  for (const { name } of keymap.modes()) {
    if (name === 'insert' || isOverlayTable(name) || keymap.lookup(name, chord)) continue;
    keymap.bind({
      mode: name,
      spec: chord,
      action: { kind: 'command', id: 'mode.normal' },
      desc:
        name === 'normal'
          ? 'Hub keys: stay in normal mode (the way out then a key is always that hub key)'
          : 'Normal mode: the way out then a key is always the hub key of normal mode',
      source,
    });
  }
}
