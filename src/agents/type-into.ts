// An agent's ability to be typed into as the user types: text, then keys encoded in its terminal's modes.
import type { Agent } from './agent.js';
import { encodeForPty } from '../keys/encode-key.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { KeyEvent } from '../keys/key-event.js';

/** What typing text, then pressing keys, writes to an agent's terminal (its modes decide the keys' bytes). */
export function typed(agent: Agent, text: string, events: KeyEvent[]): string {
  return text + events.map((ev) => encodeForPty(ev, agent.terminal.modes)).join('');
}

/**
 * Types text, then presses keys (key specs; a bad one throws before anything is typed), into an
 * agent as if you typed them: its view returns to the live bottom, the echo is drawn at once, and
 * a turn begins. Returns the bytes written.
 */
export function typeInto(
  typing: { typed(agentId: string): void },
  agent: Agent,
  text: string,
  keys?: string,
  events = keys ? keyEventsFromSpec(keys) : [],
): number {
  const data = typed(agent, text, events);
  typing.typed(agent.id);
  agent.write(data);
  return Buffer.byteLength(data);
}
