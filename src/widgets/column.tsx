// ui.column{ child, ..., prop = v }: a vertical stack.
import type { BoxProps, WidgetNode } from '../tree/types.js';
import { Container } from './container.js';
import { defineWidget } from './widget.js';

interface ColumnNode {
  type: 'column';
  props: BoxProps;
  children: WidgetNode[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    column: ColumnNode;
  }
}

export const column = defineWidget<ColumnNode>({
  type: 'column',
  props: [],
  lua: { children: 'inside' },
  mentions: (node) => [[{ text: node.props.title ?? '' }]],
  read: ({ props, children }) => ({ type: 'column', props, children }),
  Draw: ({ node }) => <Container props={node.props} direction="column" children={node.children} />,
});
