// ui.header(props): a one-line title bar: title, subtitle, left (after the subtitle), right.
import type { BoxProps, Span } from '../tree/types.js';
import { spans } from '../tree/read-text.js';
import { boxStyle, textProps } from './style-props.js';
import { Spans } from './spans.js';
import { defineWidget, useKit } from './widget.js';

interface HeaderNode {
  type: 'header';
  props: BoxProps;
  title: Span[];
  subtitle: Span[];
  left: Span[];
  right: Span[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    header: HeaderNode;
  }
}

function Header({ node }: { node: HeaderNode }): React.ReactNode {
  const { Box, Text } = useKit();
  const base = { bold: true, ...node.props.style };
  return (
    <Box height={1} flexShrink={0} paddingX={1} gap={2} {...boxStyle(node.props)}>
      <Text wrap="truncate" {...textProps(base)}>
        <Spans spans={node.title} />
      </Text>
      {node.subtitle.length > 0 ? (
        <Text wrap="truncate" {...textProps({ dim: true, ...node.props.style, bold: false })}>
          <Spans spans={node.subtitle} />
        </Text>
      ) : null}
      {node.left.length > 0 ? (
        <Text wrap="truncate" {...textProps({ ...node.props.style, bold: false })}>
          <Spans spans={node.left} />
        </Text>
      ) : null}
      {node.right.length > 0 ? (
        <Box flexGrow={1} justifyContent="flex-end" overflow="hidden">
          <Text wrap="truncate" {...textProps({ ...node.props.style, bold: false })}>
            <Spans spans={node.right} />
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}

export const header = defineWidget<HeaderNode>({
  type: 'header',
  props: ['subtitle', 'left', 'right'],
  lua: { args: [] },
  mentions: (node) => [node.title, node.subtitle, node.left, node.right],
  read: ({ p, props, path }) => ({
    type: 'header',
    props,
    title: spans(p.title ?? '', `${path}.title`),
    subtitle: spans(p.subtitle ?? '', `${path}.subtitle`),
    left: spans(p.left ?? '', `${path}.left`),
    right: spans(p.right ?? '', `${path}.right`),
  }),
  Draw: Header,
});
