import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { isAlive, waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';
import { hubCli } from '../support/cli.js';

// The done test of issue 52: a real hub with real PTYs (a shell, and a program printing numbered
// lines) loses its server to kill -9; both agents live on with their keepers, and the next server
// adopts them: the same pids, numbers and names, every line on the screen and in the scrollback,
// none missing, the ones written while no server was there included.

const { running, dotHome } = stoppedAfterEach();

function cli(home: string, ...args: string[]) {
  return hubCli(home, args).stdout;
}
interface Row {
  id: string;
  name: string;
  pid: number;
  state: string;
}
const agentsOf = (home: string) => JSON.parse(cli(home, 'agents', '--json')) as Row[];

describe('agents outlive a kill -9 of their hub server', () => {
  it(
    'the next server adopts the same processes, their screens and scrollback without a gap',
    { timeout: 90000 },
    async () => {
      const home = dotHome();
      // The counter prints 200 lines, waits for the server to be gone (the gate), and prints the
      // other 200 while no server is there and as the next one adopts it.
      const gate = path.join(home, 'gate');
      const count = (to: number) => `while [ $i -lt ${to} ]; do i=$((i+1)); echo n$i; sleep 0.01; done`;
      const counter = `sh -c 'i=0; ${count(200)}; until [ -e "${gate}" ]; do sleep 0.05; done; ${count(400)}; echo counted; exec sleep 600'`;
      const env = ptyEnv({ SHELL: '/bin/sh' });
      const first = run(['--home', home, '--agent', 'sh', '--agent', counter], 100, 30, { env });
      running.push(first);
      await waitScreen(first, /Agents: 2/);
      first.pty.write('echo shell-says-$((6*7))\r');
      await waitScreen(first, /shell-says-42/);
      // The shell's hooks (as an agent CLI's would) say it asks something: still asked after.
      cli(home, 'report', '1', '--state', 'waiting', '--reason', 'Allow the edit?');
      const before = agentsOf(home);
      expect(before.map((a) => a.id)).toEqual(['1', '2']);
      await until('n200 printed', () => /\bn200\b/.test(cli(home, 'read', '2', '--scrollback')), 40000);
      const server = (JSON.parse(cli(home, 'ls', '--json')) as { pid: number }).pid;
      process.kill(server, 'SIGKILL');
      expect(await waitDead([server])).toEqual([]);
      fs.writeFileSync(gate, '');
      // Both agents live on, held by their keepers, while no server is there.
      for (const a of before) expect(isAlive(a.pid), `${a.name} (pid ${a.pid})`).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      const second = run(['--home', home], 100, 30, { env });
      running.push(second);
      await waitScreen(second, /Agents: 2/);
      const after = agentsOf(home);
      expect(after.map(({ id, name, pid }) => ({ id, name, pid }))).toEqual(
        before.map(({ id, name, pid }) => ({ id, name, pid })),
      );
      expect(cli(home, 'read', '1')).toContain('shell-says-42');
      expect(after[0]).toMatchObject({ state: 'waiting', reason: 'Allow the edit?', state_source: 'report' });
      await until('counted', () => cli(home, 'read', '2').includes('counted'), 20000);
      const lines = cli(home, 'read', '2', '--scrollback')
        .split('\n')
        .filter((l) => /^n\d+$/.test(l.trim()))
        .map((l) => Number(l.trim().slice(1)));
      expect(lines).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
      // And it is live: the shell still answers.
      spawnSync(
        process.execPath,
        [BIN, 'send', '1', 'echo again-$((1+1))', '--keys', 'enter', '--home', home],
        {
          env: { ...process.env, CI: 'true', BOTSTER_SOCKET: undefined },
          timeout: 20000,
        },
      );
      await until('the shell answers', () => cli(home, 'read', '1').includes('again-2'));
    },
  );
});
