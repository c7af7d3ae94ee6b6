import type { KeyEvent } from '../keys/key-event.js';
import { canonicalKey } from '../keys/key-spec.js';
import { encodeForPty } from '../keys/encode-key.js';
import type { Intent } from '../hub/intents.js';
import type { InputHost } from './input-controller.js';
import { encodeMouse } from './mouse.js';
import type { Hub } from './hub.js';

// Output that arrives this soon after a key is the key's echo: draw it without waiting.
const INPUT_ECHO_WINDOW_MS = 100;
// The other agents' output waits at most this long for the echo (a program may not echo at all).
const ECHO_HOLD_MS = 15;

/** The keymap's side of the hub: passthrough to the focused agent, actions, overlays, the mouse. */
export function inputHost(hub: Hub): InputHost {
  return {
    mode: () => hub.state.client.mode,
    previousMode: () => hub.state.client.prevMode,
    setMode: (mode) => hub.setMode(mode),
    passthrough: (ev) => {
      const agent = hub.focused;
      if (!agent || agent.info.status === 'exited') return;
      const data = encodeForPty(ev, agent.terminal.modes);
      if (!data) return;
      hub.inputUntil = performance.now() + INPUT_ECHO_WINDOW_MS;
      hub.dispatch({ type: 'typed', id: agent.info.id });
      hub.agents.holdOthers(agent, ECHO_HOLD_MS);
      agent.write(data);
    },
    run: (binding) => {
      const action = binding.action;
      hub.keyAction(
        action.kind === 'function'
          ? hub.runner.runLua((render) => hub.lua.invokeBinding(binding.mode, binding.keys.join(' '), hub.appData(), action.owner, render), binding.source, action.owner)
          : hub.runCommand(action.id, action.arg, binding.source),
      );
    },
    overlayKey: (ev) => {
      const intent = overlayIntent(hub, ev);
      if (intent === undefined) return false;
      if (intent) hub.dispatch(intent);
      return true;
    },
    unhandled: (chord) => void hub.events.emit('key_unhandled', { key: chord, mode: hub.state.client.mode }),
    mouse: (ev) => mouse(hub, ev),
    reportBindingError: (message) => hub.dispatch({ type: 'config_error', error: message }),
  };
}

/** The intent a key means while a selection or an overlay is open; undefined = not taken. */
function overlayIntent(hub: Hub, ev: KeyEvent): Intent | null | undefined {
  const s = hub.state;
  const chord = ev.kind === 'key' ? canonicalKey(ev) : ev.kind;
  const out = hub.inputCtl.wayOut; // the way out closes whatever is open
  if (s.selection && ev.kind === 'key') {
    const agent = hub.agents.get(s.selection.agentId);
    if (!agent) return { type: 'select_cancel' };
    const t = agent.terminal;
    const term = { lineCount: t.lineCount, rows: t.rows, scrollbackLength: t.scrollbackLength };
    if (chord === 'j' || chord === 'down') return { type: 'select_move', delta: 1, term };
    if (chord === 'k' || chord === 'up') return { type: 'select_move', delta: -1, term };
    if (chord === 'v' || chord === 'space') return { type: 'select_mark' };
    if (chord === 'y' || chord === 'enter') return { type: 'select_copy' };
    if (chord === 'escape' || chord === out || chord === 'q') return { type: 'select_cancel' };
    return null; // other keys do nothing while selecting
  }
  const o = s.client.overlay;
  if (!o) return undefined;
  if (o.kind === 'help') {
    if (chord === 'j' || chord === 'down') return { type: 'help_scroll', lines: 1 };
    if (chord === 'k' || chord === 'up') return { type: 'help_scroll', lines: -1 };
    if (chord === 'pagedown' || chord === 'space') return { type: 'help_scroll', lines: Math.max(1, s.client.rows - 6) };
    if (chord === 'pageup') return { type: 'help_scroll', lines: -Math.max(1, s.client.rows - 6) };
    // other keys work as usual with the help open
    return chord === 'escape' || chord === '?' || chord === 'q' || chord === out || chord === 'enter' ? { type: 'overlay_close' } : undefined;
  }
  // The palette owns the keyboard.
  if (chord === 'escape' || chord === out) return { type: 'overlay_close' };
  if (chord === 'enter') return { type: 'palette_submit' };
  if (chord === 'up' || chord === 'ctrl+p' || chord === 'shift+tab') return { type: 'palette_move', delta: -1 };
  if (chord === 'down' || chord === 'ctrl+n' || chord === 'tab') return { type: 'palette_move', delta: 1 };
  if (chord === 'backspace') return { type: 'palette_edit', backspace: true };
  if (ev.kind === 'paste' && ev.text) return { type: 'palette_edit', text: ev.text };
  if (chord === 'space') return { type: 'palette_edit', text: ' ' };
  if (ev.kind === 'key' && !ev.ctrl && !ev.alt && [...ev.name].length === 1) return { type: 'palette_edit', text: ev.name };
  return null;
}

/**
 * The wheel scrolls the panel under the pointer, a click focuses it; a child that turned on mouse
 * tracking gets the event instead, at panel-local coordinates.
 */
function mouse(hub: Hub, ev: KeyEvent): void {
  const m = ev.mouse;
  if (!m) return;
  const slot = [...hub.compositor.slots].reverse().find((p) => m.x >= p.clip.x1 && m.x < p.clip.x2 && m.y >= p.clip.y1 && m.y < p.clip.y2);
  const agent = slot ? hub.agents.get(slot.slot.agent) : undefined;
  if (!slot || !agent) {
    // A click on an agent's row in the agent list focuses it.
    const row = hub.compositor.targets.find((t) => m.x >= t.rect.x && m.x < t.rect.x + t.rect.w && m.y >= t.rect.y && m.y < t.rect.y + t.rect.h);
    if (row && m.action === 'press' && m.button === 'left') hub.focus(row.agent);
    return;
  }
  const modes = agent.terminal.modes;
  if (modes.mouseTracking !== 'none' && !(agent.info.id in hub.state.scroll) && agent.info.status !== 'exited') {
    const data = encodeMouse(ev, m.x - slot.rect.x + 1, m.y - slot.rect.y + 1, (modes.mouseEncoding ?? '').toUpperCase().startsWith('SGR'));
    if (data) agent.write(data);
    if (m.action === 'press' && m.button === 'left') hub.focus(agent.info.id);
    return;
  }
  if (m.button === 'wheelup' || m.button === 'wheeldown') hub.scrollAgent(agent.info.id, m.button === 'wheelup' ? 3 : -3);
  else if (m.action === 'press') hub.focus(agent.info.id);
}
