import { describe, expect, it } from 'vitest';
import {
  BUILTIN_COMMANDS,
  OVERLAY_COMMANDS,
  registerBuiltinCommands,
  type BuiltinCommandId,
} from '../../src/commands/builtin-commands.js';
import {
  CommandError,
  CommandRegistry,
  type CommandHandler,
  type CommandInfo,
} from '../../src/commands/registry.js';

const info = (
  id: string,
  source = 'builtin',
  description = `does ${id}`,
  category = 'test',
): CommandInfo => ({ id, description, category, source });

describe('CommandRegistry', () => {
  it('registers, looks up and lists by category then id', () => {
    const r = new CommandRegistry<null>();
    r.register(info('b.two', 'builtin', 'two', 'zeta'), () => {});
    r.register(info('a.one', 'builtin', 'one', 'zeta'), () => {});
    r.register(info('z.last', 'builtin', 'last', 'alpha'), () => {});
    expect(r.list().map((c) => c.id)).toEqual(['z.last', 'a.one', 'b.two']);
    expect(r.has('a.one')).toBe(true);
    expect(r.has('a.two')).toBe(false);
    expect(r.get('a.one')).toEqual({ id: 'a.one', description: 'one', category: 'zeta', source: 'builtin' });
    expect(r.get('nope.x')).toBeUndefined();
  });

  it.each([
    'agent',
    'Agent.next',
    'agent.Next',
    'agent.',
    '.next',
    'agent..next',
    '1agent.next',
    'agent-x.next',
    'agent.next ',
    'agent:next',
    '',
  ])('refuses the id %j', (id) => {
    expect(() => new CommandRegistry<null>().register(info(id), () => {})).toThrow(CommandError);
  });

  it.each(['a.b', 'scroll.page_up', 'x1.y_2.z3', 'agent.0'])('accepts the id %j', (id) => {
    const r = new CommandRegistry<null>();
    r.register(info(id), () => {});
    expect(r.has(id)).toBe(true);
  });

  it('refuses an empty description, a bad source and a missing handler, with clear messages', () => {
    const r = new CommandRegistry<null>();
    expect(() => r.register(info('a.b', 'builtin', '  '), () => {})).toThrow(
      new CommandError('command "a.b" needs a description'),
    );
    expect(() => r.register(info('a.b', ''), () => {})).toThrow(CommandError);
    expect(() => r.register(info('a.b'), undefined as unknown as CommandHandler<null>)).toThrow(
      new CommandError('command "a.b": handler must be a function, got undefined'),
    );
    expect(() => r.register(info('Bad'), () => {})).toThrow(
      new CommandError('bad command id "Bad": use lower-case dotted words like "agent.next"'),
    );
    expect(r.list()).toEqual([]);
  });

  it('stack lists newest first; run skips registrations `usable` refuses; retain drops sources', async () => {
    const r = new CommandRegistry<string[]>();
    r.register(info('agent.next'), (ctx) => void ctx.push('builtin'));
    r.register(info('agent.next', 'user/hooks.lua:3'), (ctx) => void ctx.push('lua'));
    expect(r.stack('agent.next').map((c) => c.source)).toEqual(['user/hooks.lua:3', 'builtin']);
    const calls: string[] = [];
    await r.run('agent.next', calls);
    await r.run('agent.next', calls, undefined, (c) => c.source === 'builtin');
    expect(calls).toEqual(['lua', 'builtin']);
    r.register(info('lua.only', 'user/hooks.lua:4'), () => {});
    await expect(r.run('lua.only', calls, undefined, (c) => c.source === 'builtin')).rejects.toThrow(
      /cannot run now/,
    );
    r.retain((c) => c.source === 'builtin');
    expect(r.stack('agent.next').map((c) => c.source)).toEqual(['builtin']);
    expect(r.has('lua.only')).toBe(false);
  });

  it('an empty category files the command under its first id segment', () => {
    const r = new CommandRegistry<null>();
    r.register(info('agent.nudge', 'u.lua:1', 'Nudge', ''), () => {});
    expect(r.get('agent.nudge')?.category).toBe('agent');
  });

  it('run passes ctx and arg, awaits the handler, and lets its errors through', async () => {
    const r = new CommandRegistry<{ calls: unknown[] }>();
    r.register(info('t.sync'), (ctx, arg) => {
      ctx.calls.push(['sync', arg]);
    });
    r.register(info('t.async'), async (ctx, arg) => {
      await new Promise((res) => setImmediate(res));
      ctx.calls.push(['async', arg]);
    });
    const boom = new Error('boom');
    r.register(info('t.throws'), () => {
      throw boom;
    });
    r.register(info('t.rejects'), async () => {
      throw new RangeError('late');
    });
    const ctx = { calls: [] as unknown[] };
    await r.run('t.sync', ctx, 3);
    await r.run('t.async', ctx, { n: 1 });
    expect(ctx.calls).toEqual([
      ['sync', 3],
      ['async', { n: 1 }],
    ]);
    await expect(r.run('t.throws', ctx)).rejects.toBe(boom);
    await expect(r.run('t.rejects', ctx)).rejects.toThrow(RangeError);
    await expect(r.run('agent.nxt', ctx)).rejects.toThrow(new CommandError('unknown command "agent.nxt"'));
    await expect(r.run('agent.nxt', ctx)).rejects.toBeInstanceOf(CommandError);
  });

  it('a newer registration replaces; unregistering its file brings the older one back', async () => {
    const r = new CommandRegistry<string[]>();
    r.register(info('agent.next'), (log) => void log.push('builtin'));
    r.register(info('agent.next', 'user/hooks.lua:3', 'mine'), (log) => void log.push('user 3'));
    r.register(info('agent.next', 'user/hooks.lua:9', 'mine again'), (log) => void log.push('user 9'));
    r.register(info('user.thing', 'user/hooks.lua:12'), () => {});
    const log: string[] = [];
    await r.run('agent.next', log);
    expect(r.get('agent.next')).toMatchObject({ description: 'mine again', source: 'user/hooks.lua:9' });
    expect(r.list()).toHaveLength(2);
    r.unregisterSource('user/hooks.lua');
    await r.run('agent.next', log);
    expect(log).toEqual(['user 9', 'builtin']);
    expect(r.has('user.thing')).toBe(false);
    expect(r.get('agent.next')?.source).toBe('builtin');
  });

  it('the same file registering again replaces its own entry (a reload does not stack)', () => {
    const r = new CommandRegistry<null>();
    r.register(info('x.y', 'a.lua:1'), () => {});
    r.register(info('x.y', 'a.lua:2'), () => {});
    r.unregisterSource('a.lua:7');
    expect(r.has('x.y')).toBe(false);
  });
});

describe('builtin commands', () => {
  const required: BuiltinCommandId[] = [
    'agent.next',
    'agent.prev',
    'agent.focus',
    'agent.kill',
    'agent.close',
    'agent.send_way_out',
    'mode.normal',
    'mode.insert',
    'help.toggle',
    'palette.open',
    'question.open',
    'scroll.up',
    'scroll.down',
    'scroll.page_up',
    'scroll.page_down',
    'scroll.bottom',
    'client.quit',
    'hub.stop',
    'client.suspend',
    'client.detach',
    'improvement.accept',
    'improvement.reject',
    'pipeline.accept',
    'pipeline.reject',
    'agent.allow_drive',
    'agent.deny_drive',
    'agent.allow_host',
    'agent.deny_host',
    'scroll.search_next',
    'scroll.search_prev',
    'scroll.copy',
    'session.resume',
    'session.discard',
    // the overlay key tables' commands (keybindings/copy.lua, help.lua, palette.lua)
    'copy.down',
    'copy.up',
    'copy.mark',
    'copy.yank',
    'copy.cancel',
    'help.down',
    'help.up',
    'help.page_down',
    'help.page_up',
    'help.close',
    'palette.next',
    'palette.prev',
    'palette.submit',
    'palette.backspace',
    'palette.delete_word',
    'palette.clear',
    'palette.cancel',
  ];

  it('are all there, valid, in their categories', () => {
    expect(BUILTIN_COMMANDS.map((c) => c.id).sort()).toEqual([...required].sort());
    for (const c of BUILTIN_COMMANDS) {
      expect([
        'agents',
        'modes',
        'view',
        'scroll',
        'app',
        'improvements',
        'pipelines',
        'copy',
        'help',
        'palette',
      ]).toContain(c.category);
      expect(c.source).toBe('builtin');
      expect(c.description.length).toBeGreaterThan(10);
    }
    // the palette leaves out exactly the commands that act inside an open overlay
    expect([...OVERLAY_COMMANDS].sort()).toEqual(
      required
        .filter((id) => /^(copy|help|palette)\./.test(id) && id !== 'help.toggle' && id !== 'palette.open')
        .sort(),
    );
  });

  it('registerBuiltinCommands attaches handlers and refuses a missing one', async () => {
    const r = new CommandRegistry<string[]>();
    const handlers = Object.fromEntries(
      required.map((id) => [id, (log: string[], arg?: unknown) => void log.push(`${id}:${String(arg)}`)]),
    );
    registerBuiltinCommands(r, handlers as Record<BuiltinCommandId, CommandHandler<string[]>>, (h) => h);
    const log: string[] = [];
    await r.run('agent.focus', log, 2);
    expect(log).toEqual(['agent.focus:2']);
    expect(r.list().map((c) => c.category)).toEqual([...r.list().map((c) => c.category)].sort());
    const partial = { ...handlers } as Record<string, unknown>;
    delete partial['client.quit'];
    expect(() =>
      registerBuiltinCommands(
        new CommandRegistry<string[]>(),
        partial as Record<BuiltinCommandId, CommandHandler<string[]>>,
        (h) => h,
      ),
    ).toThrow('no handler for builtin command "client.quit"');
  });
});

describe('pick: the handler to run, for the caller to run it', () => {
  it('is the newest usable registration; unknown and unusable ids are errors', async () => {
    const r = new CommandRegistry<string[]>();
    r.register(info('x.y', 'builtin'), (log) => void log.push('builtin'));
    r.register(info('x.y', 'a.lua:1'), (log) => void log.push('lua'));
    const log: string[] = [];
    await r.pick('x.y')(log);
    await r.pick('x.y', (c) => c.source === 'builtin')(log);
    expect(log).toEqual(['lua', 'builtin']);
    expect(() => r.pick('nope')).toThrow(/unknown command "nope"/);
    expect(() => r.pick('x.y', () => false)).toThrow(/cannot run now/);
  });
});
