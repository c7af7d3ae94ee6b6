import type { ExportedBinding } from '../hub/configuration.js';
import { formatKeyForDisplay } from '../keys/key-spec.js';
import { ESCAPE_CHORD } from '../keys/default-bindings.js';
import { OVERLAY_TABLE_NAMES, type OverlayTable } from '../keys/overlay-tables.js';

export interface KeyRow {
  mode: string;
  key: string;
  action: string;
  desc: string;
  /** Where it is bound (file:line), for bindings not shipped. */
  from?: string;
}

/** The live bindings as rows, the hub's own way out (settings.way_out) first, in insert and normal mode. */
export function keyRows(
  bindings: ExportedBinding[],
  wayOut = ESCAPE_CHORD,
  shipped: (source: string) => boolean = () => true,
): KeyRow[] {
  const key = formatKeyForDisplay(wayOut);
  const rows: KeyRow[] = [
    {
      mode: 'insert',
      key,
      action: 'mode.normal',
      desc: 'Leave insert mode (built in; no configuration can remove it; `settings.way_out` picks the key)',
    },
  ];
  if (!bindings.some((b) => b.mode === 'normal' && b.keys.length === 1 && b.keys[0] === wayOut)) {
    rows.push({
      mode: 'normal',
      key,
      action: 'mode.normal',
      desc: 'Stay in normal mode: from any mode, the way out then a key is always that hub key (built in)',
    });
  }
  for (const b of bindings) {
    const action = b.action.kind === 'command' ? commandText(b.action) : 'Lua function';
    rows.push({
      mode: b.mode,
      key: formatKeyForDisplay(b.spec),
      action,
      desc: b.desc,
      ...(shipped(b.source) ? {} : { from: b.source }),
    });
  }
  // The way out closes whatever is open, too (no binding can take it there).
  for (const t of OVERLAY_TABLE_NAMES)
    rows.push({
      mode: t,
      key,
      action: CLOSE[t],
      desc: 'The way out closes it too (built in; `settings.way_out` picks the key)',
    });
  // Built-in modes and tables first, in that order, then user modes as they appear; stable within.
  const rank = (m: string) => (ORDER.includes(m) ? ORDER.indexOf(m) : ORDER.length);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r.mode) - rank(b.r.mode) || a.i - b.i)
    .map(({ r }) => r);
}

/** A binding's command as the table shows it: a verb's arguments as `name=value` words (`agent.kill agent=focused`). */
function commandText(a: { id: string; arg?: unknown; verb?: true }): string {
  if (a.arg === undefined) return a.id;
  if (a.verb && typeof a.arg === 'object' && a.arg !== null && !Array.isArray(a.arg))
    return [
      a.id,
      ...Object.entries(a.arg).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`),
    ].join(' ');
  return `${a.id} ${JSON.stringify(a.arg)}`;
}

const ORDER: string[] = ['insert', 'normal', ...OVERLAY_TABLE_NAMES];
const CLOSE: Record<OverlayTable, string> = {
  copy: 'copy.cancel',
  help: 'help.close',
  palette: 'palette.cancel',
};

export function keysMarkdown(bindings: ExportedBinding[], wayOut?: string): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| mode | key | command | what it does |', '|---|---|---|---|'];
  for (const r of keyRows(bindings, wayOut))
    lines.push(`| ${r.mode} | \`${esc(r.key)}\` | \`${esc(r.action)}\` | ${esc(r.desc)} |`);
  return lines.join('\n');
}

export function keysText(
  bindings: ExportedBinding[],
  wayOut?: string,
  shipped?: (source: string) => boolean,
): string {
  const rows = keyRows(bindings, wayOut, shipped);
  const w = (k: 'mode' | 'key' | 'action') => Math.max(...rows.map((r) => r[k].length));
  return rows
    .map(
      (r) =>
        `${r.mode.padEnd(w('mode'))}  ${r.key.padEnd(w('key'))}  ${r.action.padEnd(w('action'))}  ${r.desc}${r.from ? `  (${r.from})` : ''}`,
    )
    .join('\n');
}
