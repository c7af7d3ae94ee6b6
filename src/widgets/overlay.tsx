// ui.overlay(props, child, ...): a centered modal drawn over everything before it.
import type { BoxProps, WidgetNode } from '../tree/types.js';
import { Container } from './container.js';
import { defineWidget, useKit } from './widget.js';

interface OverlayNode {
  type: 'overlay';
  props: BoxProps;
  children: WidgetNode[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    overlay: OverlayNode;
  }
}

function Overlay({ node }: { node: OverlayNode }): React.ReactNode {
  const { Box } = useKit();
  return (
    <Box position="absolute" width="100%" height="100%" alignItems="center" justifyContent="center">
      <Container
        props={{ border: 'rounded', ...node.props, style: { bg: 'black', ...node.props.style } }}
        direction="column"
        children={node.children}
      />
    </Box>
  );
}

export const overlay = defineWidget<OverlayNode>({
  type: 'overlay',
  props: [],
  lua: { children: 'after' },
  mentions: (node) => [[{ text: node.props.title ?? '' }]],
  read: ({ props, children }) => ({ type: 'overlay', props, children }),
  Draw: Overlay,
});
