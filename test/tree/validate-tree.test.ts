import { describe, expect, it } from 'vitest';
import { TreeError, validateTree } from '../../src/widgets/validate-tree.js';

function err(raw: unknown): string {
  try {
    validateTree(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(TreeError);
    return (e as Error).message;
  }
  throw new Error('expected a TreeError');
}

describe('validateTree', () => {
  it('names the path of an unknown widget', () => {
    const raw = {
      type: 'column',
      children: [
        { type: 'text', text: 'a' },
        { type: 'row', children: [{ type: 'text' }, { type: 'colum' }] },
      ],
    };
    expect(err(raw)).toBe('App:render().children[2].children[2]: unknown widget "colum"');
  });

  it('rejects bad props with the path and what was wrong', () => {
    expect(err({ type: 'column', props: { widht: 3 } })).toBe(
      'App:render(): unknown prop "widht" for column',
    );
    expect(err({ type: 'column', props: { width: '30 percent' } })).toMatch(/width must be cells/);
    expect(err({ type: 'text', props: { fg: 'purple' }, text: 'x' })).toMatch(/fg must be a colour name/);
    expect(err({ type: 'panel', props: { border: 'wavy' } })).toMatch(/border must be one of/);
    expect(err({ type: 'column', children: 'nope' })).toMatch(/children must be a list/);
  });

  it('rejects what is not a widget', () => {
    expect(err(null)).toMatch(/^App:render\(\): expected a widget/);
    expect(err({ type: 'column', children: [42] })).toMatch(
      /children\[1\]: expected a widget .*got number 42/,
    );
    expect(err({ children: [] })).toMatch(/has no type/);
  });

  it('accepts every size form', () => {
    const t = validateTree({
      type: 'row',
      children: [
        { type: 'column', props: { width: 10 } },
        { type: 'column', props: { width: '30%' } },
        { type: 'column', props: { width: '2fr', min_width: 4, max_width: '50%' } },
      ],
    });
    expect(t.type === 'row' && t.children.map((c) => c.props.width)).toEqual([10, '30%', '2fr']);
  });

  it('normalises text content: strings, spans and lists of both', () => {
    const t = validateTree({ type: 'text', text: ['a', { text: 'b', fg: 3, bold: true }] });
    expect(t.type === 'text' && t.spans).toEqual([{ text: 'a' }, { text: 'b', fg: 3, bold: true }]);
  });

  it('caps runaway trees', () => {
    let deep: Record<string, unknown> = { type: 'text', text: 'x' };
    for (let i = 0; i < 100; i++) deep = { type: 'column', children: [deep] };
    expect(err(deep)).toMatch(/deeper than/);
    const wide = { type: 'column', children: Array.from({ length: 6000 }, () => ({ type: 'spacer' })) };
    expect(err(wide)).toMatch(/more than 5000 nodes/);
  });

  it('resolves agent references and selections', () => {
    const agents = [
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ];
    const list = validateTree({ type: 'agent_list', props: { agents, selected: 2 } });
    expect(list.type === 'agent_list' && list.selected).toBe('2');
    const term = validateTree({ type: 'terminal', props: { agent: { id: '7' }, scroll: 3 } });
    expect(term.type === 'terminal' && [term.agent, term.scroll]).toEqual(['7', 3]);
  });
});

describe('absurd sizes', () => {
  it('a size over 10000 cells, a negative or non-finite one is an error naming the path', () => {
    const t = (props: Record<string, unknown>) =>
      err({ type: 'column', children: [{ type: 'terminal', props }] });
    expect(t({ width: 1e9 })).toBe(
      'App:render().children[1]: width must be at most 10000 cells, got 1000000000',
    );
    expect(t({ height: 1e9 })).toMatch(/^App:render\(\)\.children\[1\]: height must be at most 10000 cells/);
    expect(t({ width: -5 })).toMatch(/width must be cells/);
    expect(t({ width: NaN })).toMatch(/width must be cells/);
    expect(t({ width: Infinity })).toMatch(/width must be at most 10000/);
    expect(t({ min_height: '99999' })).toMatch(/min_height must be at most 10000/);
    expect(t({ width: '1e9%' })).toMatch(/width must be cells/);
    expect(t({ width: '500%' })).toMatch(/width must be cells/);
    expect(t({ padding: 1e9 })).toMatch(/padding must be at most 10000/);
    expect(t({ margin_x: 1e7 })).toMatch(/margin_x must be at most 10000/);
    expect(t({ gap: 1e12 })).toMatch(/gap must be at most 10000/);
    expect(t({ grow: 1e12 })).toMatch(/grow must be at most 10000/);
  });

  it('sane sizes still pass', () => {
    const tree = validateTree({
      type: 'terminal',
      props: { width: 10000, height: '50%', grow: 2, padding: [1, 2] },
    });
    expect(tree.props).toMatchObject({ width: 10000, height: '50%', grow: 2 });
  });
});
