// What a box costs an agent (issue 81; docs/security.md#boxes), in one hub, interleaved:
//   - start: the hub asked for an agent (`sh -c 'echo READY'`) -> READY on its screen, in the
//     default box (its network namespace, its bridge to the hub's proxy started first) and unboxed
//     (`sandbox = false`). Budget: boxed within 50 ms of unboxed (medians).
//   - echo: a key typed into `cat` -> its echo on the screen, boxed and unboxed. Budget: boxed
//     within 10% of unboxed (medians; the PTY is the same, bubblewrap is only at the start).
import path from 'node:path';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Hub } from '../dist/app/hub.js';
import { median, report, sleep, tempHome } from './util.mjs';

const RUNS = Number(process.env.BOX_RUNS ?? 15);
const ECHOES = Number(process.env.BOX_ECHOES ?? 60);
if (spawnSync('bwrap', ['--version']).status !== 0) {
  report([{ name: 'box start', value: NaN, unit: 'ms', budget: '', ok: false, note: 'no bubblewrap' }]);
  process.exit(0);
}
const home = tempHome();
const user = tempHome();
process.env.HOME = user;
const work = path.join(user, 'work');
fs.mkdirSync(work);
// (its socket named, as a server's hub has it: the boxes' network proxy listens beside it, and each
// box starts its bridge to it before its command)
const hub = await Hub.start({
  home,
  agents: [],
  cols: 120,
  rows: 40,
  write: () => {},
  env: { BOTSTER_SOCKET: path.join(home, 'hub.sock') },
});
await hub.whenIdle();

const screenHas = (agent, text) => {
  const t = agent.terminal;
  for (let y = 0; y < t.rows; y++) if (t.rowText(y).includes(text)) return true;
  return false;
};
const until = async (fn, ms = 10000) => {
  const end = performance.now() + ms;
  while (!fn()) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
};

let n = 0;
const start = async (sandbox) => {
  const k = 1000 + n++;
  const t0 = performance.now();
  const a = await hub.lifecycle.start(
    { command: 'sh', args: ['-c', `echo READY-$((${k}+1)); exec sleep 600`], cwd: work, sandbox },
    { focus: false },
  );
  if (!('agent' in a)) throw new Error(`not started: ${a.notStarted}`);
  await until(() => screenHas(a.agent, `READY-${k + 1}`));
  const ms = performance.now() - t0;
  return { ms, agent: a.agent };
};

const boxedStart = [];
const openStart = [];
const made = [];
for (let i = 0; i < RUNS; i++) {
  for (const [box, into] of i % 2
    ? [
        ['default', boxedStart],
        [false, openStart],
      ]
    : [
        [false, openStart],
        ['default', boxedStart],
      ]) {
    const { ms, agent } = await start(box);
    into.push(ms);
    made.push(agent);
  }
}
for (const a of made) await hub.lifecycle.kill(a);

const echo = async (agent) => {
  const out = [];
  for (let i = 0; i < ECHOES; i++) {
    const word = `e${i}x${n++}`;
    const t0 = performance.now();
    agent.write(word);
    await until(() => screenHas(agent, word));
    out.push(performance.now() - t0);
    agent.write('\r');
    await sleep(5);
  }
  return out;
};
const cats = {};
for (const box of ['default', false]) {
  const a = await hub.lifecycle.start({ command: 'cat', cwd: work, sandbox: box }, { focus: false });
  if (!('agent' in a)) throw new Error(`cat not started: ${a.notStarted}`);
  if (box === 'default' && !a.agent.spec.box) throw new Error('cat started unboxed');
  cats[box ? 'boxed' : 'open'] = a.agent;
}
await sleep(300);
const boxedEcho = [];
const openEcho = [];
for (let r = 0; r < 3; r++) {
  openEcho.push(...(await echo(cats.open)));
  boxedEcho.push(...(await echo(cats.boxed)));
}
await hub.dispose();

const sb = median(boxedStart);
const so = median(openStart);
const eb = median(boxedEcho);
const eo = median(openEcho);
report([
  {
    name: 'box start (boxed - unboxed)',
    value: sb - so,
    unit: 'ms',
    budget: '<= 50 ms',
    ok: sb - so <= 50,
    note: `medians of ${RUNS}: boxed ${sb.toFixed(1)} ms, unboxed ${so.toFixed(1)} ms`,
  },
  {
    name: 'box echo (boxed / unboxed)',
    value: eb / eo,
    unit: 'x',
    budget: '<= 1.10',
    ok: eb / eo <= 1.1,
    note: `medians of ${ECHOES * 3}: boxed ${eb.toFixed(2)} ms, unboxed ${eo.toFixed(2)} ms`,
  },
]);
process.exit(0);
