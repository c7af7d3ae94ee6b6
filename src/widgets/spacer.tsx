// ui.spacer(props): empty space that grows (unless it is given a size).
import type { BoxProps } from '../tree/types.js';
import { boxStyle } from './style-props.js';
import { defineWidget, useKit } from './widget.js';

interface SpacerNode {
  type: 'spacer';
  props: BoxProps;
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    spacer: SpacerNode;
  }
}

function Spacer({ node }: { node: SpacerNode }): React.ReactNode {
  const { Box } = useKit();
  return <Box {...boxStyle(node.props)} />;
}

export const spacer = defineWidget<SpacerNode>({
  type: 'spacer',
  props: [],
  lua: { args: [] },
  read: ({ props }) => ({
    type: 'spacer',
    props:
      props.grow === undefined && props.width === undefined && props.height === undefined
        ? { ...props, grow: 1 }
        : props,
  }),
  Draw: Spacer,
});
