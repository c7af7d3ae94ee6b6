// The registry as a Lua chunk: lua/core/ui.lua makes ui.NAME for each widget from it.
import { WIDGETS } from './registry.js';
import type { LuaBuilder } from './widget.js';

function literal(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{ ${v.map(literal).join(', ')} }`;
  if (v && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `[${JSON.stringify(k)}] = ${literal(x)}`)
      .join(', ')} }`;
  throw new Error(`a widget's Lua builder holds ${typeof v}`);
}

function builder(b: LuaBuilder): string {
  if ('lua' in b) return `build = (${b.lua})`;
  if ('args' in b) return `args = ${literal(b.args)}`;
  return `children = ${literal(b.children)}${b.defaults ? `, defaults = ${literal(b.defaults)}` : ''}`;
}

let chunk: string | null = null;

/** Sets `__botster.widgets` (run before lua/core/ui.lua, in every state that loads it). */
export function widgetBuildersChunk(): string {
  chunk ??= `__botster.widgets = {\n${WIDGETS.map((w) => `  { type = ${JSON.stringify(w.type)}, ${builder(w.lua)} },`).join('\n')}\n}\n`;
  return chunk;
}
