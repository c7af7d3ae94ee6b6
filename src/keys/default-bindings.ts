// The hub's default key bindings as data (the README's key table), and the one binding no
// configuration can take: ctrl+g leaves insert mode. Command ids are plain strings here because
// src/keys stands alone; the app resolves them through the command registry.

import type { Keymap } from './keymap.js';

export const ESCAPE_CHORD = 'ctrl+g';
export const ESCAPE_REASON = 'it is the way out of insert mode';

export interface DefaultBinding {
  mode: string;
  spec: string;
  command: string;
  arg?: number;
  desc: string;
}

const digits: DefaultBinding[] = Array.from({ length: 9 }, (_, i) => ({
  mode: 'normal', spec: String(i + 1), command: 'agent.focus', arg: i + 1, desc: `Focus agent ${i + 1} and go back to insert`,
}));

export const DEFAULT_BINDINGS: readonly DefaultBinding[] = Object.freeze([
  { mode: 'normal', spec: 'j', command: 'agent.next', desc: 'Focus the next agent' },
  { mode: 'normal', spec: 'down', command: 'agent.next', desc: 'Focus the next agent' },
  { mode: 'normal', spec: 'tab', command: 'agent.next', desc: 'Focus the next agent' },
  { mode: 'normal', spec: 'k', command: 'agent.prev', desc: 'Focus the previous agent' },
  { mode: 'normal', spec: 'up', command: 'agent.prev', desc: 'Focus the previous agent' },
  { mode: 'normal', spec: 'shift+tab', command: 'agent.prev', desc: 'Focus the previous agent' },
  ...digits,
  { mode: 'normal', spec: 'i', command: 'mode.insert', desc: 'Back to insert' },
  { mode: 'normal', spec: 'enter', command: 'mode.insert', desc: 'Back to insert' },
  { mode: 'normal', spec: 'escape', command: 'mode.insert', desc: 'Back to insert' },
  { mode: 'normal', spec: ESCAPE_CHORD, command: 'mode.insert', desc: 'Back to insert' },
  { mode: 'normal', spec: 'q', command: 'app.quit', desc: 'Quit' },
]);

/** ctrl+g in insert runs mode.normal, and no bind() or unbind() can change that afterwards. */
export function installEscapeChord(keymap: Keymap, source = 'builtin'): void {
  keymap.bind({
    mode: 'insert', spec: ESCAPE_CHORD, action: { kind: 'command', id: 'mode.normal' },
    desc: 'Leave insert mode (always)', source,
  });
  keymap.reserve('insert', ESCAPE_CHORD, ESCAPE_REASON);
}

/** The escape chord plus DEFAULT_BINDINGS. */
export function installDefaultBindings(keymap: Keymap, source = 'builtin'): void {
  installEscapeChord(keymap, source);
  for (const d of DEFAULT_BINDINGS) {
    const action = d.arg === undefined
      ? { kind: 'command' as const, id: d.command }
      : { kind: 'command' as const, id: d.command, arg: d.arg };
    keymap.bind({ mode: d.mode, spec: d.spec, action, desc: d.desc, source });
  }
}
