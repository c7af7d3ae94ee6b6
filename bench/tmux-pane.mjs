// The user's path, timed from outside: a private tmux server whose window is 160x48 (no status
// line, no prefix key: every key reaches the pane), with a real tmux client attached in a PTY of
// that size. What that client writes is what the user's terminal would get; our own headless xterm
// parses it, and a figure is the time from writing a key to the client's PTY (as the terminal does
// when a key is pressed) to the arrival of the bytes after which the screen shows what we wait for.
// Bare tmux and botster-tui are read by the same reader, so their ratio compares like with like.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xterm from '@xterm/headless';
import { spawnPty } from '../dist/pty/pty-process.js';
import { sleep } from './util.mjs';

export const COLS = 160;
export const ROWS = 48;

/** The environment of every pane: a private HOME (and code cache), no hub or tmux inherited. */
export function paneEnv(home) {
  const env = { ...process.env, HOME: home, TERM: 'xterm-256color', SHELL: '/bin/bash', PS1: '$ ' };
  for (const k of [
    'CI',
    'TMUX',
    'TMUX_PANE',
    'BOTSTER_SOCKET',
    'BOTSTER_AGENT_ID',
    'BOTSTER_HOME',
    'BOTSTER_TRACE',
    'XDG_CACHE_HOME',
    'XDG_RUNTIME_DIR',
    'NODE_ENV',
  ])
    delete env[k];
  return env;
}

const live = new Set();
/** Every tmux server still up is killed on exit (the bench's own, by socket name). */
export function killAllTmux() {
  for (const t of [...live]) t.kill();
}
process.on('exit', killAllTmux);

export class Tmux {
  constructor(tag, env) {
    this.sock = `botster-pane-${tag}-${process.pid}`;
    this.env = env;
    live.add(this);
  }
  run(...args) {
    return execFileSync('tmux', ['-L', this.sock, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: this.env,
    });
  }
  /** A detached session of COLSxROWS running `cmd` (a shell line), with the options every pane shares. */
  session(name, cmd) {
    this.run('new-session', '-d', '-s', name, '-x', String(COLS), '-y', String(ROWS), cmd);
    if (!this.configured) {
      this.configured = true;
      for (const o of [
        ['status', 'off'],
        ['prefix', 'None'],
        ['escape-time', '0'],
        ['default-terminal', 'screen-256color'],
        ['history-limit', '2000'],
      ])
        this.run('set', '-g', ...o);
      this.run('unbind', 'C-b');
    }
  }
  window(session, cmd) {
    this.run('new-window', '-d', '-t', session, cmd);
  }
  panePid(target) {
    return Number(this.run('display-message', '-p', '-t', target, '#{pane_pid}').trim());
  }
  kill() {
    live.delete(this);
    try {
      this.run('kill-server');
    } catch {
      /* not running */
    }
  }
}

/** A tmux client attached to `session` in a PTY of COLSxROWS: the user's terminal. */
export class Viewer {
  constructor(tmux, session) {
    this.term = new xterm.Terminal({ cols: COLS, rows: ROWS, scrollback: 0, allowProposedApi: true });
    this.check = null;
    this.p = spawnPty({
      file: 'tmux',
      args: ['-L', tmux.sock, '-f', '/dev/null', 'attach', '-t', session],
      cwd: process.cwd(),
      env: { ...tmux.env, TERM: 'xterm-256color' },
      cols: COLS,
      rows: ROWS,
    });
    this.p.onData((d) => {
      const t = performance.now(); // the chunk's arrival; judged once parsed
      this.term.write(d, () => this.check?.(t));
    });
  }
  row(y) {
    return (this.term.buffer.active.getLine(y)?.translateToString(true) ?? '').trimEnd();
  }
  rows() {
    const out = [];
    for (let y = 0; y < ROWS; y++) out.push(this.row(y));
    return out;
  }
  has(text) {
    return this.rows().some((r) => r.includes(text));
  }
  /** Resolves with the arrival time of the chunk after which `done()` holds (now if it holds), or NaN after `ms`. */
  until(done, ms = 10000) {
    return new Promise((resolve) => {
      if (done()) return resolve(performance.now());
      const timer = setTimeout(() => {
        this.check = null;
        resolve(NaN);
      }, ms);
      this.check = (t) => {
        if (!done()) return;
        clearTimeout(timer);
        this.check = null;
        resolve(t);
      };
    });
  }
  write(s) {
    this.p.write(s);
  }
  /** Types `line` (without Enter) and waits until the pane shows it: typing is not what is timed. */
  async typeLine(line) {
    this.write(line);
    const tail = line.slice(-30);
    if (Number.isNaN(await this.until(() => this.has(tail), 5000)))
      throw new Error(`the shell never showed what was typed: ${tail}`);
  }
  /** Enter, timed until `done()` holds on the screen: ms, or NaN. */
  async enter(done, ms = 10000) {
    const t0 = performance.now();
    this.write('\r');
    return (await this.until(done, ms)) - t0;
  }
  /** `clear` in the pane's shell, and wait for its prompt alone on the screen. */
  async clear() {
    this.write('clear\r');
    if (
      Number.isNaN(
        await this.until(
          () =>
            this.row(0) === '$' &&
            this.rows()
              .slice(1)
              .every((r) => r === ''),
          5000,
        ),
      )
    )
      throw new Error(`no shell prompt after clear: ${JSON.stringify(this.rows().filter(Boolean))}`);
  }
  dispose() {
    try {
      this.p.kill('SIGHUP');
    } catch {
      /* gone */
    }
    this.p.dispose();
    this.term.dispose();
  }
}

/** The hub's full first frame: its header, the bottom of its panels and its status bar. */
export function fullFrame(v) {
  const rows = v.rows();
  return (
    rows[0].includes('Botster Hub') && rows[ROWS - 2].startsWith('╰') && /Agents: \d/.test(rows[ROWS - 1])
  );
}

const dirs = [];
/** A fresh folder under the system's temp folder, removed when the bench exits (its servers are stopped by then). */
export const tempDir = (tag) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `botster-pane-${tag}-`));
  dirs.push(dir);
  return dir;
};
process.on('exit', () => {
  for (const d of dirs)
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      /* busy: left */
    }
});

/**
 * RSS, and of it the anonymous (private) part, in MB. The rest of RSS is file-backed, mostly the
 * node binary, whose pages every node process on the machine shares (PSS would split them among
 * all of them, other users' included, so it is not used).
 */
export function memory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon') };
  } catch {
    return { rss: NaN, anon: NaN };
  }
}
/** CPU ms (utime + stime, 10 ms ticks) of a process; its threads included. */
export function cpuMs(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}
/** Finer CPU time of a process: the sum of its threads' schedstat run times, in ms. */
export function cpuRunMs(pid) {
  let total = 0;
  try {
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        /* thread gone */
      }
    }
  } catch {
    return NaN;
  }
  return total;
}

/** The client: the pane's botster-tui process (the launcher execs node in place). */
export function clientPid(tmux, target) {
  const pane = tmux.panePid(target);
  const cmd = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  };
  // The node client titles itself botster-tui; the native one is dist/native/botster-tui.
  const ours = (p) => /^(\S*\/)?botster-tui(\0|\s|$)/.test(cmd(p));
  if (ours(pane)) return pane;
  for (const c of children(pane)) if (ours(c)) return c;
  return null;
}
function children(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Percentiles and spread of samples (ms). */
export function stats(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  return {
    n: s.length,
    lost: xs.length - s.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
  };
}
export const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
/** "median [min–max]". */
export const spread = (xs) => {
  const s = stats(xs);
  return `${f1(s.p50)} [${f1(s.min)}–${f1(s.max)}]`;
};
export const loadAvg = () =>
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${os.cpus().length} cores`;

/** Waits until the process's CPU stays flat (< 20 ms per 250 ms) for quietMs. */
export async function settle(pids, quietMs, maxMs) {
  const total = () => pids.reduce((a, p) => a + cpuMs(p), 0);
  const t0 = performance.now();
  let last = total();
  let since = performance.now();
  while (performance.now() - t0 < maxMs) {
    await sleep(250);
    const now = total();
    if (now - last > 20) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}
