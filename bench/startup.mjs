// From spawning `botster-tui` (in a PTY, 120x40) to the first frame's bytes on its stdout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { median, report, sleep, tempHome } from './util.mjs';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/botster-tui.js');
const times = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const env = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  const p = spawnPty({ file: process.execPath, args: [bin, '--home', tempHome(), '--agent', 'sleep 30'], cwd: process.cwd(), env, cols: 120, rows: 40 });
  const ms = await new Promise((resolve) => {
    let out = '';
    p.onData((d) => {
      out += d;
      // The first frame is the first synchronized-output block with the layout in it.
      if (out.includes('\x1b[?2026l') && out.includes('Botster Hub')) resolve(performance.now() - t0);
    });
    setTimeout(() => resolve(NaN), 10000);
  });
  times.push(ms);
  p.kill('SIGTERM');
  await new Promise((r) => p.onExit(r));
  p.dispose();
  await sleep(100);
}
const m = median(times);
report([{ name: 'start -> first frame (median of 7)', value: m, unit: 'ms', budget: '<= 300 ms', ok: m <= 300, note: `min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms` }]);
process.exit(0);
