// ui.status_bar(props): a one-line bar with left, center and right text.
import type { BoxProps, Span } from '../tree/types.js';
import { spans } from '../tree/read-text.js';
import { boxStyle, textProps } from '../ui/style-props.js';
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

function StatusBar({ node }: { node: StatusBarNode }): React.ReactNode {
  const { Box, Text } = useKit();
  const style = { reverse: true, ...node.props.style };
  // Squeezed (40 columns), each part is cut with "…" inside its own box, one cell apart, and the
  // hint on the right gives up room first: left and right never run into each other.
  const part = (
    text: Span[],
    grow: number,
    justify: 'flex-start' | 'center' | 'flex-end',
    shrink = 1,
    gap = false,
  ) => (
    <>
      {gap ? (
        <Box flexShrink={0}>
          <Text {...textProps(style)}> </Text>
        </Box>
      ) : null}
      <Box flexGrow={grow} flexShrink={shrink} justifyContent={justify} overflow="hidden">
        <Text wrap="truncate" {...textProps(style)}>
          <Spans spans={text} base={style} />
        </Text>
      </Box>
    </>
  );
  return (
    <Box height={1} flexShrink={0} flexDirection="row" {...boxStyle(node.props)}>
      <Text {...textProps(style)}> </Text>
      {part(node.left, 1, 'flex-start')}
      {node.center.length > 0 ? part(node.center, 1, 'center', 2, true) : null}
      {part(node.right, node.right.length > 0 ? 1 : 0, 'flex-end', 2, node.right.length > 0)}
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
