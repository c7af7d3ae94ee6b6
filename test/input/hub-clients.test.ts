import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';

// The hub with several clients (as the server drives it, without the socket): each gets its own
// frames, keys act in the view of the client that sent them. Real agents, real Lua, real frames.

const hubs = useHub();

interface Client {
  term: HeadlessTerminal;
  bytes: () => string;
  text: () => Promise<string>;
}

async function twoClients(agents: string[]): Promise<{ hub: Hub; a: Client; b: Client }> {
  const out: Record<string, string> = { a: '', b: '', all: '' };
  const clients: Record<string, HeadlessTerminal> = {
    a: new HeadlessTerminal({ cols: 100, rows: 30 }),
    b: new HeadlessTerminal({ cols: 60, rows: 20 }),
  };
  hubs.track(clients.a);
  hubs.track(clients.b);
  const h = await hubs.real({
    agents: agents.map((command) => ({ command })),
    write: (data, client) => {
      for (const id of client === undefined ? ['a', 'b'] : [client]) {
        out[id] += data;
        clients[id]?.write(data);
      }
      if (client === undefined) out.all += data;
    },
  });
  h.clients.attach('a', 100, 30);
  h.clients.attach('b', 60, 20);
  await h.whenIdle();
  const client = (id: string): Client => ({
    term: clients[id],
    bytes: () => out[id],
    text: async () => {
      await h.whenIdle();
      await clients[id].flush();
      return clients[id]
        .snapshot()
        .lines.map((l) =>
          l
            .map((r) => r.text)
            .join('')
            .trimEnd(),
        )
        .join('\n');
    },
  });
  return { hub: h, a: client('a'), b: client('b') };
}

describe('a hub with several clients', () => {
  it('draws each client at its own size; a key in one redraws only that one', async () => {
    const { hub, a, b } = await twoClients(['cat']);
    expect(await a.text()).toMatch(/Botster Hub\s+100x30/);
    expect(await b.text()).toMatch(/Botster Hub\s+60x20/);
    const before = a.bytes().length;
    hub.clients.input('b', '\x07?');
    await until('help in b', async () => /Keys — normal mode/.test(await b.text()));
    expect(a.bytes().length).toBe(before);
    expect(await a.text()).not.toContain('Keys —');
  });

  it('agent output reaches every client showing the agent', async () => {
    const { hub, a, b } = await twoClients(['cat']);
    hub.clients.input('a', 'seen by both\r');
    await until('a sees it', async () => /seen by both[\s\S]*seen by both/.test(await a.text()));
    await until('b sees it', async () => /seen by both[\s\S]*seen by both/.test(await b.text()));
  });

  it("a sequence half typed in one client ends in its own view before another client's key", async () => {
    const { hub, a, b } = await twoClients(['cat']);
    hub.clients.input('a', '\x07'); // the way out: a prefix, waiting for the next key
    hub.clients.input('b', 'x\r');
    await until('b typed into the agent', async () => /x\s*│[\s\S]*x\s*│/.test(await b.text()));
    expect(hub.state.views.a?.mode).toBe('normal');
    expect(hub.state.client.mode).toBe('insert'); // b, served now
    // a's frame is drawn after b's (the served client's first): on a busy machine, a moment later.
    await until('a shows its own mode', async () => /NORMAL/.test(await a.text()));
  });

  it('copying lines in one client leaves the other typing; the copy (OSC 52) goes to the client that copied', async () => {
    const { hub, a, b } = await twoClients(['cat']);
    hub.clients.input('a', 'line to copy\r');
    await until('echo', async () => /line to copy[\s\S]*line to copy/.test(await a.text()));
    hub.clients.input('b', '\x07j'); // b looks at nothing else (one agent): focus stays, normal mode
    hub.clients.input('b', 'i');
    hub.clients.input('a', '\x07y'); // a selects lines in the agent
    await until('selecting', async () => /select: j\/k move/.test(await a.text()));
    hub.clients.input('b', 'b still types\r');
    await until('b types on', async () => /b still types[\s\S]*b still types/.test(await b.text()));
    const bBefore = b.bytes().length;
    hub.clients.input('a', 'y');
    await until('copied', async () => a.bytes().includes('\x1b]52;c;'));
    await hub.whenIdle();
    expect(b.bytes().slice(bBefore)).not.toContain('\x1b]52;c;');
  });

  it('the PTY follows the panels of the client that typed last; detaching the served client serves the one before', async () => {
    const { hub } = await twoClients(['cat']);
    const agent = hub.agents.list()[0];
    const sizeNow = () => `${agent.terminal.cols}x${agent.terminal.rows}`;
    const small = sizeNow();
    hub.clients.input('a', 'x');
    await hub.whenIdle();
    const big = sizeNow();
    expect(big).not.toBe(small);
    hub.clients.input('b', 'y');
    await hub.whenIdle();
    expect(sizeNow()).toBe(small);
    hub.clients.detach('b');
    await hub.whenIdle();
    expect(hub.state.clientId).toBe('a');
    expect(sizeNow()).toBe(big);
  });

  it("the smaller client marks where the agent's terminal (sized for the larger one) is cut; the larger shows no mark", async () => {
    const { hub, a, b } = await twoClients(['cat']);
    hub.clients.input('a', 'x'); // a (100x30) typed last: the PTY follows its panel
    await hub.whenIdle();
    await until('b marks the cut', async () => /[›⌄]/.test(await b.text()));
    const small = await b.text();
    expect(small).toMatch(/⌄/); // b's panel is shorter than a's
    expect(await a.text()).not.toMatch(/[›⌄]/);
  });

  it('a client coming back to the view the last one left, at its size, gets every cell without Lua rendering the tree again; at another size Lua does', async () => {
    const { hub: h, a, b } = await twoClients(['cat']);
    h.clients.detach('b');
    h.clients.detach('a');
    await h.whenIdle();
    const render = h.lua.render.bind(h.lua);
    let renders = 0;
    h.lua.render = (app) => {
      renders++;
      return render(app);
    };
    const before = a.bytes().length;
    h.clients.attach('a', 100, 30);
    await h.whenIdle();
    expect(renders).toBe(0);
    expect(a.bytes().slice(before)).toContain('\x1b[1;1H'); // a whole frame
    expect(await a.text()).toMatch(/INSERT/);
    h.clients.detach('a');
    await h.whenIdle();
    h.clients.attach('b', 60, 20);
    await h.whenIdle();
    expect(renders).toBe(1);
    expect(await b.text()).toMatch(/Botster Hub\s+60x20/);
  });
});
