import { describe, expect, it } from 'vitest';
import { controlRequest } from '../../src/wire/control-client.js';
import { controlSubscribe } from '../../src/wire/control-subscribe.js';
import { PROTOCOL } from '../../src/wire/protocol.js';
import { until } from '../support/wait.js';
import { MSG, encode, messages, pipeDialer, remoteHomes } from '../support/remote.js';

// `botster-tui proxy` over plain pipes: every socket feature of the hub through stdin/stdout, the
// server started by the proxy as plain botster-tui starts it.

const home = remoteHomes();
const ECHOER = ['-c', 'echo ready; read x; echo "got $x"; exec sleep 60'];

describe('botster-tui proxy', () => {
  it('starts the server, then carries ls, agents, new, wait, send, read, events, push and snapshot', async () => {
    const h = home();
    const d = pipeDialer(h);
    const ask = (req: Record<string, unknown>) =>
      controlRequest(d, req as { op: string }, { timeoutMs: 30000 });
    const ping = await ask({ op: 'ping' });
    expect(ping).toMatchObject({ ok: true });
    const ls = await ask({ op: 'ls' });
    expect(ls).toMatchObject({ ok: true, home: h });

    // events first, so the new agent's start is seen
    const seen: Array<Record<string, unknown>> = [];
    const sub = controlSubscribe(d, { op: 'events' }, (line) => seen.push(line));
    await until('the events stream answered', () => seen.length > 0, 30000);
    expect(seen[0]).toMatchObject({ ok: true, streaming: true });

    const made = await ask({ op: 'new', command: 'sh', args: ECHOER, name: 'echoer', focus: true });
    expect(made).toMatchObject({ ok: true, agent: { name: 'echoer' } });
    expect(
      await ask({ op: 'wait', agent: 'echoer', until: 'output:^ready$', timeout_ms: 20000 }),
    ).toMatchObject({ ok: true, match: 'ready' });
    expect(await ask({ op: 'send', agent: 'echoer', text: 'over the pipes', keys: 'enter' })).toMatchObject({
      ok: true,
    });
    expect(
      await ask({ op: 'wait', agent: 'echoer', until: 'output:^got over the pipes$', timeout_ms: 20000 }),
    ).toMatchObject({ ok: true });
    const read = await ask({ op: 'read', agent: 'echoer' });
    expect(read.lines).toEqual(['ready', 'over the pipes', 'got over the pipes']);
    const agents = await ask({ op: 'agents' });
    expect((agents.agents as Array<{ name: string }>).map((a) => a.name)).toContain('echoer');

    await until(
      'the started event came through the proxy',
      () => seen.some((l) => l.event === 'started' && (l.agent as { name: string }).name === 'echoer'),
      20000,
    );
    sub.stop();
    expect(await sub.done).toBe('closed');

    const pushed = await ask({
      op: 'push',
      name: 'tiny',
      source: 'commands.register("tiny.hello", function(app) app:notify("hi") end)',
    });
    expect(pushed).toMatchObject({ ok: true });
    expect(pushed.decision).toBeDefined();
    const snap = await ask({ op: 'snapshot' });
    expect(String(snap.frame)).toContain('echoer');
  }, 90000);

  it('carries an attached client: HELLO, frames, typed keys, resize, detach', async () => {
    const h = home();
    const d = pipeDialer(h);
    await controlRequest(d, { op: 'new', command: 'sh', args: ECHOER, name: 'echoer' }, { timeoutMs: 30000 });
    const dialed = await d.dial();
    expect(dialed.home).toBe(h);
    const m = messages(dialed.stream);
    dialed.stream.write(
      encode(MSG.HELLO, {
        protocol: PROTOCOL,
        version: '0.0.0-elsewhere',
        remote: true,
        home: dialed.home,
        cols: 90,
        rows: 25,
        spawn: [],
      }),
    );
    const welcome = JSON.parse((await m.next(MSG.WELCOME)).payload.toString());
    expect(welcome.home).toBe(h);
    const frames = () =>
      m.all
        .filter((x) => x.type === MSG.OUTPUT)
        .map((x) => x.payload.toString())
        .join('');
    await until('a frame with the agent', () => frames().includes('echoer'), 20000);
    dialed.stream.write(encode(MSG.INPUT, Buffer.from('typed\r')));
    await until('the typed line came back in a frame', () => frames().includes('got typed'), 20000);
    dialed.stream.write(encode(MSG.RESIZE, { cols: 120, rows: 30 }));
    // The client's size as the server knows it follows the RESIZE.
    let cols = 0;
    for (let i = 0; i < 100 && cols !== 120; i++) {
      const ls = await controlRequest(d, { op: 'ls' });
      cols = (ls.attached as Array<{ cols: number }>)[0]?.cols ?? 0;
    }
    expect(cols).toBe(120);
    dialed.stream.write(encode(MSG.DETACH));
    const exit = JSON.parse((await m.next(MSG.EXIT)).payload.toString());
    expect(exit).toMatchObject({ reason: 'detached' });
    await new Promise((r) => dialed.stream.once('close', r));
    // The agents live on after the client went.
    const after = await controlRequest(d, { op: 'agents' });
    expect(
      (after.agents as Array<{ name: string; state: string }>).find((a) => a.name === 'echoer')?.state,
    ).not.toBe('exited');
  }, 90000);

  it('--no-start says there is no hub (exit 3) instead of starting one', async () => {
    const h = home();
    await expect(controlRequest(pipeDialer(h, ['--no-start']), { op: 'ping' })).rejects.toMatchObject({
      code: 'NO_HUB',
    });
  }, 30000);
});
