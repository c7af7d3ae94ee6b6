// Key tables of what can be open over the modes, like WezTerm's copy_mode key table or tmux's
// copy-mode table: while a line selection, the help or a palette is open, its table answers a key
// first. Their bindings are ordinary Lua (keybindings/copy.lua, help.lua, palette.lua); what a
// table does with a key it does not bind is the overlay's nature, so it is fixed here.

/** drop: nothing happens; mode: the key works as usual (the current mode's keymap); type: a printable key or a paste types into the query. */
export type UnboundKeys = 'drop' | 'mode' | 'type';

export const OVERLAY_TABLES = Object.freeze({
  copy: 'drop',
  help: 'mode',
  palette: 'type',
} as const satisfies Record<string, UnboundKeys>);

export type OverlayTable = keyof typeof OVERLAY_TABLES;

export const OVERLAY_TABLE_NAMES = Object.keys(OVERLAY_TABLES) as OverlayTable[];

export function isOverlayTable(name: string): name is OverlayTable {
  return Object.hasOwn(OVERLAY_TABLES, name);
}

/** What is open, as the key tables care about it. */
export interface OpenFacts {
  /** A line selection (scroll.copy) is running. */
  selecting: boolean;
  overlay: 'help' | 'palette' | null;
}

/** The table that answers keys now; a selection wins over an overlay (it was there first). */
export function activeTable(open: OpenFacts): OverlayTable | null {
  if (open.selecting) return 'copy';
  return open.overlay;
}

export const OVERLAY_RESERVED_REASON = 'the way out closes whatever is open';
