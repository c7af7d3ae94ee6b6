import React from 'react';
import { Box, Text } from 'ink';
import type { BoxProps, WidgetNode } from '../../tree/types.js';
import { boxStyle, maxSize, textProps } from '../style-props.js';
import { useRegisteredRef } from '../layout-registry.js';
import { Spans } from './Spans.js';

interface Props {
  props: BoxProps;
  direction: 'row' | 'column';
  children: React.ReactNode;
}

/** column, row and panel: a flex box; a panel also has a border with its title drawn over it. */
export function Container({ props, direction, children }: Props): React.ReactNode {
  const ref = useRegisteredRef('limits', maxSize(props));
  const style = boxStyle(props);
  const hasBorder = style.borderStyle !== undefined;
  return (
    <Box ref={ref} flexDirection={direction} {...style}>
      {hasBorder && props.title ? <Title props={props} /> : null}
      {children}
    </Box>
  );
}

function Title({ props }: { props: BoxProps }): React.ReactNode {
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

export type ContainerNode = Extract<WidgetNode, { type: 'column' | 'row' | 'panel' | 'overlay' }>;
