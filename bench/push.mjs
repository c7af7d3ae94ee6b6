// Push an improvement to a running hub -> live (the reply comes once it is loaded and bound).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { controlRequest } from '../dist/wire/control-client.js';
import { percentile, report, serverOf, sleep, stopServer, tempHome } from './util.mjs';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/botster-tui.js');
const home = tempHome();
const env = { ...process.env, TERM: 'xterm-256color' };
delete env.CI;
const hub = spawnPty({
  file: process.execPath,
  args: [bin, '--home', home, '--agent', 'sleep 600'],
  cwd: process.cwd(),
  env,
  cols: 120,
  rows: 40,
});
let out = '';
hub.onData((d) => (out += d));
const deadline = Date.now() + 10000;
while (!out.includes('Botster Hub') && Date.now() < deadline) await sleep(20);
await sleep(500); // the control socket and the watcher come up after the first frame

const socket = path.join(home, 'hub.sock');
const times = [];
let failed = 0;
for (let i = 0; i < 25; i++) {
  const source = `keys.bind("normal", "f${(i % 12) + 1}", function(app) app:notify("push ${i}") end, { desc = "bench ${i}" })`;
  const t0 = performance.now();
  const reply = await controlRequest(
    socket,
    { op: 'push', name: `bench${i}`, source, agent_id: `bench-${i}` },
    { timeoutMs: 10000 },
  );
  const ms = performance.now() - t0;
  if (reply.live === true) times.push(ms);
  else failed++;
  await sleep(50);
}
const server = await serverOf(hub.pid, 2000).catch(() => null);
if (server) await stopServer(server);
hub.kill('SIGTERM');
await sleep(300);
hub.dispose();
const p50 = percentile(times, 50);
const p95 = percentile(times, 95);
report([
  {
    name: 'push -> live (p50)',
    value: p50,
    unit: 'ms',
    budget: '—',
    ok: failed === 0,
    note: `${times.length} pushes, ${failed} not live`,
  },
  {
    name: 'push -> live (p95)',
    value: p95,
    unit: 'ms',
    budget: '<= 100 ms',
    ok: p95 <= 100 && failed === 0,
    note: 'trial load in a sandbox + policy review + history + reload, answered over the control socket',
  },
]);
process.exit(0);
