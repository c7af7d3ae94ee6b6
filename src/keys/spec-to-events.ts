// Key spec -> the KeyEvents a terminal would deliver for it (xterm bytes run through the real parser).
// For scripted input such as `snapshot --keys "j j enter"` and for tests.

import type { KeyEvent } from './key-event.js';
import { encodeChord } from './encode-key.js';
import { parseKeySpec } from './key-spec.js';
import { KeyParser } from './parse-keys.js';

/** "ctrl+a c" -> two events; throws KeySpecError on a bad spec. */
export function keyEventsFromSpec(spec: string): KeyEvent[] {
  const events: KeyEvent[] = [];
  const parser = new KeyParser((ev) => events.push(ev));
  for (const chord of parseKeySpec(spec)) {
    parser.feed(encodeChord(chord));
    parser.flush(); // each chord stands alone: a trailing ESC is the escape key, not alt+next
  }
  parser.dispose();
  return events;
}
