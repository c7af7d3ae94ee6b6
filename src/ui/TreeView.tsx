import React from 'react';
import { Box, Text } from 'ink';
import type { WidgetNode } from '../tree/types.js';
import { widgetOf } from '../widgets/registry.js';
import { KitContext, type DrawKit } from '../widgets/widget.js';

/**
 * Draws one validated widget node (and its children) with its widget's Draw; a node that is the
 * same object as last time (see shareSubtrees) is not drawn again.
 */
export const TreeView = React.memo(function DrawNode({ node }: { node: WidgetNode }): React.ReactNode {
  const { Draw } = widgetOf(node);
  return <Draw node={node} />;
});

const KIT: DrawKit = { Box, Text, Node: TreeView };

/** The whole frame: a box of exactly the terminal's size holding the user's tree. */
export function Frame({
  node,
  width,
  height,
  rootRef,
}: {
  node: WidgetNode;
  width: number;
  height: number;
  rootRef?: React.Ref<import('ink').DOMElement>;
}): React.ReactNode {
  // The root widget fills the frame unless it asks for a size.
  const root =
    node.props.height === undefined && node.props.grow === undefined
      ? ({ ...node, props: { ...node.props, grow: 1 } } as WidgetNode)
      : node;
  return (
    <KitContext.Provider value={KIT}>
      <Box ref={rootRef} width={width} height={height} flexDirection="column" overflow="hidden">
        <TreeView node={root} />
      </Box>
    </KitContext.Provider>
  );
}
