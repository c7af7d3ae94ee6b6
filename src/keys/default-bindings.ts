// The one binding no configuration can take: the way out of insert mode (ctrl+g unless
// settings.way_out chooses another chord), and its partner in normal mode that sends the chord
// itself to the agent. Command ids are plain strings here because src/keys stands alone; the app
// resolves them through the command registry.

import type { Keymap } from './keymap.js';

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
 * The way out pressed again, in normal mode, sends it to the agent (tmux's send-prefix: `C-b C-b`
 * sends C-b), unless the configuration bound that chord in normal mode itself.
 */
export function installSendWayOut(keymap: Keymap, chord = ESCAPE_CHORD, source = 'builtin'): void {
  if (keymap.lookup('normal', chord)) return;
  keymap.bind({
    mode: 'normal',
    spec: chord,
    action: { kind: 'command', id: 'agent.send_way_out' },
    desc: 'Send the way-out key itself to the agent (pressing it twice sends it once)',
    source,
  });
}
