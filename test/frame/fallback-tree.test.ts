import { describe, expect, test } from 'vitest';
import { treeToShow } from '../../src/frame/fallback-tree.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { WidgetNode } from '../../src/tree/types.js';

const layout = (text: string): WidgetNode => ({
  type: 'column',
  props: { grow: 1 },
  children: [{ type: 'text', props: { wrap: 'wrap' }, spans: [{ text }] }],
});
const state = (over: Partial<HubState>): HubState => ({ ...initialState(80, 24), ...over });
/** The bar's text and kind when the tree is the last good one with a bar under it; else null. */
function bar(tree: WidgetNode): { text: string; error: boolean } | null {
  if (tree.type !== 'column' || tree.children.length !== 2) return null;
  const last = tree.children[1];
  if (last.type !== 'text') return null;
  return { text: last.spans[0].text, error: (last.props.style as { fg?: string })?.fg === 'red' };
}

describe('treeToShow', () => {
  const good = layout('all fine');
  const cases: Array<
    [string, Partial<HubState>, WidgetNode | null, { text: string; error: boolean } | null]
  > = [
    ['nothing to say: the layout as it is', {}, good, null],
    [
      'a render error',
      { renderError: 'layout.lua:3: boom' },
      good,
      { text: 'layout.lua:3: boom', error: true },
    ],
    ['no layout yet', {}, null, { text: 'no layout', error: true }],
    [
      'a config error the layout does not show',
      { configError: 'keys.lua:1: bad' },
      good,
      { text: 'keys.lua:1: bad', error: true },
    ],
    ['a config error the layout shows itself', { configError: 'all fine' }, good, null],
    [
      'an info notice the layout does not draw',
      { notice: { level: 'info', text: 'saved' } as HubState['notice'] },
      good,
      { text: 'saved', error: false },
    ],
    [
      'an info notice the layout draws',
      { notice: { level: 'info', text: 'all fine' } as HubState['notice'] },
      good,
      null,
    ],
    [
      'an error notice is an error',
      { notice: { level: 'error', text: 'push refused' } as HubState['notice'] },
      good,
      { text: 'push refused', error: true },
    ],
  ];
  for (const [name, over, last, want] of cases) {
    test(name, () => {
      const tree = treeToShow(state(over), last, null);
      if (want === null) expect(tree).toBe(last);
      else expect(bar(tree)).toEqual(want);
    });
  }
});
