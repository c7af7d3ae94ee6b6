// Key -> echoed character on screen, the way a user feels it: the real CLI in a 120x40 PTY with
// `cat` focused; we type one printable character at a time and time until the hub's output, fed
// into our own headless terminal (standing in for the user's terminal), shows that character in
// the cell where cat's echo must land. Scenario 2 adds 4 agents flooding coloured output.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { HeadlessTerminal } from '../dist/terminal/headless-terminal.js';
import { percentile, report, sleep, tempHome, alive, descendants, serverOf, stopServer } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '../bin/botster-tui.js');
const floodSource = path.join(here, 'flood-source.mjs');
const COLS = 120;
const ROWS = 40;
const SAMPLES = Number(process.env.KEYS_SAMPLES ?? 200);
const WARMUP = 10; // first keys of a fresh hub hit cold code paths; not counted
const LINE = 40; // Enter after this many chars so cat's line never wraps
const KEY_TIMEOUT_MS = 2000;
// Distinct consecutive lines (62 is not a multiple of 40), so an old line is never taken for a new one.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const live = new Set(); // hubs still running, for cleanup on any exit path

/** CPU seconds (user + system) used so far by pid. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100 Hz on Linux)
  } catch {
    return NaN;
  }
}

/** Bytes pid has written so far (the flooders' output rate). */
function wcharBytes(pid) {
  try {
    return Number(/wchar: (\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))[1]);
  } catch {
    return 0;
  }
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** Text of one screen row, one UTF-16 unit per cell (what we look for is ASCII and box drawing). */
function rowText(term, y) {
  let s = '';
  for (const run of term.readRow(y))
    s += run.width === run.text.length ? run.text : run.text.padEnd(run.width);
  return s;
}

/** `cat` straight in a PTY, read the same way: the floor the hub's echo is compared with. */
async function startRaw() {
  const env = { ...process.env, TERM: 'xterm-256color' };
  const p = spawnPty({ file: 'cat', args: [], cwd: process.cwd(), env, cols: COLS, rows: ROWS });
  const hub = {
    p,
    term: new HeadlessTerminal({ cols: COLS, rows: ROWS, scrollback: 0 }),
    kids: [],
    check: null,
    bytes: 0,
    raw: true,
  };
  live.add(hub);
  p.onData((d) => {
    const t = performance.now();
    hub.bytes += d.length;
    hub.term.write(d);
    hub.term.flush().then(() => hub.check?.(t));
  });
  return hub;
}

async function startHub(agents) {
  const env = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI; // Ink writes only the final frame under CI
  delete env.BOTSTER_TRACE;
  if (process.env.KEYS_TRACE) env.BOTSTER_TRACE = process.env.KEYS_TRACE;
  const args = [bin, '--home', tempHome()];
  for (const a of agents) args.push('--agent', a);
  const p = spawnPty({ file: process.execPath, args, cwd: process.cwd(), env, cols: COLS, rows: ROWS });
  const hub = {
    p,
    term: new HeadlessTerminal({ cols: COLS, rows: ROWS, scrollback: 0 }),
    kids: [],
    check: null,
    bytes: 0,
  };
  live.add(hub);
  let raw = '';
  p.onData((d) => {
    // Stamp the chunk on arrival; it is judged once our terminal has parsed it.
    const t = performance.now();
    hub.bytes += d.length;
    if (raw !== null) raw += d;
    hub.term.write(d);
    hub.term.flush().then(() => hub.check?.(t));
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no first frame in 10 s')), 10000);
    hub.check = () => {
      if (raw.includes('\x1b[?2026l') && raw.includes('Botster Hub') && findPanel(hub.term)) {
        clearTimeout(timer);
        raw = null;
        hub.check = null;
        resolve();
      }
    };
  });
  return hub;
}

/** The focused panel's content box: inside the border whose title is "cat". */
function findPanel(term) {
  for (let y = 0; y < term.rows; y++) {
    const x = rowText(term, y).indexOf('╭─ cat');
    if (x < 0) continue;
    for (let y2 = y + 1; y2 < term.rows; y2++) {
      if (rowText(term, y2)[x] === '╰') return { x: x + 1, y: y + 1, h: y2 - y - 1 };
    }
  }
  return null;
}

async function stopHub(hub) {
  if (!live.has(hub)) return;
  live.delete(hub);
  const kids = descendants(hub.p.pid);
  if (hub.server) await stopServer(hub.server); // as kill-server: the agents are hung up
  hub.p.kill('SIGTERM'); // the client restores the terminal
  await Promise.race([new Promise((r) => hub.p.onExit(r)), sleep(3000)]);
  // Whatever outlived the hub (it should be nothing) is killed by pid.
  let leftovers = 0;
  for (const pid of [...kids, hub.p.pid]) {
    if (!alive(pid)) continue;
    leftovers++;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* raced with its exit */
    }
  }
  hub.p.dispose();
  hub.term.dispose();
  return leftovers;
}

/** Resolves with the arrival time of the chunk after which `done()` holds, or NaN on timeout. */
function waitScreen(hub, done) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      hub.check = null;
      resolve(NaN);
    }, KEY_TIMEOUT_MS);
    hub.check = (t) => {
      if (!done()) return;
      clearTimeout(timer);
      hub.check = null;
      resolve(t);
    };
  });
}

/** Types SAMPLES (+ WARMUP) keys into cat and returns the key -> on-screen latencies in ms. */
async function typeKeys(hub, panel) {
  const { term } = hub;
  const lat = [];
  let timeouts = 0;
  let line = 0; // panel row of cat's current line
  let col = 0;
  let typed = '';
  let k = 0;
  const cell = (x, y) => rowText(term, panel.y + y)[panel.x + x];
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    if (col === LINE) {
      // Enter: the tty echoes CRLF, cat prints the line back; cursor ends 2 rows down (or scrolls).
      const next = Math.min(line + 2, panel.h - 1);
      const text = typed;
      const rowIs = (y, s) => rowText(term, panel.y + y).slice(panel.x, panel.x + s.length + 1) === s + ' ';
      const settled = waitScreen(
        hub,
        () => rowIs(next - 2, text) && rowIs(next - 1, text) && rowIs(next, ''),
      );
      hub.p.write('\r');
      if (Number.isNaN(await settled)) throw new Error(`cat's line ${line} never came back`);
      line = next;
      col = 0;
      typed = '';
      await sleep(5 + Math.random() * 15);
    }
    const ch = ALPHABET[k++ % ALPHABET.length];
    if (cell(col, line) !== ' ')
      throw new Error(`cell (${col},${line}) of the panel is not blank before typing`);
    const x = col;
    const y = line;
    const seen = waitScreen(hub, () => cell(x, y) === ch);
    const t0 = performance.now();
    hub.p.write(ch);
    const t = await seen;
    if (Number.isNaN(t)) timeouts++;
    else if (i >= WARMUP) lat.push(t - t0);
    col++;
    typed += ch;
    if (Number.isNaN(t)) break; // the screen model is lost; stop rather than time garbage
    await sleep(5 + Math.random() * 15);
  }
  return { lat, timeouts };
}

async function scenario(agents, settleMs) {
  const hub = agents === 'raw' ? await startRaw() : await startHub(agents);
  try {
    const panel = hub.raw ? { x: 0, y: 0, h: ROWS } : findPanel(hub.term);
    await sleep(settleMs); // cat's PTY gets its panel size; flooders get going
    // The client started a hub server (its child until the client exits): the hub's CPU is both.
    hub.server = hub.raw ? null : await serverOf(hub.p.pid);
    hub.kids = descendants(hub.p.pid).filter((p) => p !== hub.server);
    const hubPids = hub.server ? [hub.p.pid, hub.server] : [hub.p.pid];
    const cpu0 = sum(hubPids.map(cpuSeconds));
    const kidsCpu0 = sum(hub.kids.map(cpuSeconds).filter(Number.isFinite));
    const wrote0 = sum(hub.kids.map(wcharBytes));
    const bytes0 = hub.bytes;
    const t0 = performance.now();
    const res = await typeKeys(hub, panel);
    const secs = (performance.now() - t0) / 1000;
    res.hubCpu = (sum(hubPids.map(cpuSeconds)) - cpu0) / secs;
    res.outRate = (hub.bytes - bytes0) / secs;
    res.agentsCpu = (sum(hub.kids.map(cpuSeconds).filter(Number.isFinite)) - kidsCpu0) / secs;
    res.agentsOut = (sum(hub.kids.map(wcharBytes)) - wrote0) / secs;
    res.secs = secs;
    res.panel = panel;
    return res;
  } finally {
    const leftovers = await stopHub(hub);
    if (leftovers) process.stderr.write(`keys: killed ${leftovers} process(es) that outlived the hub\n`);
  }
}

async function cleanupAll() {
  for (const hub of [...live]) await stopHub(hub);
}
// A bench that stalls must not leave flooders behind.
const deadline = setTimeout(async () => {
  process.stderr.write('keys: over 55 s, giving up\n');
  await cleanupAll();
  process.exit(1);
}, 55000);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, async () => {
    await cleanupAll();
    process.exit(1);
  });

const flooder = `${JSON.stringify(process.execPath)} ${JSON.stringify(floodSource)} 10000`;
const rows = [];
const fmt = (x) => x.toFixed(1);
const stats = (res) => ({
  p50: percentile(res.lat, 50),
  p95: percentile(res.lat, 95),
  p99: res.timeouts ? NaN : percentile(res.lat, 99),
  enough: res.lat.length >= SAMPLES * 0.9 && !res.timeouts,
  n: `${res.lat.length} keys, max ${fmt(Math.max(...res.lat))} ms${res.timeouts ? `, ${res.timeouts} TIMED OUT` : ''}`,
});
try {
  // Raw `cat` in a PTY before and after the hub (same run, same reader): the floor.
  const raw1 = await scenario('raw', 100);
  const idle = await scenario(['cat'], 300);
  const raw2 = await scenario('raw', 100);
  const raw = stats({ lat: [...raw1.lat, ...raw2.lat], timeouts: raw1.timeouts + raw2.timeouts });
  const i = stats(idle);
  const over = i.p50 - raw.p50;
  rows.push(
    {
      name: 'key -> echo, raw PTY (p50, the floor)',
      value: raw.p50,
      unit: 'ms',
      budget: '—',
      ok: raw.enough,
      note: `cat in a PTY, same reader; ${raw.n.replace('keys', 'keys before + after the hub')}, p95 ${fmt(raw.p95)} ms`,
    },
    {
      name: 'key -> echo on screen, idle (p50)',
      value: i.p50,
      unit: 'ms',
      budget: '<= raw + 1 ms',
      ok: i.enough && over <= 1,
      note: `${over >= 0 ? '+' : ''}${over.toFixed(2)} ms over raw (${(i.p50 / raw.p50).toFixed(2)}x); ${i.n}`,
    },
    {
      name: 'key -> echo on screen, idle (p95)',
      value: i.p95,
      unit: 'ms',
      budget: '—',
      ok: true,
      note: `aim <= 8 ms; raw p95 ${fmt(raw.p95)} ms`,
    },
    {
      name: 'key -> echo on screen, idle (p99)',
      value: i.p99,
      unit: 'ms',
      budget: '<= 25 ms',
      ok: i.enough && i.p99 <= 25,
      note: `hub CPU ${(idle.hubCpu * 100).toFixed(0)}% while typing`,
    },
  );
  const flood = await scenario(['cat', flooder, flooder, flooder, flooder], 1000);
  const f = stats(flood);
  rows.push(
    {
      name: 'key -> echo on screen, 4 flooding (p50)',
      value: f.p50,
      unit: 'ms',
      budget: '—',
      ok: true,
      note: f.n,
    },
    {
      name: 'key -> echo on screen, 4 flooding (p95)',
      value: f.p95,
      unit: 'ms',
      budget: '<= 15 ms',
      ok: f.enough && f.p95 <= 15,
      note: `${(f.p95 / raw.p95).toFixed(1)}x raw p95`,
    },
    {
      name: 'key -> echo on screen, 4 flooding (p99)',
      value: f.p99,
      unit: 'ms',
      budget: '<= 50 ms',
      ok: f.enough && f.p99 <= 50,
      note: `hub CPU ${(flood.hubCpu * 100).toFixed(0)}%, agents CPU ${(flood.agentsCpu * 100).toFixed(0)}%, agents wrote ${(flood.agentsOut / 1e6).toFixed(1)} MB/s; flooders are off screen (only the focused agent is drawn) but parsed by the hub`,
    },
  );
} catch (err) {
  rows.push({
    name: 'key -> echo on screen',
    value: NaN,
    unit: 'ms',
    budget: '',
    ok: false,
    note: `failed: ${err.message}`,
  });
} finally {
  await cleanupAll();
  clearTimeout(deadline);
}
report(rows);
process.exit(0);
