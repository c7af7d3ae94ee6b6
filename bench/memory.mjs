// 10 agents each holding 5000 lines of scrollback: the hub's RSS; then idle CPU with them all quiet.
import { Hub } from '../dist/app/hub.js';
import { report, sleep, tempHome } from './util.mjs';

const agents = Array.from({ length: 10 }, (_, i) => ({ command: `sh -c 'seq -f "agent ${i} line %g with some text to fill the row a little" 1 6000; sleep 600'`, name: `a${i}` }));
const before = process.memoryUsage().rss;
const hub = await Hub.start({ home: tempHome(), agents, cols: 120, rows: 40, write: () => {} });
const end = Date.now() + 30000;
while (hub.agents.list().some((a) => a.terminal.scrollbackLength < 5000) && Date.now() < end) await sleep(100);
await sleep(2000); // past the idle transition
global.gc?.();
const rss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const frames0 = hub.frames;
await sleep(5000);
const cpu = process.cpuUsage(cpu0);
const frames = hub.frames - frames0;
const lines = hub.agents.list().map((a) => a.terminal.scrollbackLength);
await hub.dispose();
const mb = rss / 1024 / 1024;
report([
  { name: 'RSS, 10 agents x 5000 lines of scrollback', value: mb, unit: 'MB', budget: '<= 200 MB', ok: mb <= 200, note: `process RSS before the hub ${(before / 1024 / 1024).toFixed(0)} MB; scrollback ${Math.min(...lines)}-${Math.max(...lines)} lines` },
  { name: 'idle CPU over 5 s, 10 idle agents', value: (cpu.user + cpu.system) / 1000, unit: 'ms', budget: '~0', ok: frames === 0, note: `${frames} frames` },
]);
process.exit(0);
