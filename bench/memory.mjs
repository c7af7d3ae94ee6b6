// The real CLI (bundled, in a PTY) with 10 agents each holding 5000 lines of scrollback: its RSS
// (from /proc; the Lua worker is a thread of the same process); then its CPU while all are idle.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { report, sleep, tempHome } from './util.mjs';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/botster-tui.js');
const args = [bin, '--home', tempHome()];
for (let i = 0; i < 10; i++) args.push('--agent', `sh -c 'seq -f "agent ${i} line %g with some text to fill the row a little" 1 6000; sleep 600'`);
const env = { ...process.env, TERM: 'xterm-256color' };
delete env.CI;
const hub = spawnPty({ file: process.execPath, args, cwd: process.cwd(), env, cols: 120, rows: 40 });
let out = '';
hub.onData((d) => (out = (out + d).slice(-20000)));

const status = () => fs.readFileSync(`/proc/${hub.pid}/status`, 'utf8');
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(status())[1]) / 1024;
const cpuTicks = () => {
  const f = fs.readFileSync(`/proc/${hub.pid}/stat`, 'utf8').slice(fs.readFileSync(`/proc/${hub.pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (1/100 s)
};

await sleep(6000); // every agent has printed its 6000 lines and gone idle
const rss = rssMb();
const t0 = cpuTicks();
await sleep(5000);
const idleMs = (cpuTicks() - t0) * 10;
hub.kill('SIGTERM');
await sleep(500);
hub.dispose();
report([
  { name: 'RSS, 10 agents x 5000 lines of scrollback', value: rss, unit: 'MB', budget: '<= 200 MB', ok: rss <= 200, note: 'the real CLI process (bundle + Lua worker thread), from /proc' },
  { name: 'CPU over 5 s with 10 idle agents', value: idleMs, unit: 'ms', budget: '~0', ok: idleMs <= 50, note: 'utime+stime of the hub process (10 ms ticks)' },
]);
process.exit(0);
