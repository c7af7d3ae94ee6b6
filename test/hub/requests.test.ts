import { describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { BUILTIN_REQUESTS } from '../../src/commands/builtin-requests.js';
import { type Request } from '../../src/hub/requests.js';
import { fromLua } from '../../src/hub/requests-from-lua.js';

// Built-in commands are data: each id maps its argument to requests, the words Lua's app:* uses.
describe('built-in commands as requests', () => {
  const table: Array<[string, unknown, Request[]]> = [
    ['agent.next', undefined, [{ type: 'focus_next', delta: 1 }]],
    ['agent.prev', undefined, [{ type: 'focus_next', delta: -1 }]],
    ['agent.focus', 3, [{ type: 'focus', id: '3' }]],
    ['agent.focus', 'a7', [{ type: 'focus', id: 'a7' }]],
    ['agent.focus', undefined, []],
    [
      'agent.kill',
      undefined,
      [{ type: 'verb', name: 'agent.kill', args: { agent: 'focused' }, as: 'agent.kill' }],
    ],
    // a key bound to the verb with its arguments ({ verb = "agent.kill", agent = 3 }) acts on that agent
    [
      'agent.kill',
      { agent: 3 },
      [{ type: 'verb', name: 'agent.kill', args: { agent: 3 }, as: 'agent.kill' }],
    ],
    ['agent.close', 2, [{ type: 'verb', name: 'agent.close', args: { agent: 'id:2' }, as: 'agent.close' }]],
    [
      'agent.close',
      '',
      [{ type: 'verb', name: 'agent.close', args: { agent: 'focused' }, as: 'agent.close' }],
    ],
    ['mode.normal', undefined, [{ type: 'set_mode', mode: 'normal' }]],
    ['palette.open', undefined, [{ type: 'command_palette' }]],
    ['scroll.up', undefined, [{ type: 'scroll', lines: 1 }]],
    ['scroll.page_down', undefined, [{ type: 'scroll_page', pages: -1 }]],
    ['client.quit', undefined, [{ type: 'verb', name: 'client.quit', args: {}, as: 'client.quit' }]],
    ['hub.stop', undefined, [{ type: 'verb', name: 'hub.stop', args: {}, as: 'hub.stop' }]],
    ['client.detach', undefined, [{ type: 'verb', name: 'client.detach', args: {}, as: 'client.detach' }]],
    [
      'improvement.accept',
      undefined,
      [{ type: 'verb', name: 'improvement.accept', args: {}, as: 'improvement.accept' }],
    ],
    [
      'improvement.reject',
      'x',
      [{ type: 'verb', name: 'improvement.reject', args: { name: 'x' }, as: 'improvement.reject' }],
    ],
    [
      'agent.send_way_out',
      undefined,
      [
        { type: 'verb', name: 'agent.send_way_out', args: { agent: 'focused' }, as: 'agent.send_way_out' },
        { type: 'set_mode', mode: 'insert' },
      ],
    ],
    ['copy.down', 3, [{ type: 'select_move', delta: 3 }]],
    ['copy.up', '2', [{ type: 'select_move', delta: -2 }]],
    ['copy.up', -4, [{ type: 'select_move', delta: -1 }]],
    ['help.page_up', undefined, [{ type: 'help_page', pages: -1 }]],
    ['help.close', undefined, [{ type: 'overlay_close', kind: 'help' }]],
    ['palette.cancel', undefined, [{ type: 'overlay_close', kind: 'palette' }]],
    ['palette.backspace', undefined, [{ type: 'palette_backspace' }]],
  ];
  it.each(table)('%s(%j)', (id, arg, want) => {
    expect(BUILTIN_REQUESTS[id as keyof typeof BUILTIN_REQUESTS](arg)).toEqual(want);
  });

  it('has requests for every built-in command and no others', () => {
    expect(Object.keys(BUILTIN_REQUESTS).sort()).toEqual(BUILTIN_COMMANDS.map((c) => c.id).sort());
  });
});

// What Lua's app:* sent is checked field by field: a sandboxed improvement can put anything in its list.
describe('requests from Lua', () => {
  it('keeps the words Lua may use, cleaned', () => {
    expect(fromLua({ type: 'focus', id: 7 })).toEqual({ type: 'focus', id: '7' });
    expect(fromLua({ type: 'notify', text: 'hi', level: 'loud' })).toEqual({
      type: 'notify',
      text: 'hi',
      level: 'info',
    });
    expect(
      fromLua({ type: 'verb', name: 'kill', args: { agent: 'id:3' }, dialog: 2, as: 'app:kill' }),
    ).toEqual({
      type: 'verb',
      name: 'kill',
      args: { agent: 'id:3' },
      dialog: 2,
      as: 'app:kill',
    });
    expect(fromLua({ type: 'notify_desktop', text: 'done', kind: 'weird' })).toEqual({
      type: 'notify_desktop',
      text: 'done',
      kind: 'osc9',
    });
    expect(fromLua({ type: 'dialog_open', title: 'Pick', dialog: '4', items: [{ id: 'a' }, null] })).toEqual({
      type: 'dialog_open',
      title: 'Pick',
      dialog: 4,
      items: [
        { id: 'a', description: '', value: '1' },
        { id: '', description: '', value: '2' },
      ],
    });
  });

  it('drops what only the host and built-in commands may ask for, and malformed requests', () => {
    for (const type of [
      'improvement_answer',
      'detach',
      'suspend',
      'quit_ask',
      'command_palette',
      'restart_focused',
      'select_copy',
      // (the verbs' own now: Lua asks for them as verbs)
      'quit',
      'run',
      'start_agent',
      'trust_project',
      'finish_worktree',
      'plugin',
      'web_push',
      'spawn',
      'kill',
      'send',
      'restart',
      'close',
      'pipeline_run',
      'nonsense',
    ]) {
      expect(fromLua({ type, accept: true })).toBeNull();
    }
    expect(fromLua({ type: 'verb', name: 'kill', args: {}, as: 'x; rm -rf' })).toEqual({
      type: 'verb',
      name: 'kill',
      args: {},
    });
    expect(fromLua({ type: 'scroll', lines: 'up' })).toBeNull();
    expect(fromLua(null)).toBeNull();
    expect(fromLua('focus')).toBeNull();
  });
});
