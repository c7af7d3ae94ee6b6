import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { isAlive } from '../support/process-alive.js';
import { execFileSync } from 'node:child_process';
import { killServer, ptyEnv } from '../support/cli-pty.js';

// What must never happen (docs/architecture.md), under load: the real CLI for 60 s (BOTSTER_SOAK_MS) with 5 agents printing random
// bytes, crafted escape sequences and Unicode storms, keys typed into a quiet agent, and the
// layout saved every 100 ms (good and broken versions in turn). This is a robustness test, not a
// benchmark: its bounds (1 s for an echo while the test itself ran on time, 40 MB between the RSS medians of the middle and last thirds: 600 reloads alone add ~6.5 MB of heap, the scrollback may still fill) are far from the budgets and only catch a stall or a
// leak (a stall froze the hub for seconds); they hold on a machine loaded by other work too.
const SOAK_MS = Number(process.env.BOTSTER_SOAK_MS ?? 60000);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/botster-tui.js');

const NOISY = String.raw`
const seed = Number(process.argv[2]);
let x = seed * 7919 + 1;
const rnd = (n) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
const crafted = ['\x1b[99999S', '\x1b[99999T', '\x1b[99999L', '\x1b[99999M', 'a\x1b[99999b', '\x1b[99999Z',
  '\x1b[99999@', '\x1b[99999P', '\x1b[99999X', '\x1b[99999;99999H', '\x1b]0;title ' + seed + '\x07', '\x1b]52;c;' + 'QUFB'.repeat(50) + '\x07',
  '\x1bP' + 'x'.repeat(300) + '\x1b\\', '\x1b[?1049h', '\x1b[?1049l', '\x1b[38;2;1;2;3m', '\x1b[0m', '\x1b[2J', '\x1bc', '\x1b[?25l', '\x1b[' + '1;'.repeat(200) + 'm'];
const storm = ['\u2028', '\u200d', '\u{1F44D}\u{1F3FD}', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}', '\u0301', 'e\u0301', '\uFE0F', '\u{E0001}',
  '\u{10FFFD}', '\u0378', '\u4E00\u4E01', '\uFF21', '\t', '\r', '\b', '\x00', '\x7f', '\u0085', '\uD800'];
function chunk() {
  let s = '';
  for (let i = 0; i < 40; i++) {
    const k = rnd(4);
    if (k === 0) s += crafted[rnd(crafted.length)];
    else if (k === 1) s += storm[rnd(storm.length)];
    else if (k === 2) s += String.fromCharCode(...Array.from({ length: 8 }, () => rnd(256)));
    else s += 'line ' + rnd(100000) + '\n';
  }
  return s;
}
setInterval(() => process.stdout.write(chunk()), 15);
`;

const variant = (n: number) =>
  n % 5 === 4
    ? `function App:render()\n  return ui.column({ ui.text("broken " .. nope.nope) })\nend\n` // a runtime error
    : n % 7 === 6
      ? `function App:render(\n` // a syntax error
      : `-- save ${n}
function App:render()
  local row = {}
  for i, a in ipairs(self.agents) do
    if i > 1 then row[#row + 1] = ui.panel({ grow = 1, title = a.name }, ui.terminal(a)) end
  end
  return ui.column({
    ui.header({ title = "SOAK ${n % 3}" }),
    ui.panel({ height = 8, title = "quiet" }, ui.terminal(self.agents[1])),
    ui.row({ grow = 1, table.unpack(row) }),
    ui.text(self.error or "no error"),
  })
end
`;

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // utime + stime in 10 ms ticks
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/**
 * Issue 25 item 1 under load: layout.lua turned into a folder and back five times (saved at once
 * each time), saved by rename, then in place, then 2 s of quiet; every later save must still
 * reach the screen (the watcher went deaf for good, about 1 run in 2). Returns saves seen / made.
 */
async function folderDance(
  layout: string,
  waitFor: (re: RegExp, ms: number) => Promise<number>,
  rounds = 3,
): Promise<{ seen: number; of: number }> {
  const marked = (text: string) => variant(3).replace('SOAK 0', text); // a good layout showing `text`
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let seen = 0;
  let of = 0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 5; i++) {
      fs.rmSync(layout, { force: true, recursive: true });
      fs.mkdirSync(layout);
      await pause(50); // long enough for the watcher to see the folder
      fs.rmdirSync(layout);
      fs.writeFileSync(layout, marked(`DANCE ${round}.${i}`));
      await pause(50);
    }
    const tmp = path.join(path.dirname(layout), 'tmp');
    fs.writeFileSync(tmp, marked(`DANCE ${round} RENAMED`));
    fs.renameSync(tmp, layout);
    await pause(30);
    fs.writeFileSync(layout, marked(`DANCE ${round} IN PLACE`));
    await pause(2000);
    for (let i = 0; i < 3; i++, of++) {
      fs.writeFileSync(layout, marked(`AFTER DANCE ${round}.${i}`));
      seen += await waitFor(new RegExp(`AFTER DANCE ${round}\\.${i}`), 5000).then(
        () => 1,
        () => 0,
      );
    }
  }
  return { seen, of };
}

// The test's own clock: the largest gap between its 10 ms ticks since a moment. An echo is only a
// hub's stall if the test itself was running meanwhile; when the whole machine pauses (a loaded CI
// host), the test's ticks stop too and the echo says nothing about the hub.
function ownTicks(): { gapSince(t0: number): number; stop(): void } {
  const ticks: number[] = [performance.now()];
  const timer = setInterval(() => {
    ticks.push(performance.now());
    if (ticks.length > 4000) ticks.splice(0, 2000);
  }, 10);
  return {
    gapSince(t0) {
      let gap = 0;
      const all = [...ticks, performance.now()];
      for (let i = 1; i < all.length; i++)
        if (all[i] >= t0) gap = Math.max(gap, all[i] - Math.max(all[i - 1], t0));
      return gap;
    },
    stop: () => clearInterval(timer),
  };
}

/** Echoes slower than 1 s while the test's own ticks kept coming (a gap under 250 ms): the hub stalled. */
function stalls(echoes: Array<{ ms: number; ownGap: number }>): string[] {
  return echoes
    .filter((e) => e.ms >= 1000 && e.ownGap < 250)
    .map((e) => `${e.ms.toFixed(0)} ms (own gap ${e.ownGap.toFixed(0)} ms)`);
}

function slowest(echoes: Array<{ ms: number; ownGap: number }>): string {
  const e = echoes.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, ownGap: 0 });
  return `max ${e.ms.toFixed(1)} ms (the test's own longest pause meanwhile ${e.ownGap.toFixed(0)} ms)`;
}

let hub: PtyProcess | null = null;
let home = '';
afterAll(() => {
  hub?.kill('SIGKILL');
  hub?.dispose();
  if (home) killServer(home);
});

describe('soak', () => {
  it(
    `${SOAK_MS / 1000} s of hostile output, typing and saves: no crash, no stall, no leak, no error left`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster soak-'));
      home = path.join(dir, '.botster');
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      const layout = path.join(home, 'user', 'layout.lua');
      fs.writeFileSync(layout, variant(0));
      const noisy = path.join(dir, 'noisy.cjs');
      fs.writeFileSync(noisy, NOISY);
      const args = [BIN, '--home', home, '--agent', 'cat'];
      for (let i = 1; i <= 5; i++)
        args.push('--agent', `${JSON.stringify(process.execPath)} ${JSON.stringify(noisy)} ${i}`);
      const env = ptyEnv({ BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined });
      const term = new HeadlessTerminal({ cols: 160, rows: 48, scrollback: 0 });
      hub = spawnPty({ file: process.execPath, args, cwd: dir, env, cols: 160, rows: 48 });
      hub.onData((d) => term.write(d));
      let exited = false;
      hub.onExit(() => (exited = true));
      const text = () =>
        term
          .snapshot()
          .lines.map((l) => l.map((r) => r.text).join(''))
          .join('\n');
      const waitFor = async (re: RegExp, ms: number): Promise<number> => {
        const t0 = performance.now();
        for (;;) {
          await term.flush();
          if (re.test(text())) return performance.now() - t0;
          if (performance.now() - t0 > ms)
            throw new Error(`screen never matched ${re} within ${ms} ms:\n${text()}`);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await waitFor(/SOAK 0/, 15000);
      // The agents, their terminals and the drawing live in the home's server; the PTY holds its client.
      const server = (
        JSON.parse(
          execFileSync(process.execPath, [BIN, 'ls', '--json', '--home', home], { encoding: 'utf8', env }),
        ) as { pid: number }
      ).pid;

      const start = performance.now();
      const cpu0 = cpuMs(server);
      let saves = 0;
      const saver = setInterval(() => fs.writeFileSync(layout, variant(++saves)), 100);
      const echoes: number[] = [];
      const timed: Array<{ ms: number; ownGap: number }> = [];
      const own = ownTicks();
      const rss: Array<[at: number, kb: number]> = [];
      let n = 0;
      try {
        while (performance.now() - start < SOAK_MS) {
          expect(exited, 'the hub exited').toBe(false);
          const token = `k${++n}x`;
          const t0 = performance.now();
          hub.write(token);
          // cat echoes through the PTY: the token reaches the quiet panel twice once enter is pressed.
          const quiet = new RegExp(token);
          await waitFor(quiet, 15000);
          echoes.push(performance.now() - t0);
          timed.push({ ms: performance.now() - t0, ownGap: own.gapSince(t0) });
          hub.write('\r');
          rss.push([performance.now() - start, rssKb(server)]);
          await new Promise((r) => setTimeout(r, 150));
        }
      } finally {
        clearInterval(saver);
        own.stop();
      }
      // Medians of a window, not single readings: one reading may catch a GC cycle halfway (±20 MB).
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
      const end = performance.now() - start;
      // The middle third against the last: the first third still fills the agents' scrollback (legit growth).
      const rss10 = median(rss.filter(([at]) => at >= end / 3 && at < (2 * end) / 3).map(([, kb]) => kb));
      const rssEnd = median(rss.filter(([at]) => at >= (2 * end) / 3).map(([, kb]) => kb))!;
      const cpuShare = (cpuMs(server) - cpu0) / (performance.now() - start);
      const dance = await folderDance(layout, waitFor);
      console.log(`soak: saves seen after the folder/rename/in-place dance: ${dance.seen}/${dance.of}`);
      expect(dance.seen, 'saves seen after layout.lua was a folder and back').toBe(dance.of);
      // The final save is a good one: the error line must say so within a moment.
      fs.writeFileSync(layout, variant(3).replace('SOAK 0', 'SOAK FINAL'));
      await waitFor(/SOAK FINAL[\s\S]*no error/, 15000);
      expect(isAlive(server)).toBe(true);
      expect(isAlive(hub.pid)).toBe(true);

      echoes.sort((a, b) => a - b);
      const p = (q: number) => echoes[Math.min(echoes.length - 1, Math.floor(q * echoes.length))];
      console.log(
        `soak: ${echoes.length} echoes p50 ${p(0.5).toFixed(1)} ms p95 ${p(0.95).toFixed(1)} ms ${slowest(timed)}; ${saves} saves; RSS median middle third ${rss10} kB, last third ${rssEnd} kB; hub CPU ${(cpuShare * 100).toFixed(0)}%; load ${os.loadavg()[0].toFixed(1)}`,
      );
      expect(stalls(timed)).toEqual([]);
      if (rss10 !== null) expect(rssEnd - rss10).toBeLessThan(40 * 1024);
      expect(text()).not.toMatch(/layout\.lua:\d+/);
    },
    SOAK_MS + 60000,
  );
});

// (imports of this phase here, so it stays one block of its own)
import { execFile, spawnSync } from 'node:child_process';

// Issue 25, items 2 and 3, in a real terminal (tmux): agents that print an OSC string that never
// ends, retitle themselves in a loop, with 8 KB titles too (a hook listens to every title), and a
// storm of clusters terminals disagree on, while keys are typed into a quiet agent. Every echo
// must show within 250 ms, and nothing the storm prints may move the other panels or a border.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const HOSTILE_COLS = 120;
const HOSTILE_ROWS = 36;
const STORM_W = 40;

const HOSTILE_LAYOUT = `
function App:render()
  local a = self.agents
  local titled = a[4] and a[4].title or ""
  return ui.column({
    ui.row({ grow = 1,
      ui.panel({ width = ${STORM_W}, title = "storm", border = "single" }, ui.terminal(a[2], { cursor = false })),
      ui.panel({ grow = 1, title = "quiet", border = "single" }, ui.terminal(a[1])),
    }),
    ui.row({ height = 6,
      ui.panel({ width = ${STORM_W}, title = "osc", border = "single" }, ui.terminal(a[3], { cursor = false })),
      ui.panel({ grow = 1, title = titled:sub(1, 30), border = "single" }, ui.terminal(a[4], { cursor = false })),
    }),
    ui.text("END OF FRAME " .. #titled),
  })
end
`;

const TITLE_HOOK = `
local seen = state.get("titles", { n = 0 })
hooks.on("agent_title_changed", function(ev) seen.n = seen.n + 1 end)
`;

// Retitles itself in a shell loop, each title different, every 64th 8 KB long.
const TITLES = `t=$(head -c 6000 /dev/urandom | base64 -w0); i=0; while :; do i=$((i+1)); if [ $((i % 64)) = 0 ]; then printf '\\033]0;%s %s\\007' "$i" "$t"; else printf '\\033]0;t%s\\007' "$i"; fi; done`;

// Clusters, selectors, joiners (one at the end of a cluster), flags, Indic conjuncts, wide and
// ambiguous characters, unassigned code points: five lines every 15 ms.
const UNICODE_STORM = String.raw`
let x = 11;
const rnd = (n) => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return (x >>> 8) % n; };
const NASTY = ['\u0378', '\u{2fffd}', '\u{1fae8}', '\u200d', '\u200b', '\u2066', '\u{1f44d}\u{1f3fd}', '\u{1f469}\u200d\u{1f4bb}',
  '\u{1f3f3}\ufe0f\u200d\u{1f308}', '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}', 'a\u200d', '\u{1f600}\u200d', '\u263a\ufe0f',
  '\u2764\ufe0e', '\u2764\ufe0f', 'a\ufe0f', '#\ufe0f\u20e3', '\u{1f3fb}', '\ufe0f', '\u0301', '\u{1f1e6}\u{1f1e8}', '\u231a', '\u2329',
  '\u3000', '\u{20000}', '\u0915\u094d\u0937\u093f', '\u0e1c\u0e39\u0e49', '\u1100\u1161\u11a8', '\u3164', '\u00b1', '\u2460', '\u2026',
  '\u2192', '\u03a9', '\u2605', '\u6f22', '\uff71', '\uac00', '\u4e00\u0301', '\u{1f600}', '\u26a1', '\u2705',
  'a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312'];
function line() {
  let l = '';
  while (l.length < 60) { const r = rnd(10); l += r < 6 ? NASTY[rnd(NASTY.length)] : r < 8 ? String.fromCharCode(0x41 + rnd(26)) : r < 9 ? ' ' : '\t'; }
  return l + '\r\n';
}
setInterval(() => { let s = ''; for (let i = 0; i < 5; i++) s += line(); process.stdout.write(s); }, 15);
`;

let hostileTmux: string | null = null;
let hostileHome = '';
afterAll(() => {
  if (hostileTmux) spawnSync('tmux', ['-L', hostileTmux, 'kill-server']);
  if (hostileHome) killServer(hostileHome);
});

/** What is out of place on the captured screen: borders of every panel, the panels right of the storm. */
function misplaced(lines: string[]): string[] {
  const problems: string[] = [];
  const bottom = HOSTILE_ROWS - 1 - 6; // first row of the lower panels
  for (let y = 0; y < HOSTILE_ROWS - 1; y++) {
    const line = lines[y] ?? '';
    // Right of the storm everything is ASCII and box drawing: one character a cell.
    const right = line.slice(-(HOSTILE_COLS - STORM_W));
    const left = line.slice(0, line.length - right.length);
    const top = y === 0 || y === bottom;
    const end = y === bottom - 1 || y === HOSTILE_ROWS - 2;
    const [l, r] = top ? ['┌', '┐'] : end ? ['└', '┘'] : ['│', '│'];
    if (right[0] !== l || right[right.length - 1] !== r)
      problems.push(`row ${y}: right panel moved: ${JSON.stringify(line)}`);
    if (!left.startsWith(l) || !left.endsWith(r))
      problems.push(`row ${y}: left panel's border moved: ${JSON.stringify(line)}`);
  }
  if (!/^END OF FRAME \d+/.test(lines[HOSTILE_ROWS - 1] ?? ''))
    problems.push(`last row: ${JSON.stringify(lines[HOSTILE_ROWS - 1])}`);
  return problems;
}

describe.skipIf(!hasTmux)('soak: hostile output in a real terminal (issue 25)', () => {
  it(
    `${SOAK_MS / 1000} s of an unterminated OSC, a title loop and a Unicode storm: echoes within 250 ms, nothing moves`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster soak-hostile-'));
      hostileHome = path.join(dir, '.botster');
      fs.mkdirSync(path.join(hostileHome, 'user'), { recursive: true });
      fs.writeFileSync(path.join(hostileHome, 'user', 'layout.lua'), HOSTILE_LAYOUT);
      fs.writeFileSync(path.join(hostileHome, 'user', 'hooks.lua'), TITLE_HOOK);
      const storm = path.join(dir, 'storm.cjs');
      fs.writeFileSync(storm, UNICODE_STORM);
      const node = JSON.stringify(process.execPath);
      const args = [
        process.execPath,
        BIN,
        '--home',
        hostileHome,
        '--agent',
        'cat',
        '--agent',
        `${node} ${JSON.stringify(storm)}`,
        '--agent',
        `printf '\\033]0;'; exec base64 /dev/urandom`,
        '--agent',
        TITLES,
      ];
      const cmd = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
      const env: NodeJS.ProcessEnv = {
        ...ptyEnv({ BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined }),
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
      };
      delete env.TMUX;
      hostileTmux = `botster-soak-${process.pid}`;
      const tmux = (...a: string[]) =>
        execFileSync('tmux', ['-L', hostileTmux!, ...a], { encoding: 'utf8', env });
      tmux(
        '-u',
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-x',
        String(HOSTILE_COLS),
        '-y',
        String(HOSTILE_ROWS),
        '-s',
        'main',
        cmd,
      );
      // What the hub writes to tmux, as it comes (an echo is seen without polling tmux for its screen).
      const stream = path.join(dir, 'pane.out');
      fs.writeFileSync(stream, '');
      tmux('pipe-pane', '-t', 'main', '-o', `cat >> '${stream}'`);
      const fd = fs.openSync(stream, 'r');
      let seen = '';
      let offset = 0;
      const chunk = Buffer.alloc(1 << 20);
      const readStream = (): string => {
        for (
          let got = fs.readSync(fd, chunk, 0, chunk.length, offset);
          got > 0;
          got = fs.readSync(fd, chunk, 0, chunk.length, offset)
        ) {
          offset += got;
          seen = (seen + chunk.toString('latin1', 0, got)).slice(-65536);
        }
        return seen;
      };
      const capture = (): Promise<string[]> =>
        new Promise((resolve, reject) =>
          execFile(
            'tmux',
            ['-L', hostileTmux!, 'capture-pane', '-p', '-N', '-t', 'main'],
            { encoding: 'utf8' },
            (err, out) => (err ? reject(err) : resolve(out.split('\n').slice(0, HOSTILE_ROWS))),
          ),
        );
      const waitFor = async (test: (lines: string[]) => boolean, ms: number): Promise<number> => {
        const t0 = performance.now();
        for (;;) {
          const lines = await capture();
          if (test(lines)) return performance.now() - t0;
          if (performance.now() - t0 > ms)
            throw new Error(`screen never matched within ${ms} ms:\n${lines.join('\n')}`);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await waitFor((l) => /^END OF FRAME [1-9]/.test(l[HOSTILE_ROWS - 1] ?? ''), 20000);
      const quiet = (lines: string[]) =>
        lines
          .slice(0, HOSTILE_ROWS - 7)
          .map((l) => l.slice(-(HOSTILE_COLS - STORM_W)))
          .join('\n');
      const echoes: number[] = [];
      const timed: Array<{ ms: number; ownGap: number }> = [];
      const own = ownTicks();
      const problems: string[] = [];
      const start = performance.now();
      let n = 0;
      while (performance.now() - start < SOAK_MS) {
        // (with characters neither base64 nor the storm prints)
        const token = `q-${++n}_x`;
        readStream();
        seen = '';
        const t0 = performance.now();
        tmux('send-keys', '-t', 'main', '-l', token);
        // The echo is in the hub's output (or, drawn in pieces, on the screen).
        for (let k = 0; !readStream().includes(token); k++) {
          if (k % 20 === 19 && quiet(await capture()).includes(token)) break;
          if (performance.now() - t0 > 15000)
            throw new Error(`no echo of ${token}:\n${(await capture()).join('\n')}`);
          await new Promise((r) => setTimeout(r, 2));
        }
        echoes.push(performance.now() - t0);
        timed.push({ ms: performance.now() - t0, ownGap: own.gapSince(t0) });
        tmux('send-keys', '-t', 'main', 'Enter');
        if (n % 5 === 0)
          problems.push(
            ...misplaced(await capture()).map((p) => `${(performance.now() - start).toFixed(0)} ms: ${p}`),
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      // A full repaint (resize) must put everything back where it was, too.
      for (const x of [HOSTILE_COLS + 1, HOSTILE_COLS]) {
        tmux('resize-window', '-t', 'main', '-x', String(x), '-y', String(HOSTILE_ROWS));
        await new Promise((r) => setTimeout(r, 700));
      }
      own.stop();
      problems.push(...misplaced(await capture()).map((p) => `after a resize: ${p}`));
      fs.closeSync(fd);
      echoes.sort((a, b) => a - b);
      const p = (q: number) => echoes[Math.min(echoes.length - 1, Math.floor(q * echoes.length))];
      console.log(
        `soak (hostile output): ${echoes.length} echoes p50 ${p(0.5).toFixed(1)} ms p95 ${p(0.95).toFixed(1)} ms ${slowest(timed)}; ${problems.length} misplaced rows seen; load ${os.loadavg()[0].toFixed(1)}`,
      );
      expect(problems.slice(0, 5)).toEqual([]);
      // The budget (issue 25) for what a user feels, and no stall at all. (The slowest echo is not
      // held to 250 ms: on a machine other work loads, plain echoes wait that long now and then.)
      expect(p(0.95)).toBeLessThan(250);
      expect(stalls(timed)).toEqual([]);
    },
    SOAK_MS + 90000,
  );
});
