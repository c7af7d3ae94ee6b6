import React from 'react';
import { Box, Text } from 'ink';
import type { WidgetNode } from '../../tree/types.js';
import { boxStyle, maxSize, textProps } from '../style-props.js';
import { useRegisteredRef } from '../layout-registry.js';
import { Spans } from './Spans.js';

type NodeOf<T extends WidgetNode['type']> = Extract<WidgetNode, { type: T }>;

export function TextWidget({ node }: { node: NodeOf<'text'> }): React.ReactNode {
  const ref = useRegisteredRef('limits', maxSize(node.props));
  const justify =
    node.props.align_text === 'center'
      ? 'center'
      : node.props.align_text === 'right'
        ? 'flex-end'
        : undefined;
  return (
    <Box ref={ref} {...boxStyle(node.props)} justifyContent={justify}>
      <Text wrap={node.props.wrap} {...textProps(node.props.style)}>
        <Spans spans={node.spans} />
      </Text>
    </Box>
  );
}

export function Header({ node }: { node: NodeOf<'header'> }): React.ReactNode {
  const base = { bold: true, ...node.props.style };
  return (
    <Box height={1} flexShrink={0} paddingX={1} gap={2} {...boxStyle(node.props)}>
      <Text wrap="truncate" {...textProps(base)}>
        <Spans spans={node.title} />
      </Text>
      {node.subtitle.length > 0 ? (
        <Text wrap="truncate" {...textProps({ dim: true, ...node.props.style, bold: false })}>
          <Spans spans={node.subtitle} />
        </Text>
      ) : null}
      {node.left.length > 0 ? (
        <Text wrap="truncate" {...textProps({ ...node.props.style, bold: false })}>
          <Spans spans={node.left} />
        </Text>
      ) : null}
      {node.right.length > 0 ? (
        <Box flexGrow={1} justifyContent="flex-end" overflow="hidden">
          <Text wrap="truncate" {...textProps({ ...node.props.style, bold: false })}>
            <Spans spans={node.right} />
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}

export function StatusBar({ node }: { node: NodeOf<'status_bar'> }): React.ReactNode {
  const style = { reverse: true, ...node.props.style };
  // Squeezed (40 columns), each part is cut with "…" inside its own box, one cell apart, and the
  // hint on the right gives up room first: left and right never run into each other.
  const part = (
    spans: NodeOf<'status_bar'>['left'],
    grow: number,
    justify: 'flex-start' | 'center' | 'flex-end',
    shrink = 1,
    gap = false,
  ) => (
    <>
      {gap ? (
        <Box flexShrink={0}>
          <Text {...textProps(style)}> </Text>
        </Box>
      ) : null}
      <Box flexGrow={grow} flexShrink={shrink} justifyContent={justify} overflow="hidden">
        <Text wrap="truncate" {...textProps(style)}>
          <Spans spans={spans} base={style} />
        </Text>
      </Box>
    </>
  );
  return (
    <Box height={1} flexShrink={0} flexDirection="row" {...boxStyle(node.props)}>
      <Text {...textProps(style)}> </Text>
      {part(node.left, 1, 'flex-start')}
      {node.center.length > 0 ? part(node.center, 1, 'center', 2, true) : null}
      {part(node.right, node.right.length > 0 ? 1 : 0, 'flex-end', 2, node.right.length > 0)}
      <Text {...textProps(style)}> </Text>
    </Box>
  );
}

export function ListWidget({ node }: { node: NodeOf<'list'> }): React.ReactNode {
  const selectedStyle = Object.keys(node.selectedStyle).length > 0 ? node.selectedStyle : { reverse: true };
  return (
    <Box flexDirection="column" overflow="hidden" {...boxStyle(node.props)}>
      {node.items.map((item, i) => (
        // One row each, never squeezed: rows that do not fit are clipped, not overdrawn.
        <Box key={i} height={1} flexShrink={0}>
          <Text
            wrap="truncate"
            {...textProps(
              i + 1 === node.selected ? { ...node.props.style, ...selectedStyle } : node.props.style,
            )}
          >
            <Spans spans={item.spans} base={i + 1 === node.selected ? selectedStyle : undefined} />
          </Text>
        </Box>
      ))}
    </Box>
  );
}

export function TerminalSlot({ node }: { node: NodeOf<'terminal'> }): React.ReactNode {
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

export function Spacer({ node }: { node: NodeOf<'spacer'> }): React.ReactNode {
  return <Box {...boxStyle(node.props)} />;
}

export function Input({ node }: { node: NodeOf<'input'> }): React.ReactNode {
  const value = node.value;
  const cursor = node.cursor === null ? value.length : Math.max(0, Math.min(value.length, node.cursor));
  const empty = value.length === 0;
  return (
    <Box height={1} flexShrink={0} {...boxStyle(node.props)}>
      <Text wrap="truncate-start">
        <Spans spans={node.prompt} />
        {empty && node.placeholder ? (
          <>
            <Text inverse>{node.placeholder[0]}</Text>
            <Text dimColor>{node.placeholder.slice(1)}</Text>
          </>
        ) : (
          <>
            {value.slice(0, cursor)}
            <Text inverse>{value[cursor] ?? ' '}</Text>
            {value.slice(cursor + 1)}
          </>
        )}
      </Text>
    </Box>
  );
}
