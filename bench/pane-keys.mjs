// Typing into `cat` in a tmux pane, one key at a time, timed until the echo is on the screen
// (bench/tmux-pane.mjs reads the screen): shared by pane-echo.mjs and pane-hundred.mjs.
import { sleep } from './util.mjs';
import { ROWS, Tmux, Viewer, fullFrame } from './tmux-pane.mjs';

export const SAMPLES = Number(process.env.PANE_KEYS ?? 150);
const WARMUP = Number(process.env.PANE_WARMUP ?? 10);
const LINE = 40;
// Distinct consecutive lines (62 is not a multiple of 40), so an old line is never taken for a new one.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Where cat's echo lands: the whole window (bare tmux) or the inside of the panel titled "cat". */
export function catBox(v) {
  for (let y = 0; y < ROWS; y++) {
    const x = v.row(y).indexOf('╭─ cat');
    if (x < 0) continue;
    for (let y2 = y + 1; y2 < ROWS; y2++)
      if (v.row(y2)[x] === '╰') return { x: x + 1, y: y + 1, h: y2 - y - 1 };
  }
  return null;
}

/** One side: a tmux server, its viewer, where cat echoes, and the typing state. */
export async function side(tag, cmd, hidden, env) {
  const tmux = new Tmux(tag, env);
  tmux.session('e', cmd);
  for (const h of hidden) tmux.window('e', h);
  const v = new Viewer(tmux, 'e');
  const s = { tag, tmux, v, line: 0, col: 0, typed: '', k: 0, lat: [] };
  if (cmd.includes('botster-tui')) {
    if (Number.isNaN(await v.until(() => fullFrame(v) && catBox(v), 20000)))
      throw new Error(`${tag}: no hub frame`);
    s.box = catBox(v);
  } else {
    await sleep(200);
    s.box = { x: 0, y: 0, h: ROWS };
  }
  s.cell = (x, y) => v.row(s.box.y + y)[s.box.x + x] ?? ' ';
  return s;
}

/**
 * One key into cat on side `s`: ms to its echo on the screen. Enter after `line` keys: its ms
 * until cat's line is back on the screen go to `s.enter` (null when this key had none).
 */
export async function key(s, line = LINE) {
  const { v, box } = s;
  s.enter = null;
  if (s.col === line) {
    const next = Math.min(s.line + 2, box.h - 1);
    const text = s.typed;
    const rowIs = (y, t) => (v.row(box.y + y).slice(box.x, box.x + t.length + 1) + ' ').startsWith(t + ' ');
    const settled = v.until(
      () =>
        rowIs(next - 2, text) &&
        rowIs(next - 1, text) &&
        (v.row(box.y + next).slice(box.x, box.x + 1) || ' ') === ' ',
      3000,
    );
    const t0 = performance.now();
    v.write('\r');
    const t = await settled;
    if (Number.isNaN(t)) throw new Error(`${s.tag}: cat's line never came back`);
    s.enter = t - t0;
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
export async function typeBoth(bare, hub) {
  const res = await typeAll({ bare, hub });
  return { bare: res.bare, hub: res.hub };
}

/**
 * Interleaved keys into every side (by name), in a fresh random order each round: { name: ms[] }.
 * `gap`: the mean ms between two keys (default ~8, a fast typist's burst; a person types every
 * 100-200 ms).
 */
export async function typeAll(sides, { samples = SAMPLES, gap = 8, line = LINE, warmup = WARMUP } = {}) {
  const names = Object.keys(sides);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  // `line` keys a line: each Enter's ms, by side (every other key an Enter with line 1).
  out.enter = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < samples + warmup; i++) {
    const order =
      names.length === 2
        ? i % 2
          ? [...names].reverse()
          : names
        : [...names].sort(() => Math.random() - 0.5);
    for (const n of order) {
      const ms = await key(sides[n], line);
      if (i >= warmup) out[n].push(ms);
      if (i >= warmup && sides[n].enter !== null) out.enter[n].push(sides[n].enter);
      await sleep(gap * (0.5 + Math.random()));
    }
  }
  return out;
}
