import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALM_BYTES, FLOOD_BYTES, FLOOD_CHECK_MS, FLOOD_VIEW_MS } from '../../src/web/flood-gate.js';
import type { AgentScreen, WebHub } from '../../src/web/hub-port.js';
import type { WebSession } from '../../src/web/sessions.js';
import { PageSockets } from '../../src/web/sockets.js';

// Many pages on one agent that floods (src/web/sockets.ts): the flood is the agent's, not each
// page's. Pages' sockets and the hub are fakes here, output is printed by hand and the views'
// timer is a fake one; web-flood.test.ts runs the same against a real hub.

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Array<string | Buffer> = [];
  send(m: string | Buffer): void {
    this.sent.push(m);
  }
  say(msg: string): void {
    this.emit('message', Buffer.from(msg), false);
  }
  /** What came for the agent after message `from`: screens (s) and streamed bytes (o). */
  got(from = 0): { screens: Array<string | Buffer>; streamed: number } {
    const after = this.sent.slice(from);
    const text = (m: string | Buffer) => String(m);
    return {
      screens: after.filter((m) => text(m)[0] === 's'),
      streamed: after.filter((m) => text(m)[0] === 'o').reduce((n, m) => n + m.length - 'o1:'.length, 0),
    };
  }
  close(): void {}
  terminate(): void {}
}

function fakeHub() {
  const outs = new Set<(screen: AgentScreen | null, chunk: string | null) => void>();
  const counts = { watches: 0, views: 0 };
  const hub = {
    async watch(_id: string, out: (screen: AgentScreen | null, chunk: string | null) => void) {
      counts.watches++;
      out({ cols: 80, rows: 24, data: `screen ${counts.watches}` }, null);
      outs.add(out);
      return () => outs.delete(out);
    },
    view() {
      counts.views++;
      return { cols: 80, rows: 24, data: `view ${counts.views}` };
    },
    type: async () => ({ ok: true }),
  } as unknown as WebHub;
  let n = 0;
  /** The agent prints `bytes` (each chunk different, as a flood's are). */
  const print = (bytes: number) => {
    const chunk = String(++n).padEnd(bytes, '.');
    for (const out of [...outs]) out(null, chunk);
  };
  return { hub, counts, print };
}

const session = { id: 's', readOnly: false } as WebSession;
const settle = () => new Promise((r) => setImmediate(r));

async function pagesOn(sockets: PageSockets, n: number): Promise<FakeSocket[]> {
  const pages = Array.from({ length: n }, () => new FakeSocket());
  for (const p of pages) {
    sockets.add(p as unknown as WebSocket, session);
    p.say('w1');
  }
  await settle();
  return pages;
}

describe('pages on an agent that floods', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('ten pages each get at most the line of it, then one screen read for all per view, then the exact screen', async () => {
    const { hub, counts, print } = fakeHub();
    const sockets = new PageSockets(hub);
    const pages = await pagesOn(sockets, 10);
    for (const p of pages) expect(p.got().screens).toHaveLength(1);
    const mark = pages[0].sent.length;
    for (let i = 0; i < 20; i++) print(4096);
    for (const p of pages) {
      const g = p.got(mark);
      expect(g.streamed).toBeLessThanOrEqual(FLOOD_BYTES);
      expect(g.streamed).toBeGreaterThan(0);
    }
    // Still flooding at every check: no view before one is due, then one read of its screen,
    // the same bytes to every page.
    const views = counts.views;
    for (let t = FLOOD_CHECK_MS; t < FLOOD_VIEW_MS; t += FLOOD_CHECK_MS) {
      print(CALM_BYTES);
      vi.advanceTimersByTime(FLOOD_CHECK_MS);
      expect(counts.views).toBe(views);
    }
    print(CALM_BYTES);
    vi.advanceTimersByTime(FLOOD_CHECK_MS);
    expect(counts.views).toBe(views + 1);
    const view = pages[0].sent.at(-1);
    expect(String(view)).toMatch(/^s1:80x24;view/);
    for (const p of pages) expect(p.sent.at(-1)).toBe(view);
    // Quiet at the next two checks (not views): every page gets the exact screen again, then the
    // stream. One quiet check is not enough (a flood the hub paused for a moment).
    const watches = counts.watches;
    vi.advanceTimersByTime(FLOOD_CHECK_MS);
    await settle();
    expect(counts.watches).toBe(watches);
    vi.advanceTimersByTime(FLOOD_CHECK_MS);
    await settle();
    expect(counts.watches).toBe(watches + 10);
    for (const p of pages) expect(String(p.sent.at(-1))).toMatch(/^s1:80x24;screen/);
    print(3);
    for (const p of pages) expect(String(p.sent.at(-1))).toMatch(/^o1:/);
  });

  it('a page that comes to an agent already flooding takes no burst of it', async () => {
    const { hub, print } = fakeHub();
    const sockets = new PageSockets(hub);
    const [first] = await pagesOn(sockets, 1);
    for (let i = 0; i < 10; i++) print(4096);
    const [late] = await pagesOn(sockets, 1);
    expect(late.got().screens).toHaveLength(1);
    for (let i = 0; i < 10; i++) print(4096);
    expect(late.got().streamed).toBe(0);
    for (let t = 0; t < FLOOD_VIEW_MS; t += FLOOD_CHECK_MS) {
      print(CALM_BYTES);
      vi.advanceTimersByTime(FLOOD_CHECK_MS);
    }
    // (both get the view)
    expect(String(late.sent.at(-1))).toMatch(/^s1:80x24;view/);
    expect(late.sent.at(-1)).toBe(first.sent.at(-1));
  });

  it('typing and its echo pass to every page as they come', async () => {
    const { hub, print } = fakeHub();
    const sockets = new PageSockets(hub);
    const pages = await pagesOn(sockets, 10);
    for (let i = 0; i < 200; i++) {
      print(1);
      for (const p of pages) expect(String(p.sent.at(-1))).toMatch(/^o1:/);
    }
  });
});

describe('what a page must not send', () => {
  class Closing extends FakeSocket {
    closed: number | null = null;
    override close(code?: number): void {
      this.closed = code ?? null;
    }
  }

  const open = (hub: WebHub) => {
    const refused: string[] = [];
    const sockets = new PageSockets(
      hub,
      () => {},
      (m) => refused.push(m),
    );
    const ws = new Closing();
    sockets.add(ws as unknown as WebSocket, session);
    return { sockets, ws, refused };
  };

  it('a binary frame or a message no page sends: closed with a code, said, the page gone', async () => {
    const { hub } = fakeHub();
    const a = open(hub);
    a.ws.emit('message', Buffer.from([0xff, 0x00]), true);
    expect(a.ws.closed).toBe(1003);
    expect(a.sockets.size).toBe(0);
    const b = open(hub);
    b.ws.say('x1');
    await settle();
    expect(b.ws.closed).toBe(1008);
    expect([...a.refused, ...b.refused]).toEqual([
      'a binary WebSocket frame (pages send text)',
      'a WebSocket message no page sends ("x1")',
    ]);
  });

  it('an agent named wrongly is said and the page keeps its socket; a throw closes that socket only (1011)', async () => {
    const logged: string[] = [];
    const throwing = {
      ...fakeHub().hub,
      type: () => {
        throw new Error('typing failed');
      },
      log: (_level: string, m: string) => logged.push(m),
    } as unknown as WebHub;
    const c = open(throwing);
    c.ws.say('w../../x y');
    c.ws.say('i:nothing');
    await settle();
    expect(c.ws.closed).toBeNull();
    expect(c.refused).toHaveLength(2);
    c.ws.say('i1:x');
    await settle();
    expect(c.ws.closed).toBe(1011);
    expect(logged.join('\n')).toContain('typing failed');
    expect(c.sockets.size).toBe(0);
  });
});
