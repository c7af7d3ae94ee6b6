import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';

// A key's echo drawn before its agent's terminal parsed it (docs/architecture.md, "A PTY chunk"),
// and plain typing that goes straight to the agent: real agents, real Lua, a client's terminal
// emulated from the bytes it was sent.

const hubs = useHub();

interface Setup {
  hub: Hub;
  /** Bytes written to the client, one entry a write, each with whether the agent had parsed `key` by then. */
  writes: Array<{ data: string; parsed: boolean }>;
  client: HeadlessTerminal;
}

async function withClient(command: string, files?: Record<string, string>): Promise<Setup> {
  const client = new HeadlessTerminal({ cols: 100, rows: 30 });
  hubs.track(client);
  const writes: Setup['writes'] = [];
  let key = '';
  const hub: Hub = await hubs.real({
    agents: [{ command }],
    ...(files ? { files } : {}),
    write: (data, id) => {
      if (id !== 'c') return;
      const agent = hub.focused;
      const row = agent ? agent.terminal.readRow(agent.terminal.cursor().y) : [];
      writes.push({ data, parsed: key !== '' && row.some((r) => r.text.includes(key)) });
      client.write(data);
    },
  });
  hub.clients.attach('c', 100, 30);
  await hub.whenIdle();
  const type = hub.clients.input.bind(hub.clients);
  hub.clients.input = (id, data) => {
    key = String(data);
    type(id, data);
  };
  return { hub, writes, client };
}

/** Types `text` a key at a time as a client's terminal sends it, each echo awaited. */
async function typeKeys(s: Setup, text: string): Promise<void> {
  for (const ch of text) {
    const before = s.hub.focused!.terminal.screenVersion;
    s.hub.clients.input('c', Buffer.from(ch));
    await until('the echo', () => s.hub.focused!.terminal.screenVersion > before);
    await s.hub.whenIdle();
  }
}

/** What the client's terminal shows, as text. */
function clientText(s: Setup): string {
  return s.client
    .snapshot()
    .lines.map((l) => l.map((r) => r.text).join(''))
    .join('\n');
}

/** The writes `text` brought, typed after a warm-up ('warm': none of its keys may be in `text`, which is found on the row only once parsed). */
async function echoesOf(s: Setup, text: string): Promise<Setup['writes']> {
  await typeKeys(s, 'warm');
  const from = s.writes.length;
  await typeKeys(s, text);
  return s.writes.slice(from);
}

/** The client's screen and the hub's last frame, cell by cell (text and style). */
async function sameScreens(s: Setup): Promise<void> {
  await s.hub.whenIdle();
  await s.client.flush();
  const shown = s.hub.frame.active.compositor.current();
  const snap = s.client.snapshot();
  for (let y = 0; y < 30; y++) {
    let x = 0;
    for (const r of snap.lines[y]!)
      for (const ch of r.text) {
        const i = y * 100 + x++;
        const want = shown.chars[i] === '' ? '' : shown.chars[i];
        if (want === '') continue;
        expect([ch, r.fg, r.bg, r.attrs], `cell ${x - 1},${y}`).toEqual([
          want,
          shown.fg[i],
          shown.bg[i],
          shown.attrs[i],
        ]);
      }
  }
}

describe("a key's echo, drawn before it is parsed", () => {
  it('is the text alone, on the client before the agent parsed it; the frame after the parse sends nothing more', async () => {
    const s = await withClient('cat');
    const mine = await echoesOf(s, 'echo');
    expect(mine.map((w) => w.data)).toEqual(['e', 'c', 'h', 'o']);
    expect(mine.every((w) => !w.parsed)).toBe(true);
    await sameScreens(s);
    expect(clientText(s)).toContain('warmecho');
  });

  it("is drawn in the agent's pen (bold red here), as the parsed frame would draw it", async () => {
    const s = await withClient(`sh -c "printf '\\033[1;31m'; exec cat"`);
    const mine = await echoesOf(s, 'bcd');
    expect(mine).toHaveLength(3);
    expect(mine.every((w) => !w.parsed)).toBe(true);
    expect(mine[0]!.data).toMatch(/^\x1b\[[0-9;]*mb\x1b\[0m$/);
    await sameScreens(s);
  });

  it('is left to the parse when the agent maps ASCII to other glyphs (DEC graphics: q is a line)', async () => {
    const s = await withClient(`sh -c "printf '\\033(0'; exec cat"`);
    await typeKeys(s, 'qqq');
    expect(s.writes.some((w) => w.data.includes('q'))).toBe(false);
    await sameScreens(s);
    expect(clientText(s)).toContain('───');
  });
});

describe('plain typing straight to the agent', () => {
  it('still meets a key the mode binds, and a sequence begun in another read', async () => {
    const s = await withClient('cat', {
      'user/keys.lua': `keys.bind("insert", "x", function(app) app:notify("x is bound") end)
keys.bind("insert", "z z", function(app) app:notify("z z is bound") end)
`,
    });
    await typeKeys(s, 'ab');
    s.hub.clients.input('c', Buffer.from('x'));
    await until('the binding', () => s.hub.state.notice?.text === 'x is bound');
    s.hub.clients.input('c', Buffer.from('z'));
    await s.hub.whenIdle();
    s.hub.clients.input('c', Buffer.from('z'));
    await until('the sequence', () => s.hub.state.notice?.text === 'z z is bound');
    await s.hub.whenIdle();
    const row = s.hub
      .focused!.terminal.readRow(0)
      .map((r) => r.text)
      .join('');
    expect(row.trimEnd()).toBe('ab');
  });
});
