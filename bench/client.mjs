// Through the real client and server (issue 12 item 8): (1) `botster-tui attach` to a server that
// runs -> its first full frame on the client's stdout, next to `node -e 0` in the same run; (2) the
// bytes the client writes to its terminal while an agent floods 50 MB of coloured output: the
// server skips frames it would draw faster than the terminal takes them, and is never behind (the
// final line shows up once the flood is over).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { median, report, serverPid, sleep, stopServer, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// The launcher a user runs (attaching, it only runs the client).
const bin = path.join(here, '../bin/botster-tui');
const RUNS = Number(process.env.ATTACH_RUNS ?? 7);
const MB = Number(process.env.FLOOD_MB ?? 50);
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const env = { ...process.env, TERM: 'xterm-256color' };
delete env.CI;
delete env.BOTSTER_SOCKET;

const FRAME_END = '\x1b[?2026l';
/** The CLI in a PTY; `until(text)` resolves with ms since the spawn once the output so far passes `test`. */
function cli(args) {
  const t0 = performance.now();
  const p = spawnPty({ file: bin, args, cwd: process.cwd(), env, cols: 120, rows: 40 });
  let out = '';
  let bytes = 0;
  const waiters = [];
  p.onData((d) => {
    bytes += Buffer.byteLength(d);
    out += d;
    if (out.length > 1 << 16) out = out.slice(-4096); // keep a tail: markers are searched in it
    for (const w of [...waiters])
      if (w.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(performance.now() - t0);
      }
  });
  const exited = new Promise((r) => p.onExit(r));
  return {
    p,
    exited,
    bytes: () => bytes,
    until: (test, ms = 10000) =>
      new Promise((resolve) => {
        if (test(out)) return resolve(performance.now() - t0);
        waiters.push({ test, resolve });
        setTimeout(() => resolve(NaN), ms);
      }),
  };
}
const firstFrame = (out) => out.includes(FRAME_END) && out.includes('Botster Hub');

async function detach(c) {
  c.p.kill('SIGHUP'); // the terminal went away: the client detaches, the server runs on
  await Promise.race([c.exited, sleep(3000)]);
  c.p.dispose();
}

// (1) attach -> first frame, interleaved with node -e 0.
const home = tempHome();
const first = cli(['--home', home, '--agent', 'sleep 600']);
await first.until(firstFrame);
const server = await serverPid(home);
await detach(first);
const attach = [];
const bare = [];
for (let i = 0; i < RUNS; i++) {
  const c = cli(['attach', '--home', home]);
  attach.push(await c.until(firstFrame));
  await detach(c);
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  bare.push(performance.now() - t0);
  await sleep(100);
}
await stopServer(server);

// (2) bytes to the client during a flood.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-flood-'));
const file = path.join(dir, 'flood.txt');
{
  const colors = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94];
  let chunk = '';
  for (let i = 0; chunk.length < 1 << 20; i++) {
    chunk += `\x1b[${colors[i % colors.length]}mline ${String(i).padStart(6, '0')} \x1b[1;38;5;${i % 256}mthe quick brown fox\x1b[0m jumps over \x1b[38;2;${i % 256};100;200mthe lazy dog\x1b[0m\r\n`;
  }
  const fd = fs.openSync(file, 'w');
  for (let n = 0; n < MB; n++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '\x1b[0mFLOOD-END\r\n');
  fs.closeSync(fd);
}
const floodBytes = fs.statSync(file).size;
const floodHome = tempHome();
const c = cli(['--home', floodHome, '--agent', `sh -c ${q(`read x; cat ${q(file)}; sleep 600`)}`]);
await c.until(firstFrame);
const floodServer = await serverPid(floodHome);
await sleep(300);
const before = c.bytes();
const t0 = performance.now();
c.p.write('\r');
const done = await c.until((out) => out.includes('FLOOD-END'), 300000);
const took = performance.now() - t0;
const sent = c.bytes() - before;
await stopServer(floodServer);
await Promise.race([c.exited, sleep(3000)]);
c.p.dispose();
fs.rmSync(dir, { recursive: true, force: true });

const a = median(attach);
const n = median(bare);
const load = `load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
report([
  {
    name: `attach -> first full frame (median of ${RUNS})`,
    value: a,
    unit: 'ms',
    budget: '<= 100 ms',
    ok: a <= 100,
    note: `${(a / n).toFixed(1)}x node -e 0 (${n.toFixed(0)} ms) in the same run; min ${Math.min(...attach).toFixed(0)}, max ${Math.max(...attach).toFixed(0)} ms; ${load}`,
  },
  {
    name: `bytes to the client during a ${MB} MB flood`,
    value: sent / 1024 / 1024,
    unit: 'MB',
    budget: 'frames skipped, never behind',
    ok: Number.isFinite(done) && sent < floodBytes,
    note: `${((sent / floodBytes) * 100).toFixed(1)}% of the flood; final line on the client ${(took / 1000).toFixed(1)} s after Enter`,
  },
]);
process.exit(0);
