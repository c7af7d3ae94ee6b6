import type { WidgetNode } from '../tree/types.js';
import type { Binding } from '../keys/keymap.js';
import type { CommandInfo } from '../commands/registry.js';
import { formatKeyForDisplay } from '../keys/key-spec.js';
import { textWidth } from '../ui/screen/text-width.js';

// An overlay is 80 columns (or the screen, when narrower) and grows to what it shows, up to the
// screen less a margin: a 120-column screen does not cut help and palette lines an 80-wide box would.
const BASE_WIDTH = 80;
const MIN_WIDTH = 30;
const MARGIN = 4;
// Its border and padding: a line of content is this much narrower than the box.
const FRAME = 4;

function overlayWidth(cols: number, lines: Iterable<string>): number {
  const most = Math.max(MIN_WIDTH, cols - MARGIN);
  let widest = 0;
  for (const l of lines) widest = Math.max(widest, textWidth(l));
  return Math.max(MIN_WIDTH, Math.min(most, Math.max(BASE_WIDTH, widest + FRAME)));
}

export interface PaletteState {
  query: string;
  index: number;
}

/** Draws an overlay over whatever the layout returned (the layout cannot lose help or palette). */
export function withOverlay(tree: WidgetNode, overlay: WidgetNode | null): WidgetNode {
  if (!overlay) return tree;
  const body =
    tree.props.height === undefined && tree.props.grow === undefined
      ? ({ ...tree, props: { ...tree.props, grow: 1 } } as WidgetNode)
      : tree;
  return { type: 'column', props: { grow: 1 }, children: [body, overlay] };
}

/** The live bindings of a mode, straight from the keymap. */
export function helpOverlay(
  mode: string,
  bindings: Binding[],
  cols: number,
  rows: number,
  scroll = 0,
  others: Array<{ heading: string; bindings: Binding[] }> = [],
  keys: { scroll: string | null; close: string } = { scroll: 'j/k', close: '? or escape' },
): WidgetNode {
  // The current mode first, then the other modes' and the overlay tables' keys under a heading each
  // (insert mode's keys are the ones that work while typing to an agent).
  const all: Array<{ key: string; desc: string; heading?: boolean }> = grouped(bindings);
  for (const o of others) {
    const lines = grouped(o.bindings);
    if (lines.length === 0) continue;
    all.push({ key: '', desc: o.heading, heading: true }, ...lines);
  }
  // Scrolled with the keys the help table binds (j/k, pageup/pagedown); the last page stays full.
  const height = Math.max(5, Math.min(rows - 2, all.length + 3));
  const fits = height - 3;
  const first = Math.max(0, Math.min(scroll, all.length - fits));
  const lines = all.slice(first, first + fits);
  const keyWidth = Math.min(22, Math.max(4, ...all.filter((l) => !l.heading).map((l) => l.key.length)));
  const width = overlayWidth(
    cols,
    all.map((l) => (l.heading ? `— ${l.desc}` : `${' '.repeat(keyWidth + 2)}${l.desc}`)),
  );
  return {
    type: 'overlay',
    props: {
      width,
      height,
      title: `Keys — ${mode} mode`,
      border: 'rounded',
      padding: { top: 0, right: 1, bottom: 0, left: 1 },
    },
    children: [
      {
        type: 'list',
        props: { grow: 1 },
        items: lines.map((l) =>
          l.heading
            ? { spans: [{ text: `— ${l.desc}`, bold: true }] }
            : {
                spans: [
                  { text: truncate(l.key, keyWidth).padEnd(keyWidth + 2), fg: 'cyan', bold: true },
                  { text: l.desc },
                ],
              },
        ),
        selected: null,
        selectedStyle: {},
      },
      {
        type: 'text',
        props: { wrap: 'truncate', style: { dim: true } },
        spans: [
          {
            text:
              all.length > fits
                ? `${first + 1}-${first + lines.length} of ${all.length}: ${keys.scroll ? `${keys.scroll} scroll; ` : ''}${keys.close} closes this`
                : `${keys.close} closes this`,
          },
        ],
      },
    ],
  };
}

/** Keys that do the same thing share a line: "i Enter Esc  Back to the agent". */
function grouped(bindings: Binding[]): Array<{ key: string; desc: string }> {
  const groups = new Map<string, string[]>();
  for (const b of bindings) {
    const desc = b.desc || describeAction(b);
    const keys = groups.get(desc) ?? [];
    keys.push(formatKeyForDisplay(b.spec));
    groups.set(desc, keys);
  }
  return [...groups].map(([desc, keys]) => ({ key: keys.join(' '), desc }));
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

function describeAction(b: Binding): string {
  return b.action.kind === 'command' ? b.action.id : 'Lua function';
}

/** The command palette: a filter line and the matching commands (`input`: free text, app:input). */
export function paletteOverlay(
  state: PaletteState,
  matches: CommandInfo[],
  cols: number,
  rows: number,
  title = 'Commands',
  input = false,
  text: readonly string[] = [],
  all: ReadonlyArray<Pick<CommandInfo, 'id' | 'description'>> = matches,
): WidgetNode {
  const width = overlayWidth(cols, [
    ...text,
    ...all.map((c) => `${c.id}  ${c.description}`),
    `${title}      `, // the title sits in the top border
  ]);
  // What choosing means, above the filter line (as much as the screen leaves room for).
  const lines = text.slice(0, Math.max(0, rows - 12));
  const visible = Math.max(1, Math.min(matches.length, rows - 8 - lines.length, 15));
  const start = Math.max(0, Math.min(state.index - visible + 1, matches.length - visible));
  const shown = matches.slice(start, start + visible);
  return {
    type: 'overlay',
    props: {
      width,
      height: visible + 4 + lines.length,
      title,
      border: 'rounded',
      padding: { top: 0, right: 1, bottom: 0, left: 1 },
    },
    children: [
      ...lines.map((line): WidgetNode => ({
        type: 'text',
        props: { wrap: 'truncate' },
        spans: [{ text: line }],
      })),
      {
        type: 'input',
        props: {},
        value: state.query,
        prompt: [{ text: '> ', fg: 'cyan', bold: true }],
        placeholder: input ? 'type, then enter' : 'type to filter',
        cursor: null,
      },
      matches.length === 0
        ? {
            type: 'text',
            props: { wrap: 'truncate', style: { dim: true } },
            spans: [{ text: input ? '' : 'nothing matches' }],
          }
        : {
            type: 'list',
            props: { grow: 1 },
            items: shown.map((c) => ({
              spans: [
                { text: c.id, bold: true },
                { text: `  ${c.description}`, dim: true },
              ],
            })),
            selected: state.index - start + 1,
            selectedStyle: { reverse: true },
          },
    ],
  };
}

/** A dialog the caller may not read (it quotes an agent it may not read): its box, saying so. */
export function withheldOverlay(title: string, text: readonly string[], cols: number): WidgetNode {
  return {
    type: 'overlay',
    props: {
      width: overlayWidth(cols, [...text, `${title}      `]),
      height: text.length + 2,
      title,
      border: 'rounded',
      padding: { top: 0, right: 1, bottom: 0, left: 1 },
    },
    children: text.map((line): WidgetNode => ({
      type: 'text',
      props: { wrap: 'truncate', style: { dim: true } },
      spans: [{ text: line }],
    })),
  };
}
