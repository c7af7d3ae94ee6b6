import React from 'react';
import { Box, Text } from 'ink';
import type { WidgetNode } from '../../tree/types.js';
import { boxStyle } from '../style-props.js';
import { useRegisteredRef } from '../layout-registry.js';

/**
 * The review panel: a box the painter fills from the agent's diff document (only the rows on
 * screen), like a terminal panel; Ink only lays it out.
 */
export function DiffSlot({ node }: { node: Extract<WidgetNode, { type: 'diff' }> }): React.ReactNode {
  const ref = useRegisteredRef(
    'slots',
    node.agent === null
      ? undefined
      : { agent: `diff:${node.agent}`, scroll: 0, cursor: false, ...(node.mode ? { diff: node.mode } : {}) },
  );
  if (node.agent === null) {
    return (
      <Box flexGrow={1} justifyContent="center" alignItems="center" {...boxStyle(node.props)}>
        <Text dimColor>no agent</Text>
      </Box>
    );
  }
  return <Box ref={ref} flexGrow={1} flexDirection="column" {...boxStyle(node.props)} />;
}
