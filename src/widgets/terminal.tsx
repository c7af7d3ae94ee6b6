// ui.terminal(agent, props): the agent's live screen; the painter fills it from the agent's
// headless terminal, Ink only lays it out.
import type { BoxProps } from '../tree/types.js';
import { integer } from '../tree/tree-values.js';
import { agentRef } from '../tree/tree-agents.js';
import { boxStyle } from './style-props.js';
import { useRegisteredRef } from './layout-registry.js';
import { defineWidget, useKit } from './widget.js';

interface TerminalNode {
  type: 'terminal';
  props: BoxProps;
  agent: string | null;
  scroll: number;
  cursor: boolean;
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    terminal: TerminalNode;
  }
}

function Terminal({ node }: { node: TerminalNode }): React.ReactNode {
  const { Box, Text } = useKit();
  const ref = useRegisteredRef(
    'slots',
    node.agent === null ? undefined : { agent: node.agent, scroll: node.scroll, cursor: node.cursor },
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

export const terminal = defineWidget<TerminalNode>({
  type: 'terminal',
  props: ['agent', 'scroll', 'cursor'],
  lua: { args: ['agent'] },
  read: ({ p, props, path }) => ({
    type: 'terminal',
    props,
    agent: agentRef(p.agent, path),
    scroll: p.scroll === undefined ? 0 : Math.max(0, integer(p.scroll, path, 'scroll')),
    cursor: p.cursor !== false,
  }),
  Draw: Terminal,
});
