// Cold start side by side: each tool in a fresh PTY (120x40, cwd = this checkout, a git repository),
// timed from spawn until its output shows a marker text (its first frame). Runs are interleaved so
// every tool sees the same machine; prints medians, the minimum and each run, and the load.
//
//   npm run build
//   node bench/startup-tools.mjs [--runs 9] --tool 'NAME|MARKER|COMMAND LINE' ...
//
// The hub (a fresh home each run, its server stopped after) is always in the table. For example,
// ccmanager's Bun binary (npm i ccmanager @kodaikabasawa/ccmanager-linux-x64 in /tmp/ccm):
//   node bench/startup-tools.mjs --tool 'ccmanager|Status:|/tmp/ccm/node_modules/.bin/ccmanager'
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnPty } from '../dist/pty/pty-process.js';
import { median, sleep, tempHome } from './util.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The command users run: the launcher (bin/botster-tui), which boots the server beside the client.
const bin = path.join(root, 'bin/botster-tui');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, tool: { type: 'string', multiple: true, default: [] } },
});

const tools = [{ name: 'botster-tui', marker: 'Botster Hub', file: bin, args: [], hub: true }];
for (const spec of values.tool) {
  const [name, marker, command] = spec.split('|');
  if (!name || !marker || !command)
    throw new Error(`--tool wants 'NAME|MARKER|COMMAND LINE', got ${JSON.stringify(spec)}`);
  tools.push({ name, marker, file: '/bin/sh', args: ['-c', `exec ${command}`] });
}

function once(tool) {
  return new Promise((resolve) => {
    const env = { ...process.env, TERM: 'xterm-256color' };
    delete env.CI;
    if (tool.hub) env.BOTSTER_HOME = path.join(tempHome(), '.botster');
    const t0 = performance.now();
    const p = spawnPty({ file: tool.file, args: tool.args, cwd: root, env, cols: 120, rows: 40 });
    let out = '';
    let settled = false;
    const done = (ms) => {
      if (settled) return;
      settled = true;
      p.kill('SIGKILL');
      if (tool.hub) {
        try {
          execFileSync(bin, ['kill-server'], { env, stdio: 'ignore' });
        } catch {
          // none running
        }
      }
      resolve(ms);
    };
    p.onData((d) => {
      out += d;
      if (out.includes(tool.marker)) done(performance.now() - t0);
    });
    setTimeout(() => done(NaN), 10000);
  });
}

const times = tools.map(() => []);
for (let i = 0; i < Number(values.runs); i++) {
  for (const [k, tool] of tools.entries()) {
    times[k].push(await once(tool));
    await sleep(300);
  }
}
console.log(
  `cold start to first frame, ${values.runs} interleaved runs; load ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`,
);
const hub = median(times[0]);
for (const [k, tool] of tools.entries()) {
  const m = median(times[k]);
  console.log(
    `${tool.name.padEnd(24)} median ${m.toFixed(0).padStart(4)} ms  min ${Math.min(...times[k])
      .toFixed(0)
      .padStart(4)}  hub/this ${(hub / m).toFixed(2)}  [${times[k].map((x) => x.toFixed(0)).join(' ')}]`,
  );
}
