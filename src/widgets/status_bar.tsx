// ui.status_bar(props): a one-line bar with left, center and right text.
import type { BoxProps, Span } from '../tree/types.js';
import { spans } from '../tree/read-text.js';
import { boxStyle, textProps } from './style-props.js';
import { Spans } from './spans.js';
import { defineWidget, useKit } from './widget.js';

interface StatusBarNode {
  type: 'status_bar';
  props: BoxProps;
  left: Span[];
  center: Span[];
  right: Span[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    status_bar: StatusBarNode;
  }
}

// How much faster the pieces' text (ui.slot: plugins', improvements', yours) gives up its room
// than the hub's own (mode, agents, questions, the hint): squeezed, the pieces are cut first.
const PIECE_SHRINK = 10_000;

type Run = { piece: boolean; spans: Span[] } | { gap: string };

/**
 * A part's spans as runs: the hub's own and the pieces', in their order. The blank a piece puts
 * between itself and the hub's text (ui.slot's before/after) is a run of its own that is never
 * cut, so a cut piece's "…" never touches the hint.
 */
function runs(list: Span[]): Run[] {
  const out: Array<{ piece: boolean; spans: Span[] }> = [];
  for (const s of list) {
    const piece = s.piece === true;
    const last = out[out.length - 1];
    if (last && last.piece === piece) last.spans.push(s);
    else out.push({ piece, spans: [s] });
  }
  return out.flatMap((r, i): Run[] => {
    if (!r.piece) return [r];
    const spans = [...r.spans];
    const first = spans[0];
    const last = spans[spans.length - 1];
    const lead = i > 0 ? (/^\s*/.exec(first.text)?.[0] ?? '') : '';
    const trail = i < out.length - 1 ? (/\s*$/.exec(last.text)?.[0] ?? '') : '';
    if (lead) spans[0] = { ...first, text: first.text.slice(lead.length) };
    const end = spans[spans.length - 1];
    if (trail) spans[spans.length - 1] = { ...end, text: end.text.slice(0, end.text.length - trail.length) };
    return [
      ...(lead ? [{ gap: lead }] : []),
      { piece: true, spans: spans.filter((x) => x.text !== '') },
      ...(trail ? [{ gap: trail }] : []),
    ];
  });
}

function StatusBar({ node }: { node: StatusBarNode }): React.ReactNode {
  const { Box, Text } = useKit();
  const style = { reverse: true, ...node.props.style };
  // Every run of every part is a box of the one row, so their shrink factors compare directly:
  // squeezed, the pieces' runs are cut first; then (40 columns) the hint on the right gives up
  // room before the left; each run is cut with "…" in its own box, parts one cell apart.
  const cell = (key: string) => (
    <Box key={key} flexShrink={0}>
      <Text {...textProps(style)}> </Text>
    </Box>
  );
  const part = (name: string, text: Span[], shrink: number) =>
    runs(text).map((r, i) =>
      'gap' in r ? (
        <Box key={`${name}${i}`} flexShrink={0}>
          <Text {...textProps(style)}>{r.gap}</Text>
        </Box>
      ) : (
        <Box key={`${name}${i}`} flexShrink={r.piece ? PIECE_SHRINK : shrink} overflow="hidden">
          <Text wrap="truncate" {...textProps(style)}>
            <Spans spans={r.spans} base={style} />
          </Text>
        </Box>
      ),
    );
  const spacer = (key: string) => <Box key={key} flexGrow={1} flexShrink={0} />;
  return (
    <Box height={1} flexShrink={0} flexDirection="row" {...boxStyle(node.props)}>
      <Text {...textProps(style)}> </Text>
      {part('l', node.left, 1)}
      {spacer('s1')}
      {node.center.length > 0 ? [cell('g1'), ...part('c', node.center, 2), spacer('s2')] : null}
      {node.right.length > 0 ? [cell('g2'), ...part('r', node.right, 2)] : null}
      <Text {...textProps(style)}> </Text>
    </Box>
  );
}

export const status_bar = defineWidget<StatusBarNode>({
  type: 'status_bar',
  props: ['left', 'center', 'right', 'text'],
  lua: { args: [] },
  mentions: (node) => [node.left, node.center, node.right],
  read: ({ p, props, path }) => ({
    type: 'status_bar',
    props,
    left: spans(p.left ?? p.text ?? '', `${path}.left`),
    center: spans(p.center ?? '', `${path}.center`),
    right: spans(p.right ?? '', `${path}.right`),
  }),
  Draw: StatusBar,
});
