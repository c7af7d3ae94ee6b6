import { isOverlayTable } from '../../keys/overlay-tables.js';
import { DEFAULT_SETTINGS, type ConfigExport, type ExportedBinding } from '../../hub/configuration.js';

/**
 * The key spec that runs command `id` in `mode` in the keymap this configuration builds (what the
 * hub's InputController.load makes of it: later binds of the same keys replace earlier ones,
 * improvements' unbinds remove, the way out always leaves insert mode and leads to normal mode
 * from the others), or null when no key does.
 */
export function keyFor(exp: ConfigExport, mode: string, id: string): string | null {
  const wayOut = exp.settings?.way_out ?? DEFAULT_SETTINGS.way_out;
  if (mode === 'insert' && id === 'mode.normal') return wayOut;
  const live = new Map<string, ExportedBinding>();
  for (const b of exp.bindings) {
    if (b.mode !== mode || (mode === 'insert' && b.keys.includes(wayOut))) continue;
    live.set(b.keys.join(' '), b);
  }
  for (const u of exp.unbinds ?? []) if (u.mode === mode) live.delete(u.keys.join(' '));
  for (const b of live.values()) if (b.action.kind === 'command' && b.action.id === id) return b.spec;
  // The way out pressed in any other mode leads to normal mode unless that mode binds it itself.
  if (id === 'mode.normal' && !isOverlayTable(mode) && !live.has(wayOut)) return wayOut;
  return null;
}
