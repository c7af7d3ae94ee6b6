import type { WidgetNode } from '../tree/types.js';
import { paletteMatches } from '../hub/reduce-overlay.js';
import { helpOverlay, paletteOverlay, withheldOverlay } from './overlays.js';
import { isOverlayTable } from '../keys/overlay-tables.js';
import { helpKeys } from '../keys/table-hints.js';
import type { ClientState } from '../hub/state.js';
import type { KeymapFacts } from './ports.js';

/** A client's open overlay (help or a palette) as a widget tree, drawn over its layout. */
export function overlayNode(ctl: KeymapFacts, view: ClientState): WidgetNode | null {
  const { overlay, mode, cols, rows } = view;
  if (overlay?.kind === 'help') {
    // After the current mode: insert mode's keys (they work while typing), then the overlay tables'.
    const others =
      mode === 'insert'
        ? []
        : [{ heading: 'insert mode (while typing to the agent)', bindings: ctl.bindingsFor('insert') }];
    for (const t of ctl.tables()) {
      if (isOverlayTable(t.name))
        others.push({ heading: `${t.name}: ${t.desc || 'key table'}`, bindings: ctl.bindingsFor(t.name) });
    }
    return helpOverlay(
      mode,
      ctl.bindingsFor(mode),
      cols,
      rows,
      overlay.scroll,
      others,
      helpKeys(ctl.bindingsFor('help'), ctl.wayOut),
    );
  }
  if (overlay?.kind === 'palette' && overlay.withheld)
    return withheldOverlay(overlay.title, overlay.text ?? [], cols);
  if (overlay?.kind === 'palette') {
    // A choice that needs its word typed says so (Enter alone on it is "not now").
    const shown = (it: (typeof overlay.items)[number]) => ({
      ...it,
      description:
        it.confirm === undefined
          ? it.description
          : `${it.description ? `${it.description}  ` : ''}(type "${it.confirm}", then Enter)`,
      category: '',
      source: '',
    });
    const items = paletteMatches(overlay).map(shown);
    // app:input takes free text: no filter hint, no "nothing matches" under what is typed.
    const input = overlay.action.kind === 'lua' && overlay.action.input === true;
    return paletteOverlay(
      { query: overlay.query, index: overlay.index },
      items,
      cols,
      rows,
      overlay.title,
      input,
      overlay.text,
      // Its width from every item, not the matches: it keeps its size as the user filters.
      overlay.items.map(shown),
    );
  }
  return null;
}
