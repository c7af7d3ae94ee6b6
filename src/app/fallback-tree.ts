import type { WidgetNode } from '../tree/types.js';

/**
 * What the hub shows when the layout cannot render: the last good tree (or a bare terminal)
 * with the error underneath, built without Lua so a broken layout can always be seen.
 */
export function withErrorBar(lastGood: WidgetNode | null, focused: string | null, error: string): WidgetNode {
  const body: WidgetNode = lastGood
    ? lastGood.props.height === undefined && lastGood.props.grow === undefined
      ? ({ ...lastGood, props: { ...lastGood.props, grow: 1 } } as WidgetNode)
      : lastGood
    : { type: 'terminal', props: { grow: 1, border: 'rounded' }, agent: focused, scroll: 0, cursor: true };
  return {
    type: 'column',
    props: { grow: 1 },
    children: [
      { type: 'column', props: { grow: 1, shrink: 1 }, children: [body] },
      { type: 'text', props: { wrap: 'wrap', shrink: 0, style: { fg: 'red', bold: true } }, spans: [{ text: error }] },
    ],
  };
}
