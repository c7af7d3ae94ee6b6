// ui.panel(props, child, ...): a box with a border (rounded unless it says) and a title on it.
import type { BoxProps, WidgetNode } from '../tree/types.js';
import { Container } from './container.js';
import { defineWidget } from './widget.js';

interface PanelNode {
  type: 'panel';
  props: BoxProps;
  children: WidgetNode[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    panel: PanelNode;
  }
}

export const panel = defineWidget<PanelNode>({
  type: 'panel',
  props: [],
  lua: { children: 'after', defaults: { border: 'rounded' } },
  mentions: (node) => [[{ text: node.props.title ?? '' }]],
  read: ({ props, children }) => ({ type: 'panel', props, children }),
  Draw: ({ node }) => <Container props={node.props} direction="column" children={node.children} />,
});
