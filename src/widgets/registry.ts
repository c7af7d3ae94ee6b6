// Every widget Lua can build (ui.NAME), one file each. A new widget: its file here, a line below,
// its annotation in lua/meta/ui.lua and its line in docs/lua/ui.md (test/architecture/widgets.test.ts).
import type { WidgetNode } from '../tree/types.js';
import type { WidgetDef } from './widget.js';
import { column } from './column.js';
import { row } from './row.js';
import { panel } from './panel.js';
import { overlay } from './overlay.js';
import { text } from './text.js';
import { header } from './header.js';
import { status_bar } from './status_bar.js';
import { list } from './list.js';
import { agent_list } from './agent_list.js';
import { terminal } from './terminal.js';
import { diff } from './diff.js';
import { spacer } from './spacer.js';
import { input } from './input.js';

export const WIDGETS: readonly WidgetDef[] = [
  column,
  row,
  panel,
  overlay,
  text,
  header,
  status_bar,
  list,
  agent_list,
  terminal,
  diff,
  spacer,
  input,
];

export const WIDGET_BY_TYPE: ReadonlyMap<string, WidgetDef> = new Map(WIDGETS.map((w) => [w.type, w]));

/** The definition that draws a node (the tree was read with the same registry). */
export function widgetOf(node: WidgetNode): WidgetDef {
  return WIDGET_BY_TYPE.get(node.type)!;
}
