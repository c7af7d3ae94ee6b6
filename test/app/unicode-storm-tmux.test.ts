import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import { killServer } from '../support/cli-pty.js';

// The real CLI on a real terminal (tmux), two panels side by side: the left agent prints a storm of
// characters whose width terminals disagree on, the right one prints plain lines. Nothing the left
// agent prints may move the right panel, its text, or any border.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const bin = path.resolve(__dirname, '../../bin/botster-tui.js');
const COLS = 100;
const ROWS = 30;

const LAYOUT = `
function App:render()
  return ui.column({
    ui.row({ grow = 1,
      ui.panel({ width = 50, title = "storm", border = "single" }, ui.terminal(self.agents[1], { cursor = false })),
      ui.panel({ width = 50, title = "clean", border = "single" }, ui.terminal(self.agents[2], { cursor = false })),
    }),
    ui.text("STATUS LINE OK"),
  })
end
`;

// Each of these is drawn with a different width by some terminal than by Unicode 11 / string-width.
const NASTY = [
  '\u0378',
  '\u0530',
  '\u{2fffd}',
  '\u{e0080}', // unassigned
  '\u2028',
  '\u2029',
  '\u200d',
  '\u200b',
  '\ufeff',
  '\u2066',
  '\u202e', // separators, joiners, format, bidi
  '\u{1f44d}\u{1f3fd}',
  '\u{1f469}\u200d\u{1f4bb}',
  '\u{1f3f3}\ufe0f\u200d\u{1f308}',
  '\u263a\ufe0f',
  '\u2764\ufe0e', // emoji
  '\ufe0f',
  '\u{e0100}',
  '\u0301',
  '\u20dd', // lone selectors and marks
  '\u00ad',
  '\u115f',
  '\u1160',
  '\u3164',
  '\uffa0', // odd widths
  '\u{1f1e6}',
  '\u{1f1e6}\u{1f1e8}',
  '\u231a',
  '\u2b50',
  '\u{1f004}', // flags, emoji presentation
  '\ue0b0',
  '\u{f0000}', // private use
  '\u{10ffff}',
  '\ufffe', // noncharacters
  '\u0e33',
  '\u0f39',
  '\u1abe', // marks that some tables call spacing
  'a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312\u0313\u0314\u0315\u0316',
];

function storm(): string {
  let s = '';
  let x = 7;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  for (let line = 0; line < 200; line++) {
    let l = '';
    while (l.length < 60) {
      const r = rnd(10);
      l +=
        r < 6
          ? NASTY[rnd(NASTY.length)]
          : r < 8
            ? String.fromCharCode(0x41 + rnd(26))
            : r < 9
              ? ' '
              : String.fromCharCode(rnd(32));
    }
    s += `${l.replace(/[\n\r\x1b]/g, '')}\r\n`;
  }
  return s;
}

const CLEAN = Array.from({ length: 40 }, (_, i) => `clean line ${String(i).padStart(2, '0')}`);

let server: string | null = null;
let hubHome: string | null = null;
const servers: string[] = [];
const homes: string[] = [];
afterAll(() => {
  for (const s of [server, ...servers]) if (s) spawnSync('tmux', ['-L', s, 'kill-server']);
  for (const h of [hubHome, ...homes]) if (h) killServer(h); // the hub server outlives its tmux window
});

function capture(on = server!): string[] {
  return execFileSync('tmux', ['-L', on, 'capture-pane', '-p', '-N', '-t', 'main'], { encoding: 'utf8' })
    .split('\n')
    .slice(0, ROWS);
}

describe.skipIf(!hasTmux)("agent output never moves the hub's drawing (tmux)", () => {
  it('a Unicode and binary storm in one panel leaves the other panel and every border in place', async () => {
    const home = tempHome({ 'user/layout.lua': LAYOUT });
    hubHome = home;
    const stormFile = path.join(home, 'storm.txt');
    fs.writeFileSync(stormFile, storm());
    const cleanFile = path.join(home, 'clean.txt');
    fs.writeFileSync(cleanFile, CLEAN.join('\n'));
    server = `botster-test-${process.pid}-${Date.now()}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'xterm-256color',
    };
    delete env.CI;
    delete env.TMUX;
    const cmd = [
      process.execPath,
      bin,
      '--home',
      home,
      '--agent',
      `cat '${stormFile}'; sleep 0.3; head -c 3000 '${stormFile}'; sleep 0.3; tail -c 5000 '${stormFile}'; exec sleep 60`,
      '--agent',
      `sleep 0.5; cat '${cleanFile}'; exec sleep 60`,
    ]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(' ');
    execFileSync(
      'tmux',
      [
        '-L',
        server,
        '-u',
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-x',
        String(COLS),
        '-y',
        String(ROWS),
        '-s',
        'main',
        cmd,
      ],
      { env },
    );
    // Wait until the clean agent's last visible line is up, then a little longer for the storm.
    const end = Date.now() + 15000;
    while (!capture().join('\n').includes('clean line 39') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    // A resize makes the hub draw every row whole, from the storm across to the clean panel.
    for (const x of [COLS + 1, COLS]) {
      execFileSync('tmux', [
        '-L',
        server,
        'resize-window',
        '-t',
        'main',
        '-x',
        String(x),
        '-y',
        String(ROWS),
      ]);
      await new Promise((r) => setTimeout(r, 700));
    }
    const lines = capture();
    const problems: string[] = [];
    const panelRows = ROWS - 1;
    // Right panel: its 50 columns end every row, exactly as the hub drew them.
    const visible = CLEAN.slice(CLEAN.length - (panelRows - 2)); // the scrolled screen of the clean agent
    for (let y = 0; y < panelRows; y++) {
      const line = lines[y] ?? '';
      let right: string;
      if (y === 0) right = `┌─ clean ${'─'.repeat(40)}┐`;
      else if (y === panelRows - 1) right = `└${'─'.repeat(48)}┘`;
      else right = `│${(visible[y - 1] ?? '').padEnd(48)}│`;
      if (!line.endsWith(right)) problems.push(`row ${y}: right panel moved: ${JSON.stringify(line)}`);
      const left = line.slice(0, line.length - right.length);
      const leftBorder = y === 0 ? '┌' : y === panelRows - 1 ? '└' : '│';
      const rightBorder = y === 0 ? '┐' : y === panelRows - 1 ? '┘' : '│';
      if (!left.startsWith(leftBorder) || !left.endsWith(rightBorder))
        problems.push(`row ${y}: left panel's border broken: ${JSON.stringify(line)}`);
    }
    expect(problems).toEqual([]);
    expect(lines[ROWS - 1].trimEnd()).toBe('STATUS LINE OK');
  }, 40000);

  // Live, while the storm goes on: a frame that repaints only the rows that changed must leave
  // them as exact as a whole frame (no cell left over from the last frame, no joiner or selector
  // that makes the terminal join the next character or widen a cell).
  it('a storm that keeps printing never moves the other panel, live and after a resize', async () => {
    const home = tempHome({ 'user/layout.lua': LAYOUT });
    homes.push(home);
    const script = path.join(home, 'storm.cjs');
    fs.writeFileSync(script, LIVE_STORM);
    const cleanFile = path.join(home, 'clean.txt');
    fs.writeFileSync(cleanFile, CLEAN.join('\n'));
    const name = `botster-test-live-${process.pid}-${Date.now()}`;
    servers.push(name);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'xterm-256color',
    };
    delete env.CI;
    delete env.TMUX;
    const cmd = [
      process.execPath,
      bin,
      '--home',
      home,
      '--agent',
      `${process.execPath} '${script}'; exec sleep 60`,
      '--agent',
      `cat '${cleanFile}'; exec sleep 60`,
    ]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(' ');
    execFileSync(
      'tmux',
      [
        '-L',
        name,
        '-u',
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-x',
        String(COLS),
        '-y',
        String(ROWS),
        '-s',
        'main',
        cmd,
      ],
      { env },
    );
    const end = Date.now() + 15000;
    while (!capture(name).join('\n').includes('clean line 39') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    const problems: string[] = [];
    // The storm prints for ~5 s: look at the screen as it goes, then once it is over, then after a resize.
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 300));
      problems.push(...check(capture(name)).map((p) => `live ${i}: ${p}`));
    }
    while (!capture(name).join('\n').includes('STORM OVER') && Date.now() < end + 15000)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    problems.push(...check(capture(name)).map((p) => `after: ${p}`));
    for (const x of [COLS + 1, COLS]) {
      execFileSync('tmux', ['-L', name, 'resize-window', '-t', 'main', '-x', String(x), '-y', String(ROWS)]);
      await new Promise((r) => setTimeout(r, 700));
    }
    problems.push(...check(capture(name)).map((p) => `resized: ${p}`));
    expect(problems.slice(0, 10)).toEqual([]);
  }, 60000);
});

/** What is wrong with the right panel or the borders on the captured screen. */
function check(lines: string[]): string[] {
  const problems: string[] = [];
  const panelRows = ROWS - 1;
  const visible = CLEAN.slice(CLEAN.length - (panelRows - 2));
  for (let y = 0; y < panelRows; y++) {
    const line = lines[y] ?? '';
    let right: string;
    if (y === 0) right = `┌─ clean ${'─'.repeat(40)}┐`;
    else if (y === panelRows - 1) right = `└${'─'.repeat(48)}┘`;
    else right = `│${(visible[y - 1] ?? '').padEnd(48)}│`;
    if (!line.endsWith(right)) problems.push(`row ${y}: right panel moved: ${JSON.stringify(line)}`);
    const left = line.slice(0, line.length - right.length);
    const leftBorder = y === 0 ? '┌' : y === panelRows - 1 ? '└' : '│';
    const rightBorder = y === 0 ? '┐' : y === panelRows - 1 ? '┘' : '│';
    if (!left.startsWith(leftBorder) || !left.endsWith(rightBorder))
      problems.push(`row ${y}: left panel's border broken: ${JSON.stringify(line)}`);
  }
  if ((lines[ROWS - 1] ?? '').trimEnd() !== 'STATUS LINE OK')
    problems.push(`status line: ${JSON.stringify(lines[ROWS - 1])}`);
  return problems;
}

// Five lines every 15 ms for ~5 s: clusters terminals draw differently (joiner sequences, one
// ending in a joiner, selectors on narrow characters, keycaps, flags, modifiers, Indic conjuncts
// with spacing marks), wide and ambiguous characters, unassigned code points, tabs.
const LIVE_STORM = String.raw`
let x = 3;
const rnd = (n) => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return (x >>> 8) % n; };
const NASTY = [
  '\u0378', '\u{2fffd}', '\u{1fae8}', '\u{1fa7c}', '\u200d', '\u200b', '\u2066', '\ufeff',
  '\u{1f44d}\u{1f3fd}', '\u{1f469}\u200d\u{1f4bb}', '\u{1f3f3}\ufe0f\u200d\u{1f308}', '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}',
  '\u{1f9d1}\u200d\u{1f91d}\u200d\u{1f9d1}', 'a\u200d', '\u{1f600}\u200d', '\u263a\ufe0f', '\u2764\ufe0e', '\u2764\ufe0f', 'a\ufe0f', '1\ufe0f',
  '#\ufe0f\u20e3', '\u2194\ufe0f', '\u25b6\ufe0f', '\u2122\ufe0f', '\u00a9\ufe0f', '\u{1f3fb}', 'a\u{1f3fb}', '\ufe0f', '\u0301', '\u20dd',
  '\u{1f1e6}', '\u{1f1e6}\u{1f1e8}', '\u231a', '\u2b50', '\u{1f004}', '\u2329', '\u3000', '\u{1b000}', '\u{20000}',
  '\u0915\u094d\u0937\u093f', '\u0b94', '\u0e1c\u0e39\u0e49', '\ufdfa', '\u{12219}', '\u{1d11e}', '\u1100\u1161\u11a8', '\u115f', '\u3164',
  '\u00b1', '\u2460', '\u2014', '\u2026', '\u2192', '\u03a9', '\u20ac', '\u00b0', '\u2605', '\u266a', '\u2713', '\u2764', '\u279c',
  '\u6f22', '\u5b57', '\uff71', '\uac00', '\u4e00\u0301', '\u6f22\ufe0f', '\u{1f600}', '\u{1f600}\u0301', '\u26a1', '\u2705', '\u274c',
  'a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312\u0313\u0314\u0315\u0316',
];
let n = 0;
function line() {
  let l = '';
  while (l.length < 70) {
    const r = rnd(10);
    l += r < 6 ? NASTY[rnd(NASTY.length)] : r < 8 ? String.fromCharCode(0x41 + rnd(26)) : r < 9 ? ' ' : '\t';
  }
  return l + '\r\n';
}
const timer = setInterval(() => {
  let s = '';
  for (let i = 0; i < 5; i++) s += line();
  process.stdout.write(s);
  if (++n >= 330) {
    clearInterval(timer);
    process.stdout.write('STORM OVER\r\n');
  }
}, 15);
`;
