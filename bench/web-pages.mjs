// Ten browser pages on an agent that floods (issue 53): headless chromium, ten pages on the
// flooding agent's terminal and one on another agent's, all of one session, against a hub in tmux
// whose terminal client shows both. Measured: the key -> echo of the other agent's page (keydown ->
// its echo's WebSocket message -> the next frame) before the flood and during it, and the server's
// resident memory with the web off, on with one page, and at its highest during the flood (a page
// that cannot keep up is skipped past 1 MB queued, so the hub's memory stays bounded). Then the
// issue's figure: the time the hub's terminal client (the tmux pane) takes to show the end of a
// fixed flood (`seq 1 N`, then a marker line; Enter pressed with tmux send-keys, the pane polled
// every 10 ms with capture-pane, through one tmux control-mode client: web-util.mjs) with no page
// open and with ten pages on that agent, runs interleaved: medians and their ratio, budget 1.10.
import fs from 'node:fs';
import { descendants, median, report, sleep } from './util.mjs';
import { MEASURE, browser, hubInTmux, rssMb, runCleanup, stats, typeTimed } from './web-util.mjs';

const KEYS = Number(process.env.WEB_KEYS ?? 60);
const PAGES = Number(process.env.WEB_PAGES ?? 10);
const FLOOD = `sh -c 'read go; while :; do seq 1 200000; done'`;
const LINES = Number(process.env.WEB_FLOOD_LINES ?? 1000000);
// (eight: from one run of four to the next, the ratio moved by 0.1 either way)
const RUNS = Number(process.env.WEB_FLOOD_RUNS ?? 8);
// One fixed flood per Enter, each ending in its own marker line.
const FIXED = `sh -c 'n=0; while read go; do n=$((n+1)); seq 1 ${LINES}; echo "FLOOD END $n ."; done'`;
const cleanup = [];

/** CPU ms (user + system) of the processes. */
const cpuMs = (pids) => {
  let total = 0;
  for (const p of pids) {
    try {
      const st = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // gone
    }
  }
  return total;
};

async function main() {
  const { server, web, tmux, cli, capture } = await hubInTmux(['cat', FLOOD, FIXED], cleanup);
  const off = rssMb(server);
  const url = await web();
  const b = await browser(cleanup);
  const context = await b.newContext();
  const echo = await context.newPage();
  await echo.addInitScript(MEASURE);
  await echo.goto(url);
  await echo.waitForSelector('#agent_1');
  await echo.goto(url.replace(/\/login.*/, '/agents/1'));
  await echo.waitForSelector('#terminal .xterm');
  await echo.click('#terminal');
  const letters = 'abcdefghijklmnpqrstuvwxyz';
  const keys = async (n) => {
    await echo.evaluate(() => (window.__lat = []));
    for (let i = 0; i < n; i++) {
      await typeTimed(echo, letters[i % letters.length]);
      await sleep(30);
    }
    return echo.evaluate(() => window.__lat);
  };
  await keys(10); // warm
  await sleep(1000);
  const one = rssMb(server);
  const quiet = await keys(KEYS);

  // The flood starts (Enter typed in a page of its own, closed again): first with no page on it.
  const starter = await context.newPage();
  await starter.goto(url.replace(/\/login.*/, '/agents/2'));
  await starter.waitForSelector('#terminal .xterm');
  await starter.click('#terminal');
  await starter.keyboard.press('Enter');
  await starter.close();
  await sleep(2000);
  await echo.bringToFront();
  await echo.click('#terminal');
  const bare = await keys(KEYS);

  // Then ten pages on it.
  const pages = [];
  for (let i = 0; i < PAGES; i++) {
    const p = await context.newPage();
    await p.goto(url.replace(/\/login.*/, '/agents/2'));
    await p.waitForSelector('#terminal .xterm');
    pages.push(p);
  }
  let peak = rssMb(server);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server))), 100);
  cleanup.unshift(() => clearInterval(sampler));
  await sleep(2000);
  await echo.bringToFront();
  await echo.click('#terminal');
  const flooded = await keys(KEYS);
  await sleep(1000);
  clearInterval(sampler);

  // The terminal client's flood time: every page closed and the endless flood stopped, agent 3
  // focused in the hub's window (ctrl+g 3 i), then Enter and the marker on the pane.
  await echo.close();
  for (const p of pages) await p.close();
  cli('kill', '2');
  await sleep(1000);
  for (const k of ['C-g', '3', 'i']) {
    tmux('send-keys', '-t', '0', k);
    await sleep(200);
  }
  // CPU ms during each flood: the hub's server, its terminal client (the pane's processes) and
  // chromium (this process's children), to tell the hub's own cost from the browser's.
  const pane = Number(tmux('display-message', '-p', '-t', '0', '#{pane_pid}').trim());
  const cpu = () => ({
    server: cpuMs([server]),
    client: cpuMs([pane, ...descendants(pane)]),
    browser: cpuMs(descendants(process.pid)),
  });
  let n = 0;
  const flood = async () => {
    const marker = `FLOOD END ${++n} .`;
    const c0 = cpu();
    const start = performance.now();
    tmux('send-keys', '-t', '0', 'Enter');
    while (!(await capture()).includes(marker)) {
      if (performance.now() - start > 120000) throw new Error(`no "${marker}" on the pane`);
      await sleep(10);
    }
    const ms = performance.now() - start;
    const c1 = cpu();
    return { ms, ...Object.fromEntries(Object.keys(c1).map((k) => [k, c1[k] - c0[k]])) };
  };
  const withPages = async () => {
    const open = [];
    for (let i = 0; i < PAGES; i++) {
      const p = await context.newPage();
      await p.goto(url.replace(/\/login.*/, '/agents/3'));
      await p.waitForSelector('#terminal .xterm');
      open.push(p);
    }
    await sleep(1000);
    const ms = await flood();
    for (const p of open) await p.close();
    return ms;
  };
  const withNone = async () => {
    await sleep(1000);
    return flood();
  };
  await withNone(); // warm
  const times = { none: [], ten: [] };
  for (let r = 0; r < RUNS; r++) {
    const order = r % 2 ? ['ten', 'none'] : ['none', 'ten'];
    for (const o of order) times[o].push(await (o === 'ten' ? withPages() : withNone()));
  }
  const med = (o, k) => median(times[o].map((x) => x[k]));
  const t0 = med('none', 'ms');
  const t10 = med('ten', 'ms');
  const cpuNote = (o) =>
    `server ${med(o, 'server').toFixed(0)}, client ${med(o, 'client').toFixed(0)}, chromium ${med(o, 'browser').toFixed(0)}`;

  const f = (x) => x.toFixed(1);
  const Q = stats(quiet, 1);
  const F = stats(flooded, 1);
  const Fm = stats(flooded, 0);
  const N = stats(bare, 1);
  const note = `no flood ${f(Q.p50)}/${f(Q.p95)} ms; the flood with no page on it ${f(N.p50)}/${f(N.p95)}; to the message with ${PAGES} pages ${f(Fm.p50)}/${f(Fm.p95)}`;
  console.error(
    `web: echo in another agent's page with ${PAGES} pages on a flood (p50/p95 to the frame): ${f(F.p50)}/${f(F.p95)} ms (${note}); server RSS web off ${f(off)} MB, one page ${f(one)} MB, flood peak ${f(peak)} MB`,
  );
  const runs = (xs) => xs.map((x) => x.ms.toFixed(0)).join(', ');
  let bytes = 0; // seq's lines with their newlines
  for (let lo = 1; lo <= LINES; lo *= 10)
    bytes += (Math.min(LINES, lo * 10 - 1) - lo + 1) * (String(lo).length + 1);
  const mb = bytes / 1e6;
  console.error(
    `web: the terminal client's flood (seq 1 ${LINES}, ${mb.toFixed(1)} MB) to its last line: no page ${t0.toFixed(0)} ms (${runs(times.none)}), ${PAGES} pages on it ${t10.toFixed(0)} ms (${runs(times.ten)}), ratio ${(t10 / t0).toFixed(2)}; CPU ms per flood: no page ${cpuNote('none')}; ${PAGES} pages ${cpuNote('ten')}`,
  );
  return [
    {
      name: `terminal client's flood time, ${PAGES} pages on the agent / no page`,
      value: t10 / t0,
      unit: 'x',
      budget: '<= 1.10',
      ok: t10 / t0 <= 1.1,
      note: `seq 1 ${LINES} then a marker, Enter -> the marker on the tmux pane; medians of ${RUNS} interleaved runs: no page ${t0.toFixed(0)} ms (${runs(times.none)}), ${PAGES} pages ${t10.toFixed(0)} ms (${runs(times.ten)}); CPU ms per flood: no page ${cpuNote('none')}; ${PAGES} pages ${cpuNote('ten')}`,
    },
    {
      name: `web key->echo p50, ${PAGES} pages on a flood`,
      value: F.p50,
      unit: 'ms',
      budget: 'within 10% of the flood with no page on it (+2 ms)',
      ok: F.p50 <= N.p50 * 1.1 + 2,
      note,
    },
    {
      name: `web key->echo p95, ${PAGES} pages on a flood`,
      value: F.p95,
      unit: 'ms',
      budget: 'reported',
      ok: true,
    },
    {
      name: 'web on, one page: server RSS over web off',
      value: one - off,
      unit: 'MB',
      budget: '<= 15',
      ok: one - off <= 15,
      note: `web off ${f(off)} MB`,
    },
    {
      name: `web, ${PAGES} pages on a flood: server RSS peak over one page`,
      value: peak - one,
      unit: 'MB',
      budget: `<= ${PAGES * 2 + 30} (each page's queue is cut at 1 MB)`,
      ok: peak - one <= PAGES * 2 + 30,
    },
  ];
}

try {
  report(await main());
} finally {
  await runCleanup(cleanup);
}
