// `botster-tui mcp` (docs/mcp.md), as an agent's CLI meets it. Budgets (issue 69): it answers
// `tools/list` <= 150 ms after it is spawned (the launcher a CLI runs, to the answer's last byte);
// a tool call's round trip <= 1.5x the same verb through `botster-tui` on the command line, same
// run. A hub server with one agent serves both; every figure is a median of RUNS.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, serverPid, sleep, stopServer, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const launcher = path.join(here, '../bin/botster-tui');
const RUNS = Number(process.env.MCP_RUNS ?? 15);
const line = (m) => JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n';
const hello = line({
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
});

/** Spawns `botster-tui mcp`, asks for its tools at once; resolves with the time to their answer and the process. */
function spawnToTools(home, env) {
  const t0 = performance.now();
  const p = spawn(launcher, ['mcp', '--home', home], { env });
  p.stdin.write(
    hello + line({ method: 'notifications/initialized' }) + line({ id: 2, method: 'tools/list' }),
  );
  return new Promise((resolve, reject) => {
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      for (const l of buf.split('\n').slice(0, -1))
        if (JSON.parse(l).id === 2)
          return resolve({ ms: performance.now() - t0, p, tools: JSON.parse(l).result.tools });
    });
    p.on('exit', () => reject(new Error(`botster-tui mcp exited first: ${buf}`)));
  });
}

/** One `tools/call` on a running server; resolves with its round trip. */
function call(p, id, name, args) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let buf = '';
    const on = (d) => {
      buf += d;
      for (const l of buf.split('\n').slice(0, -1))
        if (JSON.parse(l).id === id) {
          p.stdout.off('data', on);
          return resolve(performance.now() - t0);
        }
    };
    p.stdout.on('data', on);
    p.stdin.write(line({ id, method: 'tools/call', params: { name, arguments: args } }));
  });
}

const home = path.join(tempHome(), '.botster');
const env = { ...process.env, CI: 'true', BOTSTER_HOME: home };
delete env.BOTSTER_SOCKET;
const server = spawn(
  process.execPath,
  [path.join(here, '../bin/botster-tui.js'), 'server', '--home', home, '--agent', 'cat'],
  {
    env,
    stdio: 'ignore',
    detached: true,
  },
);
const rows = [];
try {
  const pid = await serverPid(home, 15000);
  await sleep(1500);
  const ready = [];
  const viaTool = [];
  const viaCli = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, p, tools } = await spawnToTools(home, env);
    ready.push(ms);
    if (!tools.some((t) => t.name === 'agents')) throw new Error('no agents tool');
    // Interleaved: a tool call on this server, then the same verb through the command line.
    viaTool.push(await call(p, 10 + i, 'agents', {}));
    const t0 = performance.now();
    execFileSync(launcher, ['agents', '--json', '--home', home], { env, stdio: 'ignore' });
    viaCli.push(performance.now() - t0);
    p.stdin.end();
    await new Promise((r) => p.once('exit', r));
  }
  const r = median(ready);
  const t = median(viaTool);
  const c = median(viaCli);
  rows.push({
    name: 'mcp: spawn -> tools/list answered',
    value: r,
    unit: 'ms',
    budget: '<= 150 ms',
    ok: r <= 150,
    note: `median of ${RUNS}: ${ready.map((x) => x.toFixed(0)).join(', ')}`,
  });
  rows.push({
    name: 'mcp: tools/call agents round trip, beside botster-tui agents --json',
    value: t,
    unit: 'ms',
    budget: '<= 1.5x the command line',
    ok: t <= 1.5 * c,
    note: `${t.toFixed(1)} ms against ${c.toFixed(0)} ms (${(t / c).toFixed(2)}x), same run, interleaved`,
  });
  await stopServer(pid);
} finally {
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {}
}
report(rows);
