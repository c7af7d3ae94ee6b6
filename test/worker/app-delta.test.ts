import { describe, expect, it } from 'vitest';
import { AppReceiver, AppSender, sameData } from '../../src/lua/worker-rpc/app-delta.js';

// A request's app.agents goes to the Lua worker as a delta (issue 97: 500 agents cloned with every
// render and event): what arrives is the app that was sent, every time, in whatever order agents
// come, change, go and come back; only the records that changed travel.
const agent = (id: string, state = 'idle', extra: Record<string, unknown> = {}) => ({
  id,
  name: `a${id}`,
  state,
  sessions: [{ id: 's', at: 1 }],
  ...extra,
});

describe('app.agents sent as a delta', () => {
  it('arrives whole, each request; only changed agents travel', () => {
    const sender = new AppSender();
    const receiver = new AppReceiver();
    const through = (params: unknown) => {
      const sent = sender.encode(params);
      // (what postMessage does to it)
      const cloned = structuredClone(sent.params);
      sent.commit();
      return { got: receiver.decode(cloned), sent: cloned as { app?: { $agents?: { fresh: object } } } };
    };
    const many = Array.from({ length: 500 }, (_, i) => agent(String(i + 1)));
    let r = through({ app: { agents: many, mode: 'insert' }, other: 1 });
    expect(r.got).toEqual({ app: { agents: many, mode: 'insert' }, other: 1 });
    expect(Object.keys(r.sent.app!.$agents!.fresh)).toHaveLength(500);

    // The same agents as new objects, one changed: one travels.
    const next = many.map((a) => ({ ...a, sessions: [...a.sessions] }));
    next[41] = agent('42', 'running');
    r = through({ app: { agents: next, mode: 'normal' } });
    expect(r.got).toEqual({ app: { agents: next, mode: 'normal' } });
    expect(Object.keys(r.sent.app!.$agents!.fresh)).toEqual(['42']);

    // Reordered, one gone, one new, a field dropped from another.
    const { sessions: _dropped, ...noSessions } = next[0];
    const third = [agent('501'), ...next.slice(2).reverse(), noSessions];
    r = through({ app: { agents: third } });
    expect(r.got).toEqual({ app: { agents: third } });
    expect(Object.keys(r.sent.app!.$agents!.fresh).sort()).toEqual(['1', '501']);

    // One that went comes back: sent again.
    const fourth = [...third, next[1]];
    r = through({ app: { agents: fourth } });
    expect(r.got).toEqual({ app: { agents: fourth } });
    expect(Object.keys(r.sent.app!.$agents!.fresh)).toEqual(['2']);

    // Requests without app, or with app null, pass as they are.
    expect(through({ files: [] }).got).toEqual({ files: [] });
    expect(through({ app: null }).got).toEqual({ app: null });
    expect(through(undefined).got).toBeUndefined();
  });

  it('a request never sent (postMessage failed) changes nothing the next one relies on', () => {
    const sender = new AppSender();
    const receiver = new AppReceiver();
    const a = [agent('1'), agent('2')];
    let sent = sender.encode({ app: { agents: a } });
    receiver.decode(structuredClone(sent.params));
    sent.commit();
    sender.encode({ app: { agents: [agent('1', 'running'), agent('3')] } }); // not sent, not committed
    const b = [agent('1', 'running'), agent('3'), agent('2')];
    sent = sender.encode({ app: { agents: b } });
    expect(receiver.decode(structuredClone(sent.params))).toEqual({ app: { agents: b } });
  });

  it('a receiver that was sent nothing says so instead of making agents up', () => {
    const sender = new AppSender();
    sender.encode({ app: { agents: [agent('1')] } }).commit();
    const again = sender.encode({ app: { agents: [agent('1')] } });
    expect(() => new AppReceiver().decode(structuredClone(again.params))).toThrow(/out of step/);
  });

  it('compares as data', () => {
    expect(sameData({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameData({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
  });
});
