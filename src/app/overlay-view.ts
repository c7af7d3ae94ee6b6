import type { WidgetNode } from '../tree/types.js';
import { paletteMatches } from '../hub/reduce-overlay.js';
import { helpOverlay, paletteOverlay } from './overlays.js';
import type { ClientState } from '../hub/state.js';
import type { Hub } from './hub.js';

/** A client's open overlay (help or a palette) as a widget tree, drawn over its layout. */
export function overlayNode(hub: Hub, view: ClientState): WidgetNode | null {
  const { overlay, mode, cols, rows } = view;
  if (overlay?.kind === 'help') {
    const others = mode === 'insert' ? [] : [{ mode: 'insert', bindings: hub.inputCtl.bindingsFor('insert') }];
    return helpOverlay(mode, hub.inputCtl.bindingsFor(mode), cols, rows, overlay.scroll, others);
  }
  if (overlay?.kind === 'palette') {
    const items = paletteMatches(overlay).map((it) => ({ ...it, category: '', source: '' }));
    return paletteOverlay({ query: overlay.query, index: overlay.index }, items, cols, rows, overlay.title);
  }
  return null;
}
