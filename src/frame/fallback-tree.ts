import type { WidgetNode } from '../tree/types.js';
import { widgetOf } from '../widgets/registry.js';
import { shownError, type HubState } from '../hub/state.js';

/**
 * The tree to lay out: the layout's last good tree, with an error bar when there is an error the
 * layout does not show itself (errors always reach the screen), or a dimmer line for an info
 * notice the layout does not draw.
 */
export function treeToShow(s: HubState, lastGood: WidgetNode | null, focused: string | null): WidgetNode {
  const shown = shownError(s);
  const error =
    s.renderError ??
    (lastGood ? null : 'no layout') ??
    (shown && !treeMentions(lastGood!, shown) ? shown : null);
  if (error) return withErrorBar(lastGood, focused, error);
  if (s.notice?.level === 'info' && lastGood && !treeMentions(lastGood, s.notice.text))
    return withErrorBar(lastGood, focused, s.notice.text, 'notice');
  return lastGood!;
}

/**
 * What the hub shows when the layout cannot render: the last good tree (or a bare terminal)
 * with the error underneath, built without Lua so a broken layout can always be seen.
 */
export function withErrorBar(
  lastGood: WidgetNode | null,
  focused: string | null,
  error: string,
  kind: 'error' | 'notice' = 'error',
): WidgetNode {
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
      {
        type: 'text',
        props: {
          wrap: 'wrap',
          shrink: 0,
          style: kind === 'error' ? { fg: 'red', bold: true } : { fg: 'cyan' },
        },
        spans: [{ text: error }],
      },
    ],
  };
}

/** Whether any text in the tree contains `text` (does the layout show the error itself?). */
export function treeMentions(node: WidgetNode, text: string): boolean {
  const probe = text.slice(0, 40);
  const shown = widgetOf(node).mentions?.(node as never) ?? [];
  if (shown.some((spans) => spans.some((sp) => sp.text.includes(probe)))) return true;
  return 'children' in node && node.children.some((c) => treeMentions(c, text));
}
