// ui.list(items, props): lines, one of them `selected` (1-based) in `selected_style`.
import type { BoxProps, ListItem, TextStyle } from '../tree/types.js';
import { TreeError, asArray, describe, integer, isObject } from '../tree/tree-values.js';
import { spans, style } from '../tree/read-text.js';
import { boxStyle, textProps } from './style-props.js';
import { Spans } from './spans.js';
import { defineWidget, useKit } from './widget.js';

interface ListNode {
  type: 'list';
  props: BoxProps;
  items: ListItem[];
  selected: number | null;
  selectedStyle: TextStyle;
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    list: ListNode;
  }
}

function List({ node }: { node: ListNode }): React.ReactNode {
  const { Box, Text } = useKit();
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

export const list = defineWidget<ListNode>({
  type: 'list',
  props: ['items', 'selected', 'selected_style'],
  lua: { args: ['items'] },
  mentions: (node) => node.items.map((it) => it.spans),
  read: ({ p, props, path }) => {
    const items = asArray(p.items ?? []);
    if (!items) throw new TreeError(path, `items must be a list, got ${describe(p.items)}`);
    return {
      type: 'list',
      props,
      items: items.map((it, i): ListItem => ({
        spans: spans(isObject(it) && 'text' in it && !('spans' in it) ? [it] : it, `${path}.items[${i + 1}]`),
      })),
      selected:
        p.selected === undefined || p.selected === null ? null : integer(p.selected, path, 'selected'),
      selectedStyle: style(p.selected_style ?? {}, `${path}.selected_style`),
    };
  },
  Draw: List,
});
