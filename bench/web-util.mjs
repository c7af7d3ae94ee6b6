// What the web benches share: a hub in tmux with its web on (the address read from the hub's own
// window, once its question is answered, as a user would), headless chromium, and the key -> echo probe a page runs.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { median, percentile, serverPid, sleep, stopServer, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// WEB_BIN: another checkout's launcher (a before/after comparison), as PANE_BIN is for the pane.
export const bin = process.env.WEB_BIN ?? path.join(here, '../bin/botster-tui');
const TIMEOUT = Number(process.env.WEB_KEY_TIMEOUT ?? 5000);
export const CHROMIUM = [
  process.env.BOTSTER_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
].find((p) => p && fs.existsSync(p));

// In the page before its own scripts: each keydown, then the first socket message ending in that
// key (its echo), then the next frame. A socket.io frame (WeTTY's `42["data","…"]`) is read as the
// text it carries. window.__wsOpen: a socket of the page is open.
export const MEASURE = () => {
  window.__lat = [];
  window.__wsOpen = false;
  let pending = null;
  document.addEventListener('keydown', (e) => (pending = { key: e.key, t0: performance.now() }), true);
  const text = (d) => {
    if (typeof d !== 'string' || !d.startsWith('42["data",')) return d;
    try {
      return JSON.parse(d.slice(2))[1];
    } catch {
      return d;
    }
  };
  const Orig = window.WebSocket;
  window.WebSocket = class extends Orig {
    constructor(...a) {
      super(...a);
      this.addEventListener('open', () => (window.__wsOpen = true));
      this.addEventListener('message', (ev) => {
        const d = text(ev.data);
        if (!pending || typeof d !== 'string') return;
        // The echo ends a chunk of the stream; or it is on a whole screen (`s3:COLSxROWS;…`), which
        // a page is sent instead when the agent's terminal was resized (a line of the hub's own
        // window came or went) before the echo.
        if (!d.endsWith(pending.key) && !(/^s[\w:.-]+:\d+x\d+;/.test(d) && d.includes(pending.key))) return;
        const p = pending;
        pending = null;
        p.t1 = performance.now();
        requestAnimationFrame(() => window.__lat.push([p.t1 - p.t0, performance.now() - p.t0]));
      });
    }
  };
};

/** The server's resident memory (MB). */
export const rssMb = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/**
 * A hub in a fresh home under tmux running `agents`; `cleanup` (run last first) stops it.
 * web() turns the web on and answers the address the hub shows; tmux(...args) drives its server
 * (the hub's window is target `0`); cli(...args) runs `botster-tui ARGS --home HOME`.
 */
export async function hubInTmux(agents, cleanup) {
  const sock = `botster-web-bench-${process.pid}`;
  const home = tempHome();
  const env = { ...process.env, HOME: home, TERM: 'xterm-256color' };
  for (const k of ['TMUX', 'BOTSTER_SOCKET', 'BOTSTER_AGENT_ID', 'BOTSTER_HOME', 'NODE_ENV']) delete env[k];
  const tmux = (...args) =>
    execFileSync('tmux', ['-L', sock, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const quoted = agents.map((a) => `--agent '${a.replace(/'/g, `'\\''`)}'`).join(' ');
  tmux('new-session', '-d', '-x', '120', '-y', '40', `${bin} --home ${home} ${quoted}`);
  cleanup.push(() => fs.rmSync(home, { recursive: true, force: true }));
  cleanup.unshift(() => tmux('kill-server'));
  const server = await serverPid(home, 15000);
  cleanup.unshift(() => stopServer(server));
  await sleep(3000); // its code caches are written 2.5 s in (a burst of CPU)
  const web = async () => {
    execFileSync(bin, ['web', '--home', home], { env, encoding: 'utf8' });
    await sleep(300);
    // Its question waits behind the badge: opened (Ctrl+g o) and answered (Enter: show it here).
    tmux('send-keys', '-t', '0', 'C-g', 'o');
    await sleep(300);
    tmux('send-keys', '-t', '0', 'Enter');
    let url = null;
    for (let i = 0; i < 50 && !url; i++, await sleep(100))
      url = /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/.exec(tmux('capture-pane', '-p', '-t', '0'))?.[0];
    if (!url) throw new Error('the hub showed no address');
    tmux('send-keys', '-t', '0', 'q');
    return url;
  };
  const cli = (...args) => execFileSync(bin, [...args, '--home', home], { env, encoding: 'utf8' });
  let control = null;
  const capture = () => (control ??= controlClient(['-L', sock, '-f', '/dev/null'], env, cleanup))();
  return { home, server, web, tmux, cli, capture };
}

/**
 * `capture()`: the hub's window as text (tmux capture-pane), asked through one tmux control-mode
 * client. Polled every 10 ms, `tmux capture-pane` as a process of its own costs some 3 ms of CPU
 * each time: a fifth of this machine's two cores, taken from the flood being timed. Asked here, a
 * capture costs tmux's server a tenth of a millisecond. The client is told no output and has no
 * size, so it neither slows the pane nor resizes the window.
 */
function controlClient(args, env, cleanup) {
  const tmux = spawn('tmux', [...args, '-C', 'attach', '-t', '0'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env,
  });
  cleanup.unshift(() => tmux.stdin.end());
  // Each command's answer is the lines between its %begin and its %end (or %error); the first
  // block answers the attach itself.
  const waiting = [() => {}];
  let rest = '';
  let body = null;
  tmux.stdout.setEncoding('utf8');
  tmux.stdout.on('data', (d) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      if (body === null) {
        if (line.startsWith('%begin ')) body = [];
      } else if (line.startsWith('%end ') || line.startsWith('%error ')) {
        waiting.shift()?.(body.join('\n'));
        body = null;
      } else body.push(line);
    }
  });
  const ask = (command) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      tmux.stdin.write(`${command}\n`);
    });
  void ask('refresh-client -f no-output');
  return () => ask('capture-pane -p -t 0');
}

/** Headless chromium, closed by `cleanup`. */
export async function browser(cleanup) {
  if (!CHROMIUM) throw new Error('no chromium (apt-get install chromium)');
  const b = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  cleanup.unshift(() => b.close());
  return b;
}

/** Presses `key` in the page and waits for its echo to be timed. */
export async function typeTimed(page, key) {
  const before = await page.evaluate(() => window.__lat.length);
  await page.keyboard.press(key);
  await page.waitForFunction((n) => window.__lat.length > n, before, { timeout: TIMEOUT });
}

/** p50 and p95 of the timings' `i`th figure (0: to the message, 1: to the frame). */
export const stats = (lat, i) => ({
  p50: median(lat.map((x) => x[i])),
  p95: percentile(
    lat.map((x) => x[i]),
    95,
  ),
});

export async function runCleanup(cleanup) {
  for (const c of cleanup) {
    try {
      await c();
    } catch {
      // already gone
    }
  }
}
