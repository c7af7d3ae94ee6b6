// Styled spans as nested Ink <Text>: how every widget draws text (not a widget itself).
import type { Span, TextStyle } from '../tree/types.js';
import { textProps } from './style-props.js';
import { useKit } from './widget.js';

/** The spans, each inheriting `base` where it sets nothing. */
export function Spans({ spans, base }: { spans: Span[]; base?: TextStyle }): React.ReactNode {
  const { Text } = useKit();
  return spans.map((s, i) => (
    <Text key={i} {...textProps({ ...base, ...s })}>
      {s.text}
    </Text>
  ));
}
