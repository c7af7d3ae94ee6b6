// The box column, row, panel and overlay draw (not a widget itself): a flex box whose border
// carries its title.
import type { BoxProps, WidgetNode } from '../tree/types.js';
import { boxStyle, maxSize, textProps } from './style-props.js';
import { useRegisteredRef } from './layout-registry.js';
import { Spans } from './spans.js';
import { useKit } from './widget.js';

export function Container({
  props,
  direction,
  children,
}: {
  props: BoxProps;
  direction: 'row' | 'column';
  children: WidgetNode[];
}): React.ReactNode {
  const { Box, Node } = useKit();
  const ref = useRegisteredRef('limits', maxSize(props));
  const style = boxStyle(props);
  const hasBorder = style.borderStyle !== undefined;
  return (
    <Box ref={ref} flexDirection={direction} {...style}>
      {hasBorder && props.title ? <Title props={props} /> : null}
      {children.map((c, i) => (
        <Node key={i} node={c} />
      ))}
    </Box>
  );
}

function Title({ props }: { props: BoxProps }): React.ReactNode {
  const { Box, Text } = useKit();
  const padTop = props.padding?.top ?? 0;
  const padLeft = props.padding?.left ?? 0;
  // Absolute and pulled up onto the top border row, one cell right of the corner.
  return (
    <Box
      position="absolute"
      marginTop={-1 - padTop}
      marginLeft={-padLeft}
      height={1}
      paddingLeft={1}
      paddingRight={1}
    >
      <Text wrap="truncate" {...textProps({ bold: true, ...props.titleStyle })}>
        {props.titleSpans ? (
          <>
            {' '}
            <Spans spans={props.titleSpans} base={{ bold: true, ...props.titleStyle }} />{' '}
          </>
        ) : (
          ` ${props.title} `
        )}
      </Text>
    </Box>
  );
}
