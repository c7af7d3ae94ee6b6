// ui.diff(agent, props): an agent's changes (the review panel), against its base or only what is
// not committed; the painter fills it from the agent's diff document (only the rows on screen),
// from the line `top` (else where the open review panel is scrolled).
import type { BoxProps } from '../tree/types.js';
import { integer, oneOf } from '../tree/tree-values.js';
import { agentRef } from '../tree/tree-agents.js';
import { boxStyle } from './style-props.js';
import { useRegisteredRef } from './layout-registry.js';
import { defineWidget, useKit } from './widget.js';

interface DiffNode {
  type: 'diff';
  props: BoxProps;
  agent: string | null;
  mode: 'all' | 'uncommitted' | null;
  /** The document line at its top (null: the review panel's scroll). */
  top: number | null;
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    diff: DiffNode;
  }
}

function Diff({ node }: { node: DiffNode }): React.ReactNode {
  const { Box, Text } = useKit();
  const ref = useRegisteredRef(
    'slots',
    node.agent === null
      ? undefined
      : {
          agent: `diff:${node.agent}`,
          scroll: 0,
          cursor: false,
          ...(node.mode ? { diff: node.mode } : {}),
          ...(node.top !== null ? { top: node.top } : {}),
        },
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

export const diff = defineWidget<DiffNode>({
  type: 'diff',
  props: ['agent', 'mode', 'top'],
  lua: { args: ['agent'] },
  read: ({ p, props, path }) => ({
    type: 'diff',
    props,
    agent: agentRef(p.agent, path, 'diff'),
    mode: oneOf(p.mode, new Set(['all', 'uncommitted'] as const), path, 'mode') ?? null,
    top: p.top === undefined ? null : Math.max(0, integer(p.top, path, 'top')),
  }),
  Draw: Diff,
});
