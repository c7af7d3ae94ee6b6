// Key -> echo in a browser page (issue 53): headless chromium on an agent's page of the hub's web
// (`botster-tui web`, the address read from the hub's own window as a user would, once its question is answered)
// beside a bare `ws` + xterm.js relay of the same kind of PTY (bench/web-relay.mjs) and, when it is
// installed, WeTTY serving the same `cat`, one key at a time, the sides taking turns, in the same
// run. Each key is timed in the page from its keydown to the WebSocket message that carries its
// echo (WeTTY's socket.io frame read as its text), and to the next animation frame after it (xterm
// draws there). Budgets: p50 (to the frame) within 1 ms of the bare relay, p95 within 2 ms of its
// p95, and both below WeTTY's, in the same run. WeTTY: WETTY_BIN (default
// /tmp/wetty/node_modules/.bin/wetty; bench/README.md says how to install it). Without it, the
// note prints WeTTY 3.2.0's figures measured on this machine idle (5.9 / 20.2 ms beside a bare
// relay's 3.1 / 15.7; it holds output on a 2 ms timer) scaled by this run's bare relay.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, sleep } from './util.mjs';
import { MEASURE, browser, hubInTmux, runCleanup, stats, typeTimed } from './web-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEYS = Number(process.env.WEB_KEYS ?? 120);
const WETTY = { p50: 5.9, p95: 20.2 };
const BARE_THEN = { p50: 3.1, p95: 15.7 };
const WETTY_BIN = process.env.WETTY_BIN || '/tmp/wetty/node_modules/.bin/wetty';
const cleanup = [];

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

/** WeTTY serving `cat` on loopback: its address and version, or null when it is not installed. */
async function wetty() {
  if (!fs.existsSync(WETTY_BIN)) return null;
  const real = fs.realpathSync(WETTY_BIN);
  const version = JSON.parse(
    fs.readFileSync(path.join(path.dirname(real), '../package.json'), 'utf8'),
  ).version;
  const port = await freePort();
  const args = [real, '--host', '127.0.0.1', '--port', String(port), '--command', 'cat'];
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  cleanup.unshift(() => child.kill());
  const address = `http://127.0.0.1:${port}/`;
  const up = () =>
    fetch(address)
      .then((r) => r.ok)
      .catch(() => false);
  for (let i = 0; i < 150; i++, await sleep(100)) {
    if (child.exitCode !== null) throw new Error(`WeTTY (${WETTY_BIN}) exited with ${child.exitCode}`);
    if (await up()) return { address, version };
  }
  throw new Error(`WeTTY (${WETTY_BIN}) did not answer on ${address}`);
}

async function main() {
  const { web } = await hubInTmux(['cat'], cleanup);
  const url = await web();

  const relay = spawn(process.execPath, [path.join(here, 'web-relay.mjs'), 'cat'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  cleanup.unshift(() => relay.kill());
  const relayPort = await new Promise((r) => relay.stdout.once('data', (d) => r(Number(String(d).trim()))));

  const open = async (address, ready) => {
    const b = await browser(cleanup);
    const page = await b.newPage();
    await page.addInitScript(MEASURE);
    await page.goto(address);
    await ready(page);
    return page;
  };
  const hub = await open(url, async (page) => {
    await page.waitForSelector('#agent_1');
    await page.goto(url.replace(/\/login.*/, '/agents/1'));
    await page.waitForSelector('#terminal .xterm');
    await page.click('#terminal');
  });
  const bare = await open(`http://127.0.0.1:${relayPort}/`, async (page) => {
    await page.waitForFunction(() => window.relayReady === true);
    await page.click('#t');
  });
  const sides = { hub, bare };
  const w = await wetty();
  if (w) {
    sides.wetty = await open(w.address, async (page) => {
      await page.waitForSelector('#terminal .xterm');
      await page.waitForFunction(() => window.__wsOpen === true);
      await sleep(500); // socket.io's upgrade to the WebSocket
      await page.click('#terminal');
    });
  }
  const names = Object.keys(sides);
  const letters = 'abcdefghijklmnpqrstuvwxyz';
  const type = typeTimed;
  for (let i = 0; i < 10; i++)
    for (const p of Object.values(sides)) await type(p, letters[i % letters.length]);
  for (const p of Object.values(sides)) await p.evaluate(() => (window.__lat = []));
  for (let i = 0; i < KEYS; i++) {
    const order = [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
    for (const s of order) await type(sides[s], letters[i % letters.length]);
    await sleep(30);
  }
  const lat = {};
  for (const [s, p] of Object.entries(sides)) lat[s] = await p.evaluate(() => window.__lat);
  const st = (s, i) => stats(lat[s], i);
  const H = st('hub', 1);
  const B = st('bare', 1);
  const Hm = st('hub', 0);
  const Bm = st('bare', 0);
  const f = (x) => x.toFixed(1);
  let w50 = WETTY.p50 * (B.p50 / BARE_THEN.p50);
  let w95 = WETTY.p95 * (B.p95 / BARE_THEN.p95);
  let wnote = `WeTTY not installed (${WETTY_BIN}; see bench/README.md): 3.2.0 measured ${WETTY.p50}/${WETTY.p95} idle, ~${f(w50)}/${f(w95)} at this run's load`;
  if (w) {
    const W = st('wetty', 1);
    const Wm = st('wetty', 0);
    [w50, w95] = [W.p50, W.p95];
    wnote = `WeTTY ${w.version} ${f(W.p50)}/${f(W.p95)} ms (to the message ${f(Wm.p50)}/${f(Wm.p95)}), same run`;
  }
  const note = `bare relay ${f(B.p50)}/${f(B.p95)} ms; to the message: web ${f(Hm.p50)}/${f(Hm.p95)}, bare ${f(Bm.p50)}/${f(Bm.p95)}; ${wnote}`;
  console.error(`web key->echo (p50/p95, to the frame): web ${f(H.p50)}/${f(H.p95)} ms; ${note}`);
  return [
    {
      name: 'web key->echo p50',
      value: H.p50,
      unit: 'ms',
      budget: `<= bare relay + 1 (${f(B.p50 + 1)}), < WeTTY (${f(w50)})`,
      ok: H.p50 <= B.p50 + 1 && H.p50 < w50,
      note,
    },
    {
      name: 'web key->echo p95',
      value: H.p95,
      unit: 'ms',
      budget: `<= bare relay + 2 (${f(B.p95 + 2)}), < WeTTY (${f(w95)})`,
      ok: H.p95 <= B.p95 + 2 && H.p95 < w95,
    },
  ];
}

try {
  report(await main());
} finally {
  await runCleanup(cleanup);
}
