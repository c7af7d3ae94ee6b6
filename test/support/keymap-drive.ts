// A reference caller of the keymap, as the app will drive it: runs mode.* commands, leaves one-shot
// modes, replays what the keymap hands back, and logs every result as one readable line.

import type { KeyEvent } from '../../src/keys/key-event.js';
import { canonicalKey } from '../../src/keys/key-spec.js';
import type { Keymap, KeyResult } from '../../src/keys/keymap.js';
import { KeyParser } from '../../src/keys/parse-keys.js';
import { keyEventsFromSpec } from '../../src/keys/spec-to-events.js';

export function key(spec: string): KeyEvent {
  const evs = keyEventsFromSpec(spec);
  if (evs.length !== 1) throw new Error(`"${spec}" is not one key`);
  return evs[0];
}

export function parse(input: string): KeyEvent[] {
  const out: KeyEvent[] = [];
  const p = new KeyParser((ev) => out.push(ev));
  p.feed(input);
  p.flush();
  p.dispose();
  return out;
}

export const PASTE = (): KeyEvent => parse('\x1b[200~hello\x1b[201~')[0];
export const MOUSE = (): KeyEvent => parse('\x1b[<0;5;3M')[0];

export function show(r: KeyResult): string {
  switch (r.kind) {
    case 'action': {
      const a = r.binding.action;
      // (a verb bound as a verb: `verb agent.kill(agent=focused)`)
      const arg = (v: unknown) =>
        v !== null && typeof v === 'object'
          ? Object.entries(v)
              .map(([k, x]) => `${k}=${String(x)}`)
              .join(' ')
          : String(v);
      const what =
        a.kind === 'command' ? a.id + (a.arg === undefined ? '' : `(${arg(a.arg)})`) : `fn#${a.ref}`;
      return `${a.kind === 'command' && a.verb ? 'verb' : 'run'} ${what}`;
    }
    case 'pending':
      return `wait ${r.prefix.join(' ')}`;
    case 'passthrough':
      return `send ${r.events.map(canonicalKey).join(' ')}`;
    case 'unhandled':
      return `nope ${r.chord}`;
  }
}

/**
 * Tokens separated by spaces: a key spec chord, T (the sequence timeout fires), PASTE or MOUSE.
 * Returns the log and the final mode.
 */
export function drive(km: Keymap, input: string, start = 'normal'): { log: string[]; mode: string } {
  const log: string[] = [];
  let mode = start;
  let previous = start;
  const handle = (r: KeyResult | null): void => {
    if (!r) {
      log.push('-');
      return;
    }
    log.push(show(r));
    const before = mode;
    if (
      r.kind === 'action' &&
      r.binding.action.kind === 'command' &&
      r.binding.action.id.startsWith('mode.')
    ) {
      previous = mode;
      mode = r.binding.action.id.slice(5);
    }
    if (r.leaveMode && mode === before) mode = previous;
    for (const ev of r.replay ?? []) handle(km.feed(mode, ev));
  };
  for (const tok of input.split(' ').filter((t) => t !== '')) {
    if (tok === 'T') handle(km.timeout(mode));
    else if (tok === 'PASTE') handle(km.feed(mode, PASTE()));
    else if (tok === 'MOUSE') handle(km.feed(mode, MOUSE()));
    else handle(km.feed(mode, key(tok)));
  }
  return { log, mode };
}
