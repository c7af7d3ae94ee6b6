// ui.input(props): a one-line field with a prompt, its value and the cursor in it.
import type { BoxProps, Span } from '../tree/types.js';
import { integer, str } from '../tree/tree-values.js';
import { spans } from '../tree/read-text.js';
import { boxStyle } from './style-props.js';
import { Spans } from './spans.js';
import { defineWidget, useKit } from './widget.js';

interface InputNode {
  type: 'input';
  props: BoxProps;
  value: string;
  prompt: Span[];
  placeholder: string;
  cursor: number | null;
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    input: InputNode;
  }
}

function Input({ node }: { node: InputNode }): React.ReactNode {
  const { Box, Text } = useKit();
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

export const input = defineWidget<InputNode>({
  type: 'input',
  props: ['value', 'prompt', 'placeholder', 'cursor'],
  lua: { args: [] },
  mentions: (node) => [node.prompt, [{ text: node.value }]],
  read: ({ p, props, path }) => ({
    type: 'input',
    props,
    value: str(p.value ?? '', path, 'value'),
    prompt: spans(p.prompt ?? '', `${path}.prompt`),
    placeholder: str(p.placeholder ?? '', path, 'placeholder'),
    cursor: p.cursor === undefined ? null : integer(p.cursor, path, 'cursor'),
  }),
  Draw: Input,
});
