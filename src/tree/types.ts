// The validated widget tree: what App:render returns after checking, as plain data.

export type Size = number | string; // cells, "30%", or "2fr" (flex share)
export type Color = string | number; // 16 names, 0-255, "#rrggbb"
export type BorderKind = 'single' | 'rounded' | 'double' | 'bold' | 'classic' | 'none';
export type WrapMode = 'wrap' | 'truncate' | 'truncate-start' | 'truncate-middle' | 'truncate-end';

export interface TextStyle {
  fg?: Color;
  bg?: Color;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  reverse?: boolean;
  strikethrough?: boolean;
}

export interface Span extends TextStyle {
  text: string;
  /** From a slot's pieces (ui.slot): a status bar cuts it before the hub's own text. */
  piece?: boolean;
}

export interface Edges {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface BoxProps {
  width?: Size;
  height?: Size;
  grow?: number;
  shrink?: number;
  minWidth?: Size;
  maxWidth?: Size;
  minHeight?: Size;
  maxHeight?: Size;
  padding?: Edges;
  margin?: Edges;
  gap?: number;
  align?: 'start' | 'center' | 'end' | 'stretch';
  justify?: 'start' | 'center' | 'end' | 'space-between' | 'space-around' | 'space-evenly';
  border?: BorderKind;
  borderColor?: Color;
  title?: string;
  /** The title as styled spans, when it has styles (a slot's pieces in it). */
  titleSpans?: Span[];
  titleStyle?: TextStyle;
  style?: TextStyle; // fg/bg/attrs applied to text inside; bg fills the box
  visible?: boolean;
}

export interface AgentView {
  id: string;
  name: string;
  command: string;
  cwd: string;
  status: string;
  /** running | waiting | idle | done | exited (status with done). */
  state?: string;
  /** The question it asks, what it runs. */
  reason?: string;
  /** The program in its foreground, when it is not the name. */
  program?: string;
  exit_code: number | null;
  /** The signal that ended it (15), and its name ("SIGTERM"), if one did. */
  signal?: number;
  signal_name?: string;
  title: string;
  attention?: boolean;
  branch?: string;
  /** The repository it works in (its top folder). */
  repo?: string;
  /** What the agent_list.row slot's pieces show at the end of its row. */
  extra?: Span[];
  /** The machine of settings.machines it runs on (absent: the hub's own). */
  machine?: string;
  /** The agent that started it (its team's lead): listed under it. */
  lead?: string;
}

/** A machine of settings.machines as an agent list groups by it (self.machines). */
export interface MachineView {
  name: string;
  state: string;
  error?: string;
  retry_in?: number;
}

export interface ListItem {
  spans: Span[];
}

/**
 * The validated nodes, one entry per widget: each widget's file under src/widgets/ adds its own
 * (`declare module '../tree/types.js' { interface WidgetNodes { NAME: ... } }`).
 */
export interface WidgetNodes {}

export type WidgetNode = WidgetNodes[keyof WidgetNodes];
export type WidgetType = WidgetNode['type'];
