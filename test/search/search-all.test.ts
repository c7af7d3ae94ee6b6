import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { searchAll } from '../../src/search/search-all.js';
import { press, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

// The search engine over real headless terminals and transcript files in the shape Claude Code
// 2.1.332 writes them (a line as search-real-clis.test.ts saw it), and the S key in a real hub.

const hubs = useHub();

/** Whether a terminal holds `text` on a line (scrollback or screen). */
const holds = (t: { lineCount: number; lineText(i: number): string }, text: string) =>
  Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).some((l) => l.includes(text));

async function terminal(lines: string[], rows = 10): Promise<HeadlessTerminal> {
  const t = new HeadlessTerminal({ cols: 80, rows, scrollback: 5000 });
  t.write(lines.join('\r\n') + '\r\n');
  await t.flush();
  return t;
}

/** A transcript line as Claude Code writes an answer (its message's text among the JSON). */
const claudeLine = (text: string, at: string) =>
  JSON.stringify({
    type: 'assistant',
    timestamp: at,
    message: { role: 'assistant', model: 'claude-opus-5-5', content: [{ type: 'text', text }] },
  });

describe('searchAll', () => {
  it('finds a word in screens, scrollbacks and transcripts: the line, where, when; the JSON string around it', async () => {
    const a = await terminal([...Array.from({ length: 40 }, (_, i) => `row ${i}`), 'Error: disk full']);
    const b = await terminal(['an ERROR early on', ...Array.from({ length: 30 }, (_, i) => `ok ${i}`)]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-search-'));
    const file = path.join(dir, 's.jsonl');
    fs.writeFileSync(
      file,
      [
        claudeLine('All good so far.', '2026-11-27T07:00:00.000Z'),
        claudeLine('Line one\nThe build failed with error E42 in "main.c".', '2026-11-27T07:09:31.227Z'),
      ].join('\n') + '\n',
    );
    const r = await searchAll(
      [
        { agent: { id: '1', name: 'a' }, terminal: a, files: [] },
        { agent: { id: '2', name: 'b' }, terminal: b, files: [file] },
      ],
      'error',
    );
    expect(r.hits.map((h) => [h.agent.id, h.source, h.line])).toEqual([
      ['1', 'screen', 'Error: disk full'],
      ['2', 'scrollback', 'an ERROR early on'],
      ['2', 'transcript', 'Line one The build failed with error E42 in "main.c".'],
    ]);
    expect(r.hits[1].from_bottom).toBe(b.lineCount - b.rows); // the view that many lines up starts with it
    expect(r.hits[2].at).toBe(Date.parse('2026-11-27T07:09:31.227Z'));
    expect(r.first_ms).not.toBeNull();
    expect(r.bytes).toBe(fs.statSync(file).size);
  });

  it('stops at the limit, and lets the event loop turn while it reads', async () => {
    const t = await terminal(
      Array.from({ length: 4000 }, (_, i) => `needle ${i}`),
      10,
    );
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    const r = await searchAll([{ agent: { id: '1', name: 'a' }, terminal: t, files: [] }], 'NEEDLE', {
      limit: 5000,
      perSource: 5000,
      sliceMs: 1,
    });
    clearInterval(tick);
    expect(r.hits.length).toBeGreaterThan(3000);
    expect(turns).toBeGreaterThan(0); // timers ran meanwhile: nothing held the loop to the end
    const capped = await searchAll([{ agent: { id: '1', name: 'a' }, terminal: t, files: [] }], 'needle', {
      limit: 7,
    });
    expect(capped.hits).toHaveLength(7);
    expect(capped.truncated).toBe(true);
  });
});

describe('S: search every agent from the hub', () => {
  it('lists the hits by agent; Enter focuses that agent, scrolled back to the line', async () => {
    const hub = await hubs.real({
      cols: 120,
      rows: 30,
      agents: [
        { command: `sh -c 'echo first-agent-here; exec cat'`, name: 'one' },
        { command: `sh -c 'seq 1 5; echo the marker-word-77 line; seq 1 100; exec cat'`, name: 'two' },
      ],
    });
    await until('both printed', () => hub.agents.list()[1].terminal.lineText(5).includes('marker-word-77'));
    await press(hub, '\x07S');
    await waitForFrame(hub, /Search every agent/);
    await press(hub, 'MARKER-word-77\r');
    await waitForFrame(
      hub,
      /1 hits? for "MARKER-word-77"[\s\S]*2 two · scrollback · the marker-word-77 line/,
    );
    await press(hub, '\r');
    await until(
      'two is focused, scrolled back',
      () => hub.focused?.info.name === 'two' && hub.state.scroll[hub.focused.id] > 0,
    );
    // its line is in view again (scrolled back; the live bottom is 100 lines below it)
    await waitForFrame(hub, /╭─ two \[\+\d+\][\s\S]*the marker-word-77 line/);
    // and the keys are the agent's, as after choosing a pane in tmux: a word typed goes to it
    // (its d detaches nothing, its x stops nothing), and the view goes back to the live end
    expect(hub.currentMode).toBe('insert');
    await waitForFrame(
      hub,
      /match 1 of 1 \(Ctrl\+g then n older, N newer; typing goes back to the live end\)/,
    );
    const two = hub.agents.list()[1];
    await press(hub, 'dxq-typed\r');
    await until('two echoes the word', () => holds(two.terminal, 'dxq-typed'));
    expect(hub.currentMode).toBe('insert');
    expect(hub.agents.list().map((a) => a.isExited)).toEqual([false, false]);
    expect(hub.state.scroll[two.id]).toBeUndefined();
  });

  it('a hit on a screen focuses its agent with the keys its own', async () => {
    const hub = await hubs.real({
      cols: 120,
      rows: 30,
      agents: [
        { command: `sh -c 'echo on-screen-word-5; exec cat'`, name: 'one' },
        { command: `sh -c 'echo nothing; exec cat'`, name: 'two' },
      ],
    });
    await until('one printed', () => hub.agents.list()[0].terminal.lineText(0).includes('on-screen-word-5'));
    await press(hub, '\x07');
    await press(hub, '2'); // two has the focus; the search is made from normal mode
    await press(hub, 'S');
    await press(hub, 'on-screen-word-5\r');
    await waitForFrame(hub, /1 hits? for "on-screen-word-5"[\s\S]*1 one · screen/);
    await press(hub, '\r');
    await until('one is focused', () => hub.focused?.info.name === 'one');
    expect(hub.currentMode).toBe('insert');
    const one = hub.agents.list()[0];
    await press(hub, 'dd-typed\r');
    await until('one echoes the word', () => holds(one.terminal, 'dd-typed'));
    expect(hub.currentMode).toBe('insert');
  });
});
