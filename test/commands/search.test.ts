import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS, OVERLAY_COMMANDS } from '../../src/commands/builtin-commands.js';
import { CommandRegistry, type CommandInfo } from '../../src/commands/registry.js';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { tempHome } from '../support/hub.js';

function registry(infos: readonly CommandInfo[]): CommandRegistry<null> {
  const r = new CommandRegistry<null>();
  for (const i of infos) r.register(i, () => {});
  return r;
}
const c = (id: string, description: string): CommandInfo => ({
  id,
  description,
  category: 'c',
  source: 'builtin',
});

describe('search ranking', () => {
  // Registered in worst-first order so that the ranking, not the list order, puts them right.
  const ranked = [
    c('z.q_w_e', 'scattered in the id'), // subsequence in id
    c('y.zz', 'q w e scattered in the description'), // subsequence in the description
    c('x.other', 'has qwerty inside'), // contained in description
    c('w.other', 'the qwe word starts here'), // word start in description
    c('v.aqwea', 'contained in the id'),
    c('u.qwe_x', 'at a segment start'),
    c('qwe.zz', 'id prefix'),
  ];
  let r = registry(ranked);
  beforeEach(() => {
    r = registry(ranked);
  });

  it('exact > prefix > segment > in id > word in description > in description > scattered', () => {
    expect(r.search('qwe').map((i) => i.id)).toEqual([
      'qwe.zz',
      'u.qwe_x',
      'v.aqwea',
      'w.other',
      'x.other',
      'z.q_w_e',
      'y.zz',
    ]);
    r.register(c('qwe.a', 'exact beats prefix'), () => {});
    expect(r.search('qwe.a')[0].id).toBe('qwe.a');
  });

  it('case-insensitive; every char in order or no match; empty query lists everything', () => {
    expect(r.search('QWE').length).toBe(7);
    expect(r.search('ewq')).toEqual([]);
    expect(r.search('zzzz')).toEqual([]);
    expect(r.search('  ')).toEqual(r.list());
  });

  it('whitespace in the query matches anything', () => {
    expect(r.search('scattered description').map((i) => i.id)).toEqual(['y.zz']);
  });

  it('ties keep list order', () => {
    const t = registry([c('b.same', 'x'), c('a.same', 'x')]);
    expect(t.search('same').map((i) => i.id)).toEqual(['a.same', 'b.same']);
  });
});

describe('search over the shipped commands (the palette)', () => {
  // what palette.open offers: the built-ins and the shipped Lua's commands (agent.spawn and
  // agent.restart are lua/default's); the overlay tables' own commands do nothing from there
  let r = registry([]);
  let rt: ConfigRuntime | null = null;
  beforeAll(async () => {
    rt = await ConfigRuntime.build(
      readConfigFiles({ home: tempHome({}) }),
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    const lua = rt.export().commands.map((c): CommandInfo => ({
      id: c.id,
      description: c.desc,
      category: c.category,
      source: c.source,
    }));
    r = registry([...BUILTIN_COMMANDS, ...lua].filter((c) => !OVERLAY_COMMANDS.has(c.id)));
  });
  afterAll(() => rt?.dispose());
  const first = (q: string): string => r.search(q)[0]?.id ?? '';

  it.each([
    ['next', 'agent.next'],
    ['quit', 'client.quit'],
    ['QUIT', 'client.quit'],
    ['pgd', 'scroll.page_down'],
    ['pd', 'scroll.page_down'],
    ['help', 'help.toggle'],
    ['palette', 'palette.open'],
    ['restart', 'agent.restart'],
    ['bottom', 'scroll.bottom'],
    ['insert', 'mode.insert'],
    ['new agent', 'agent.new'],
    // a verb's older id finds it too
    ['agent.spawn', 'agent.new'],
    ['app.quit', 'client.quit'],
  ])('%j -> %s', (q, id) => {
    expect(first(q)).toBe(id);
  });

  it('"agent" lists the agent commands first, then those that mention agents', () => {
    const ids = r.search('agent').map((i) => i.id);
    expect(ids.slice(0, 6).every((id) => id.startsWith('agent.'))).toBe(true);
    expect(ids).toContain('scroll.up');
  });
});
