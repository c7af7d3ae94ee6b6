import { describe, expect, it } from 'vitest';
import { viewAfter } from '../../src/lua/runtime/view-after.js';
import type { AppData, Effect } from '../../src/lua/runtime/config-file.js';

const agent = (id: string, attention = false) => ({ id, name: `a${id}`, command: 'cat', cwd: '/', status: 'idle', exit_code: null, title: '', attention, scroll: 0 });
const APP: AppData = {
  agents: [agent('1'), agent('2', true), agent('3')],
  focused_id: '1',
  selected: 1,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  hint: '?: help',
  overlay: null,
};

describe('viewAfter: the view the hub will have after a command (what the worker renders with it)', () => {
  const cases: Array<[string, Effect[], Partial<AppData> | null]> = [
    ['focus by id', [{ op: 'focus', target: '3' }], { focused_id: '3', selected: 3 }],
    ['focus by 1-based index', [{ op: 'focus', target: 3 }], { focused_id: '3', selected: 3 }],
    ['focus clears the attention of the agent it lands on', [{ op: 'focus', target: '2' }], { focused_id: '2', selected: 2, agents: [agent('1'), agent('2'), agent('3')] }],
    ['focus on an unknown agent changes nothing', [{ op: 'focus', target: '9' }], {}],
    ['a notice', [{ op: 'notify', text: 'hi' }], { notice: 'hi' }],
    ['focus then notice', [{ op: 'focus', target: 2 }, { op: 'notify', text: 'x' }], { focused_id: '2', selected: 2, notice: 'x', agents: [agent('1'), agent('2'), agent('3')] }],
    ['nothing asked: nothing to render', [], null],
    ['a mode change depends on the hub (hint, emitted events)', [{ op: 'mode', mode: 'insert' }], null],
    ['a spawn depends on the hub', [{ op: 'focus', target: '2' }, { op: 'spawn', spec: { command: 'cat' } }], null],
    ['running another command depends on it', [{ op: 'run', id: 'agent.next' }], null],
    ['scrolling is clamped by the hub', [{ op: 'scroll', lines: 3 }], null],
  ];
  it.each(cases)('%s', (_name, effects, expected) => {
    const view = viewAfter(APP, effects);
    if (expected === null) expect(view).toBeNull();
    else expect(view).toEqual({ ...APP, ...expected });
  });

  it('never changes the view it was given', () => {
    const copy = structuredClone(APP);
    viewAfter(APP, [{ op: 'focus', target: '2' }, { op: 'notify', text: 'x' }]);
    expect(APP).toEqual(copy);
  });
});
