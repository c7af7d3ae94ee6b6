// ui.row{ child, ..., prop = v }: a horizontal stack.
import type { BoxProps, WidgetNode } from '../tree/types.js';
import { Container } from './container.js';
import { defineWidget } from './widget.js';

interface RowNode {
  type: 'row';
  props: BoxProps;
  children: WidgetNode[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    row: RowNode;
  }
}

export const row = defineWidget<RowNode>({
  type: 'row',
  props: [],
  lua: { children: 'inside' },
  mentions: (node) => [[{ text: node.props.title ?? '' }]],
  read: ({ props, children }) => ({ type: 'row', props, children }),
  Draw: ({ node }) => <Container props={node.props} direction="row" children={node.children} />,
});
