import type { KeyEvent } from '../keys/key-event.js';
import { soon } from '../clock/soon.js';
import { activeTable } from '../keys/overlay-tables.js';
import { encodeForPty } from '../keys/encode-key.js';
import type { InputHost } from './input-controller.js';
import { encodeMouse } from './mouse.js';
import type { Agent } from '../agents/agent.js';
import type { InputDeps } from './ports.js';

// The other agents' output waits at most this long for the echo (a program may not echo at all).
const ECHO_HOLD_MS = 15;

/** The keymap's side of the hub: passthrough to the focused agent, actions, overlays, the mouse. */
export function inputHost(deps: InputDeps): InputHost {
  // The keys typed into an agent in one go go to it in one write: a paste the terminal did not
  // bracket is a key per byte, and a write (and a state change) per byte kept the hub busy for
  // seconds on a 2 MB paste. Written at the end of the input at hand (inputDone, else a microtask
  // later), and before anything else that could write or change the focus (an action, the
  // mouse), so the order holds. The write comes before the hub's bookkeeping (a turn begins, the
  // other agents are held): the echo is on its way meanwhile.
  let pending: { agent: Agent; data: string[] } | null = null;
  const flush = () => {
    const p = pending;
    pending = null;
    if (!p || p.agent.isExited) return;
    p.agent.write(p.data.join(''));
    deps.typed(p.agent.id);
    agents.holdOthers(p.agent, ECHO_HOLD_MS);
  };
  const { store, agents } = deps;
  return {
    mode: () => store.state.client.mode,
    previousMode: () => store.state.client.prevMode,
    setMode: (mode) => store.dispatch({ type: 'set_mode', mode }),
    passthrough: (ev) => {
      const agent = deps.focused();
      if (!agent || agent.isExited) return;
      const data = encodeForPty(ev, agent.terminal.keyModes);
      if (!data) return;
      if (pending && pending.agent !== agent) flush();
      if (!pending) {
        pending = { agent, data: [] };
        soon(flush);
      }
      pending.data.push(data);
    },
    typeThrough: (data, keys) => {
      const agent = deps.focused();
      if (!agent || agent.isExited) return false;
      // (The bytes as typed only when the agent's terminal modes encode the keys so: an arrow in
      // application cursor mode is another sequence.)
      const text = keys.text(data, agent.terminal.keyModes.applicationCursorKeys);
      if (text === null) return false;
      // What an earlier key left to write goes first.
      if (pending && pending.agent !== agent) flush();
      if (pending) pending.data.push(text);
      else pending = { agent, data: [text] };
      flush();
      return true;
    },
    run: (binding) => {
      flush();
      deps.run(binding);
    },
    inputDone: flush,
    overlayTable: () =>
      activeTable({
        selecting: store.state.client.selection !== null,
        overlay: store.state.client.overlay?.kind ?? null,
      }),
    closeOverlay: () =>
      store.dispatch(store.state.client.selection ? { type: 'select_cancel' } : { type: 'overlay_close' }),
    typeIntoPrompt: (ev) => {
      const text = typed(ev);
      if (text) store.dispatch({ type: 'palette_edit', text });
      return text !== null;
    },
    unhandled: (chord) => deps.emit('key_unhandled', { key: chord, mode: store.state.client.mode }),
    mouse: (ev) => {
      flush();
      mouse(deps, ev);
    },
    reportBindingError: (message) => store.dispatch({ type: 'config_error', error: message }),
    reportModes: (modes) => store.dispatch({ type: 'modes_loaded', modes }),
  };
}

/** What a key or a paste types into a prompt: printable text, or null (ctrl/alt chords, named keys). */
function typed(ev: KeyEvent): string | null {
  if (ev.kind === 'paste') return ev.text || null;
  if (ev.kind !== 'key' || ev.ctrl || ev.alt) return null;
  if (ev.name === 'space') return ' ';
  return [...ev.name].length === 1 ? ev.name : null;
}

/**
 * The wheel scrolls the panel under the pointer, a click focuses it; a child that turned on mouse
 * tracking gets the event instead, at panel-local coordinates.
 */
function mouse(deps: InputDeps, ev: KeyEvent): void {
  const m = ev.mouse;
  if (!m) return;
  const { store } = deps;
  const compositor = deps.compositor();
  const slot = [...compositor.slots]
    .reverse()
    .find((p) => m.x >= p.clip.x1 && m.x < p.clip.x2 && m.y >= p.clip.y1 && m.y < p.clip.y2);
  const agent = slot ? deps.agents.get(slot.slot.agent) : undefined;
  if (!slot || !agent) {
    // A click on an agent's row in the agent list focuses it.
    const row = compositor.targets.find(
      (t) => m.x >= t.rect.x && m.x < t.rect.x + t.rect.w && m.y >= t.rect.y && m.y < t.rect.y + t.rect.h,
    );
    if (row && m.action === 'press' && m.button === 'left') store.dispatch({ type: 'focus', id: row.agent });
    return;
  }
  const modes = agent.terminal.modes;
  if (modes.mouseTracking !== 'none' && !(agent.id in store.state.scroll) && !agent.isExited) {
    const data = encodeMouse(
      ev,
      m.x - slot.rect.x + 1,
      m.y - slot.rect.y + 1,
      (modes.mouseEncoding ?? '').toUpperCase().startsWith('SGR'),
    );
    if (data) agent.write(data);
    if (m.action === 'press' && m.button === 'left') store.dispatch({ type: 'focus', id: agent.id });
    return;
  }
  if (m.button === 'wheelup' || m.button === 'wheeldown')
    deps.scroll(agent.id, m.button === 'wheelup' ? 3 : -3);
  else if (m.action === 'press') store.dispatch({ type: 'focus', id: agent.id });
}
