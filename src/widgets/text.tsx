// ui.text(content, props): a string, a span ({ text = "x", fg = "red" }) or a list of them.
import type { BoxProps, Span, WrapMode } from '../tree/types.js';
import { WRAPS } from '../tree/tree-vocabulary.js';
import { oneOf } from '../tree/tree-values.js';
import { spans } from '../tree/read-text.js';
import { boxStyle, maxSize, textProps } from './style-props.js';
import { useRegisteredRef } from './layout-registry.js';
import { Spans } from './spans.js';
import { defineWidget, useKit } from './widget.js';

interface TextNode {
  type: 'text';
  props: BoxProps & { wrap: WrapMode; align_text?: 'left' | 'center' | 'right' };
  spans: Span[];
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    text: TextNode;
  }
}

function TextWidget({ node }: { node: TextNode }): React.ReactNode {
  const { Box, Text } = useKit();
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

export const text = defineWidget<TextNode>({
  type: 'text',
  props: ['wrap', 'align_text', 'slot'],
  lua: {
    lua: `function(content, props)
  if props ~= nil and type(props) ~= "table" then
    error(("ui.text expects props as a table, got %s"):format(type(props)), 2)
  end
  local kind = type(content)
  if kind == "table" then
    local mt = getmetatable(content)
    -- An object that knows how to print itself is text (its __tostring errors are the caller's).
    if type(mt) == "table" and mt.__tostring ~= nil then content = tostring(content) end
  elseif kind ~= "string" and kind ~= "number" and kind ~= "boolean" and kind ~= "nil" then
    -- Functions, coroutines and userdata cannot cross to the hub: say so instead of drawing nothing.
    error(("ui.text expects a string, a span or a list of spans, got a %s"):format(kind), 2)
  end
  return { type = "text", props = props or {}, text = content or "" }
end`,
  },
  mentions: (node) => [node.spans],
  read: ({ raw, p, props, path }) => ({
    type: 'text',
    props: {
      ...props,
      wrap: oneOf(p.wrap, WRAPS, path, 'wrap') ?? 'wrap',
      align_text: oneOf(p.align_text, new Set(['left', 'center', 'right'] as const), path, 'align_text'),
    },
    spans: spans(raw.spans ?? raw.text ?? '', `${path}.text`),
  }),
  Draw: TextWidget,
});
