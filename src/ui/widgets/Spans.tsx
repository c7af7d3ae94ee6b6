import React from 'react';
import { Text } from 'ink';
import type { Span, TextStyle } from '../../tree/types.js';
import { textProps } from '../style-props.js';

/** Styled spans as nested Ink <Text>, inheriting `base` where a span sets nothing. */
export function Spans({ spans, base }: { spans: Span[]; base?: TextStyle }): React.ReactNode {
  return spans.map((s, i) => (
    <Text key={i} {...textProps({ ...base, ...s })}>
      {s.text}
    </Text>
  ));
}

export function spansWidth(spans: Span[]): number {
  let n = 0;
  for (const s of spans) n += s.text.length;
  return n;
}
