// Key -> echo on the user's path (issue 27): two private tmux servers, each a 160x48 window with a
// real tmux client attached (bench/tmux-pane.mjs). Bare tmux: the window runs `cat`. botster-tui:
// the window runs `bin/botster-tui --agent cat` (the launcher a user runs; cat focused). One key
// at a time, alternating between the two (which one goes first alternates too), each timed from
// the write to the client's PTY to the bytes after which the screen shows the character where
// cat's echo lands. Then the same with agents flooding: two flooders as hidden windows of the bare
// tmux and two as agents of the hub (not focused), all four running through the whole phase.
// Budgets: idle p50 <= bare tmux + 1 ms, p95 <= 2x bare tmux; flooding the same, against bare
// tmux flooding in the same run ("stays at the floor").
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, serverPid, sleep, stopServer } from './util.mjs';
import { ROWS, Tmux, Viewer, fullFrame, loadAvg, paneEnv, stats, tempDir, f1 } from './tmux-pane.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '../bin/botster-tui');
const floodSource = path.join(here, 'flood-source.mjs');
const SAMPLES = Number(process.env.PANE_KEYS ?? 150);
const WARMUP = 10;
const LINE = 40;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const flooder = `${q(process.execPath)} ${q(floodSource)} 100000`;

/** Where cat's echo lands: the whole window (bare tmux) or the inside of the panel titled "cat". */
function catBox(v) {
  for (let y = 0; y < ROWS; y++) {
    const x = v.row(y).indexOf('╭─ cat');
    if (x < 0) continue;
    for (let y2 = y + 1; y2 < ROWS; y2++) if (v.row(y2)[x] === '╰') return { x: x + 1, y: y + 1, h: y2 - y - 1 };
  }
  return null;
}

/** One side: a tmux server, its viewer, where cat echoes, and the typing state. */
async function side(tag, cmd, hidden, env) {
  const tmux = new Tmux(tag, env);
  tmux.session('e', cmd);
  for (const h of hidden) tmux.window('e', h);
  const v = new Viewer(tmux, 'e');
  const s = { tag, tmux, v, line: 0, col: 0, typed: '', k: 0, lat: [] };
  if (cmd.includes('botster-tui')) {
    if (Number.isNaN(await v.until(() => fullFrame(v) && catBox(v), 20000))) throw new Error(`${tag}: no hub frame`);
    s.box = catBox(v);
  } else {
    await sleep(200);
    s.box = { x: 0, y: 0, h: ROWS };
  }
  s.cell = (x, y) => v.row(s.box.y + y)[s.box.x + x] ?? ' ';
  return s;
}

/** One key into cat on side `s`: ms to its echo on the screen (Enter after LINE keys, not timed). */
async function key(s) {
  const { v, box } = s;
  if (s.col === LINE) {
    const next = Math.min(s.line + 2, box.h - 1);
    const text = s.typed;
    const rowIs = (y, t) => (v.row(box.y + y).slice(box.x, box.x + t.length + 1) + ' ').startsWith(t + ' ');
    const settled = v.until(() => rowIs(next - 2, text) && rowIs(next - 1, text) && (v.row(box.y + next).slice(box.x, box.x + 1) || ' ') === ' ', 3000);
    v.write('\r');
    if (Number.isNaN(await settled)) throw new Error(`${s.tag}: cat's line never came back`);
    s.line = next;
    s.col = 0;
    s.typed = '';
    await sleep(5);
  }
  const ch = ALPHABET[s.k++ % ALPHABET.length];
  const x = s.col;
  const y = s.line;
  const seen = v.until(() => s.cell(x, y) === ch, 3000);
  const t0 = performance.now();
  v.write(ch);
  const t = await seen;
  s.col++;
  s.typed += ch;
  if (Number.isNaN(t)) throw new Error(`${s.tag}: the echo of ${ch} never showed`);
  return t - t0;
}

/** Interleaved keys into both sides: { bare: ms[], hub: ms[] }. */
async function typeBoth(bare, hub) {
  const out = { bare: [], hub: [] };
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const pair = i % 2 ? [hub, bare] : [bare, hub];
    for (const s of pair) {
      const ms = await key(s);
      if (i >= WARMUP) out[s === bare ? 'bare' : 'hub'].push(ms);
      await sleep(4 + Math.random() * 8);
    }
  }
  return out;
}

const rows = [];
const open = [];
async function phase(name, hidden) {
  const home = tempDir('home');
  const env = paneEnv(home);
  const hubHome = tempDir('hub');
  const bare = await side(`bare-${name}`, 'cat', hidden, env);
  open.push(bare);
  const hubCmd = `${q(bin)} --home ${q(hubHome)} --agent cat${hidden.map((h) => ` --agent ${q(h)}`).join('')}`;
  const hub = await side(`hub-${name}`, hubCmd, [], env);
  open.push(hub);
  hub.server = await serverPid(hubHome);
  await sleep(hidden.length ? 1500 : 500); // flooders get going; the hub's start-up settles
  const res = await typeBoth(bare, hub);
  await stopServer(hub.server);
  return res;
}
function judge(label, res, extra = '') {
  const B = stats(res.bare);
  const H = stats(res.hub);
  const okP50 = H.p50 <= B.p50 + 1;
  const okP95 = H.p95 <= 2 * B.p95;
  rows.push(
    { name: `pane: key -> echo ${label}, bare tmux p50 / p95 / p99`, value: B.p50, unit: 'ms', budget: '—', ok: B.n >= SAMPLES, note: `${f1(B.p50)} / ${f1(B.p95)} / ${f1(B.p99)} ms, max ${f1(B.max)}; ${B.n} keys` },
    { name: `pane: key -> echo ${label}, botster-tui p50`, value: H.p50, unit: 'ms', budget: '<= bare + 1 ms', ok: okP50 && H.n >= SAMPLES, note: `${H.p50 - B.p50 >= 0 ? '+' : ''}${(H.p50 - B.p50).toFixed(2)} ms over bare tmux, same run, interleaved; ${H.n} keys${extra}` },
    { name: `pane: key -> echo ${label}, botster-tui p95 / p99`, value: H.p95, unit: 'ms', budget: '<= 2x bare p95', ok: okP95 && H.n >= SAMPLES, note: `${(H.p95 / B.p95).toFixed(2)}x bare p95; p99 ${f1(H.p99)} ms (bare ${f1(B.p99)}), max ${f1(H.max)}` },
  );
}
try {
  judge('idle', await phase('idle', []));
  for (const s of open.splice(0)) { s.v.dispose(); s.tmux.kill(); }
  judge('with 2 agents flooding', await phase('flood', [flooder, flooder]), '; bare tmux has 2 flooding windows, the hub 2 flooding agents, all at once');
  rows[0].note += `; ${loadAvg()}`;
} catch (err) {
  rows.push({ name: 'pane: key -> echo', value: NaN, unit: 'ms', budget: '', ok: false, note: `failed: ${err.message.split('\n')[0]}` });
  process.stderr.write(`${err.stack}\n`);
  for (const s of open) process.stderr.write(`${s.tag}:\n${s.v.rows().join('\n')}\n`);
} finally {
  for (const s of open) {
    if (s.server) await stopServer(s.server);
    s.v.dispose();
    s.tmux.kill();
  }
}
report(rows);
process.exit(0);
