// With idle agents nothing should render and no timer should keep firing.
import { Hub } from '../dist/app/hub.js';
import { report, sleep, tempHome } from './util.mjs';

const hub = await Hub.start({
  home: tempHome(),
  agents: [{ command: 'sleep 60' }, { command: 'sleep 60' }, { command: 'sleep 60' }],
  cols: 120,
  rows: 40,
  write: () => {},
});
await sleep(2500); // past the agents' idle transition
await hub.whenIdle();
const before = hub.frames;
const cpu0 = process.cpuUsage();
await sleep(5000);
const cpu = process.cpuUsage(cpu0);
const frames = hub.frames - before;
const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
await hub.dispose();
report([
  {
    name: 'frames over 5 s with 3 idle agents',
    value: frames,
    unit: 'frames',
    budget: '0',
    ok: frames === 0,
    note: `${timers} timers armed, ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU in 5 s (this process)`,
  },
]);
process.exit(0);
