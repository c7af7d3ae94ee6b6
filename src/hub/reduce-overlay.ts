// The help overlay and palette-like overlays (command palette, choosers, one-line prompts): the
// host filters, moves the cursor and draws; what a choice does is the overlay's ChooseAction.
import { searchCommands } from './search-commands.js';
import type { Intent } from './intents.js';
import type { Effect } from './effect.js';
import type { HubState, OverlayState, PaletteItem, PaletteOverlay } from './state.js';
import { changed, type Result } from './result.js';

type Palette = PaletteOverlay;

/** The palette's items that match its query, best first. */
export function paletteMatches(p: Palette): PaletteItem[] {
  if (p.prompt) return [];
  return searchCommands(p.items, p.query);
}

function withOverlay(s: HubState, overlay: OverlayState | null): HubState {
  return { ...s, client: { ...s.client, overlay } };
}

/** The overlay closed: the next Lua dialog waiting its turn opens, if any. */
function closeOverlay(s: HubState): HubState {
  const [next, ...rest] = s.client.queued ?? [];
  if (!next) return withOverlay(s, null);
  return { ...s, client: { ...s.client, overlay: next, queued: rest.length ? rest : undefined } };
}

/** A Lua dialog that will never be answered hears so: its callback gets nil. */
export function cancelled(o: OverlayState | null | undefined): Effect[] {
  return o?.kind === 'palette' && o.action.kind === 'lua'
    ? [{ type: 'choose', action: o.action, value: null }]
    : [];
}

export function reduceOverlay(s: HubState, i: Intent): Result | null {
  const o = s.client.overlay;
  switch (i.type) {
    case 'help_toggle':
      return o?.kind === 'help'
        ? changed(closeOverlay(s))
        : changed(withOverlay(s, { kind: 'help', scroll: 0 }), cancelled(o));
    case 'help_scroll':
      if (o?.kind !== 'help') return null;
      return changed(withOverlay(s, { ...o, scroll: Math.max(0, o.scroll + i.lines) }));
    case 'palette_open': {
      const next: Palette = {
        kind: 'palette',
        title: i.title,
        items: i.items,
        query: i.query ?? '',
        index: 0,
        prompt: i.prompt === true,
        action: i.action,
      };
      // A Lua dialog arriving while a palette is open (a hook's, say) waits its turn: the keys
      // being typed stay with the one the user is in.
      if (i.action.kind === 'lua' && o?.kind === 'palette')
        return changed(
          { ...s, client: { ...s.client, queued: [...(s.client.queued ?? []), next] } },
          [],
          false,
        );
      return changed(withOverlay(s, next), cancelled(o));
    }
    case 'overlay_close':
      if (!o || (i.kind && o.kind !== i.kind)) return null;
      // A Lua dialog hears about the cancel: its callback gets nil.
      return changed(closeOverlay(s), cancelled(o));
    case 'palette_move': {
      if (o?.kind !== 'palette') return null;
      const last = Math.max(0, paletteMatches(o).length - 1);
      return changed(withOverlay(s, { ...o, index: Math.max(0, Math.min(last, o.index + i.delta)) }));
    }
    case 'palette_edit': {
      if (o?.kind !== 'palette') return null;
      const query = i.backspace
        ? [...o.query].slice(0, -1).join('')
        : o.query + (i.text ?? '').replace(/[\r\n]/g, ' ');
      return changed(withOverlay(s, { ...o, query, index: 0 }));
    }
    case 'palette_submit': {
      if (o?.kind !== 'palette') return null;
      const closed = closeOverlay(s);
      if (o.prompt) return changed(closed, [{ type: 'choose', action: o.action, value: o.query }]);
      // "agent.focus 3": an exact id and the rest of the line, the command's argument
      const [, id, arg] = /^\s*(\S+)\s+(.*\S)\s*$/.exec(o.query) ?? [];
      if (o.action.kind === 'command' && id && o.items.some((it) => it.id === id))
        return changed(closed, [{ type: 'choose', action: o.action, value: id, arg }]);
      const chosen = paletteMatches(o)[o.index];
      if (!chosen)
        return changed(
          closed,
          o.action.kind === 'lua' ? [{ type: 'choose', action: o.action, value: null }] : [],
        );
      return changed(closed, [{ type: 'choose', action: o.action, value: chosen.value ?? chosen.id }]);
    }
    default:
      return null;
  }
}
