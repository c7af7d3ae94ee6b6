import React from 'react';
import { Box } from 'ink';
import type { WidgetNode } from '../tree/types.js';
import { Container } from './widgets/Container.js';
import { Header, Input, ListWidget, Spacer, StatusBar, TerminalSlot, TextWidget } from './widgets/Leaves.js';
import { AgentList } from './widgets/AgentList.js';
import { DiffSlot } from './widgets/DiffSlot.js';

/**
 * Draws one validated widget node (and its children) as Ink components; a node that is the same
 * object as last time (see shareSubtrees) is not drawn again.
 */
export const TreeView = React.memo(function DrawNode({ node }: { node: WidgetNode }): React.ReactNode {
  switch (node.type) {
    case 'column':
    case 'row':
    case 'panel':
      return (
        <Container props={node.props} direction={node.type === 'row' ? 'row' : 'column'}>
          {node.children.map((c, i) => (
            <TreeView key={i} node={c} />
          ))}
        </Container>
      );
    case 'overlay':
      return (
        <Box position="absolute" width="100%" height="100%" alignItems="center" justifyContent="center">
          <Container
            props={{ border: 'rounded', ...node.props, style: { bg: 'black', ...node.props.style } }}
            direction="column"
          >
            {node.children.map((c, i) => (
              <TreeView key={i} node={c} />
            ))}
          </Container>
        </Box>
      );
    case 'text':
      return <TextWidget node={node} />;
    case 'header':
      return <Header node={node} />;
    case 'status_bar':
      return <StatusBar node={node} />;
    case 'list':
      return <ListWidget node={node} />;
    case 'agent_list':
      return <AgentList node={node} />;
    case 'terminal':
      return <TerminalSlot node={node} />;
    case 'diff':
      return <DiffSlot node={node} />;
    case 'spacer':
      return <Spacer node={node} />;
    case 'input':
      return <Input node={node} />;
  }
});

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
    <Box ref={rootRef} width={width} height={height} flexDirection="column" overflow="hidden">
      <TreeView node={root} />
    </Box>
  );
}
