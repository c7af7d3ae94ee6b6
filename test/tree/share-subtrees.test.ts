import { describe, expect, it } from 'vitest';
import { shareSubtrees } from '../../src/tree/share-subtrees.js';
import type { WidgetNode } from '../../src/tree/types.js';

type Box = { children: WidgetNode[] };

const tree = (mode: string, selected = '1'): WidgetNode =>
  JSON.parse(
    JSON.stringify({
      type: 'column',
      props: { grow: 1 },
      children: [
        {
          type: 'row',
          props: { grow: 1 },
          children: [
            {
              type: 'agent_list',
              props: {},
              agents: [{ id: '1' }, { id: '2' }],
              selected,
              group: 'none',
              filter: 'all',
            },
            { type: 'terminal', props: { grow: 1 }, agent: selected, scroll: 0, cursor: true },
          ],
        },
        { type: 'status_bar', props: {}, left: [{ text: mode }], right: [] },
      ],
    }),
  );

describe('shareSubtrees', () => {
  it('keeps the objects of what did not change (a mode key: only the status bar is new)', () => {
    const a = tree('INSERT');
    const b = shareSubtrees(a, tree('NORMAL')) as unknown as Box;
    const old = a as unknown as Box;
    expect(b).not.toBe(a);
    expect(b.children[0]).toBe(old.children[0]);
    expect(b.children[1]).not.toBe(old.children[1]);
    expect(b).toEqual(tree('NORMAL'));
  });

  it('an equal tree is the old one; a change deep down renews only its way up', () => {
    const a = tree('INSERT');
    expect(shareSubtrees(a, tree('INSERT'))).toBe(a);
    const b = shareSubtrees(a, tree('INSERT', '2')) as unknown as Box;
    const old = a as unknown as Box;
    expect(b.children[1]).toBe(old.children[1]);
    expect(b.children[0]).not.toBe(old.children[0]);
    expect(b).toEqual(tree('INSERT', '2'));
    expect(shareSubtrees(null, a)).toBe(a);
  });
});
