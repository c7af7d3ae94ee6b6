// What a widget is: one file under src/widgets/ says how Lua builds it (ui.NAME), which props it
// takes, how a raw node is checked and read, and how it is drawn. The registry lists them.
import { createContext, useContext, type ReactNode } from 'react';
import type { Box, Text } from 'ink';
import type { BoxProps, Span, WidgetNode } from '../tree/types.js';
import type { Raw } from '../tree/tree-values.js';

/**
 * How `ui.NAME` builds the node in Lua (lua/core/ui.lua makes the function from this):
 * - `children: 'inside'`: `ui.NAME{ child, ..., prop = v }` (children in the array part);
 * - `children: 'after'`: `ui.NAME(props, child, ...)`, with `defaults` for props left out;
 * - `args`: `ui.NAME(arg..., props)`: each positional argument fills the prop it names (an
 *   argument named `agent` takes an agent or its id);
 * - `lua`: a Lua function of its own (a chunk that evaluates to it; `__botster.join_spans` helps).
 */
export type LuaBuilder =
  | { children: 'inside' | 'after'; defaults?: Record<string, string | number | boolean> }
  | { args: string[] }
  | { lua: string };

/** A raw node as the tree checker hands it over: its box props already read and checked. */
export interface ReadInput {
  /** The node as Lua built it ({ type, props, text, ... }). */
  raw: Raw;
  /** Its props, unknown ones removed. */
  p: Raw;
  props: BoxProps;
  /** Where it is in the tree, for errors: `App:render().children[2]`. */
  path: string;
  /** A container's children, checked. */
  children: WidgetNode[];
}

export interface WidgetDef<N extends WidgetNode = WidgetNode> {
  type: N['type'];
  /** The props it takes besides those every widget has (docs/lua/ui.md, "Props"). */
  props: readonly string[];
  lua: LuaBuilder;
  /** Props a `lua` builder fills from its arguments (not props a user writes: not annotated). */
  filled?: readonly string[];
  /** The text it shows, spans by spans (does the layout show a notice itself?); children aside. */
  mentions?(node: N): Span[][];
  /** Checks and reads a raw node; throws TreeError (from tree-values) naming the path. */
  read(input: ReadInput): N;
  /** Draws a node (a React component: hooks allowed); `useKit()` gives Ink's Box and Text. */
  Draw(props: { node: N }): ReactNode;
}

/** Keeps a widget's node type with its definition (the registry holds them as WidgetDef). */
export function defineWidget<N extends WidgetNode>(def: WidgetDef<N>): WidgetDef {
  return def as unknown as WidgetDef;
}

/**
 * Ink's primitives and the tree drawer, handed to widgets by the frame (src/ui/TreeView.tsx):
 * the widget files import no Ink, so the Lua worker, which reads trees with them, never loads it.
 */
export interface DrawKit {
  Box: typeof Box;
  Text: typeof Text;
  /** Draws a child node (containers). */
  Node: (props: { node: WidgetNode }) => ReactNode;
}

export const KitContext = createContext<DrawKit | null>(null);

export function useKit(): DrawKit {
  const kit = useContext(KitContext);
  if (!kit) throw new Error('a widget drawn outside the frame (no DrawKit)');
  return kit;
}
