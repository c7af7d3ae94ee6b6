import type { BuiltinCommandId } from '../commands/builtin-commands.js';
import type { CommandHandler } from '../commands/registry.js';
import type { Hub } from './hub.js';

type OverlayCommandId = Extract<BuiltinCommandId, `copy.${string}` | `help.${string}` | `palette.${string}`>;

/** What the overlay key tables' commands do (keybindings/copy.lua, help.lua, palette.lua). */
export function overlayHandlers(): Record<Exclude<OverlayCommandId, 'help.toggle' | 'palette.open'>, CommandHandler<Hub>> {
  return {
    'copy.down': (hub, arg) => moveSelection(hub, lines(arg)),
    'copy.up': (hub, arg) => moveSelection(hub, -lines(arg)),
    'copy.mark': (hub) => hub.dispatch({ type: 'select_mark' }),
    'copy.yank': (hub) => hub.dispatch({ type: 'select_copy' }),
    'copy.cancel': (hub) => hub.dispatch({ type: 'select_cancel' }),
    'help.down': (hub, arg) => hub.dispatch({ type: 'help_scroll', lines: lines(arg) }),
    'help.up': (hub, arg) => hub.dispatch({ type: 'help_scroll', lines: -lines(arg) }),
    'help.page_down': (hub) => hub.dispatch({ type: 'help_scroll', lines: helpPage(hub) }),
    'help.page_up': (hub) => hub.dispatch({ type: 'help_scroll', lines: -helpPage(hub) }),
    'help.close': (hub) => void (hub.state.client.overlay?.kind === 'help' && hub.dispatch({ type: 'overlay_close' })),
    'palette.next': (hub) => hub.dispatch({ type: 'palette_move', delta: 1 }),
    'palette.prev': (hub) => hub.dispatch({ type: 'palette_move', delta: -1 }),
    'palette.submit': (hub) => hub.dispatch({ type: 'palette_submit' }),
    'palette.backspace': (hub) => hub.dispatch({ type: 'palette_edit', backspace: true }),
    'palette.cancel': (hub) => void (hub.state.client.overlay?.kind === 'palette' && hub.dispatch({ type: 'overlay_close' })),
  };
}

/** A count argument: a positive whole number of lines, 1 when absent or nonsense. */
function lines(arg: unknown): number {
  const n = typeof arg === 'string' ? Number(arg) : arg;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}

// The help overlay shows rows - 6 lines of bindings at most (see helpOverlay).
function helpPage(hub: Hub): number {
  return Math.max(1, hub.state.client.rows - 6);
}

function moveSelection(hub: Hub, delta: number): void {
  const sel = hub.state.client.selection;
  if (!sel) return;
  const agent = hub.agents.get(sel.agentId);
  if (!agent) return hub.dispatch({ type: 'select_cancel' });
  const t = agent.terminal;
  hub.dispatch({ type: 'select_move', delta, term: { lineCount: t.lineCount, rows: t.rows, scrollbackLength: t.scrollbackLength } });
}
