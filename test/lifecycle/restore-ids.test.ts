import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, stoppedAfterEach } from '../support/cli-pty.js';
import { waitDead } from '../support/process-alive.js';
import { hubCli } from '../support/cli.js';
import { until } from '../support/wait.js';

// Issue 94, item 10: agents come back under their own numbers (the ids the list shows and scripts
// use), after `--restore` and after resuming the agents of a hub that died; new agents take the
// numbers after them. Real servers with no client, driven as a script would.

const { dotHome } = stoppedAfterEach();
const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
});

const cli = (home: string, ...args: string[]) => hubCli(home, args);
interface Row {
  id: string;
  name: string;
  state: string;
}
const agents = (home: string): Row[] => JSON.parse(cli(home, 'agents', '--json').stdout || '[]') as Row[];
const numbers = (home: string) =>
  agents(home)
    .filter((a) => a.state !== 'exited')
    .map((a) => `${a.id} ${a.name}`);

/** `botster-tui server ARGS` with no client (BOTSTER_KEEPER=off: its agents die with it). */
async function server(home: string, ...args: string[]): Promise<ChildProcess> {
  const env = { ...process.env, CI: 'true', BOTSTER_KEEPER: 'off', SHELL: '/bin/sh' } as Record<
    string,
    string
  >;
  delete env.BOTSTER_SOCKET;
  const s = spawn(process.execPath, [BIN, 'server', '--home', home, ...args], { env, stdio: 'ignore' });
  servers.push(s);
  await until('the server answers', () => cli(home, 'ls').status === 0, 30000);
  return s;
}

describe('agent numbers survive a restore', () => {
  it(
    '--restore and the resume after a crash bring each agent back under its number',
    {
      timeout: 90000,
    },
    async () => {
      const home = dotHome();
      await server(home, '--agent', 'cat', '--agent', 'cat');
      for (const name of ['a', 'b', 'c']) cli(home, 'new', '--name', name, '--no-focus', '--', 'cat');
      // 2 and 4 go: the ones left are 1, 3 and 5.
      for (const id of ['2', '4']) {
        cli(home, 'kill', id);
        await until(`agent ${id} exited`, () => agents(home).find((a) => a.id === id)?.state === 'exited');
        cli(home, 'close', id);
      }
      expect(numbers(home)).toEqual(['1 cat', '3 a', '5 c']);
      expect(cli(home, 'kill-server').status).toBe(0);

      // A stop you chose, then --restore.
      await server(home, '--restore');
      await until('restored', () => numbers(home).length === 3, 30000);
      expect(numbers(home)).toEqual(['1 cat', '3 a', '5 c']);
      // A new agent takes the number after them.
      expect(cli(home, 'new', '--name', 'd', '--no-focus', '--', 'cat').stdout.trim()).toBe('id:6');

      // The server dies with them (no keeper holds them); the next one starts a shell and offers
      // them: the shell takes a number after theirs, and resuming brings each back under its own.
      const pid = (JSON.parse(cli(home, 'ls', '--json').stdout) as { pid: number }).pid;
      process.kill(pid, 'SIGKILL');
      expect(await waitDead([pid])).toEqual([]);
      await server(home);
      await until('the new shell', () => numbers(home).length === 1, 30000);
      expect(numbers(home)).toEqual(['7 sh']);
      expect(cli(home, 'run', 'session.resume').status).toBe(0);
      await until('resumed', () => numbers(home).length === 5, 30000);
      expect(numbers(home)).toEqual(['1 cat', '3 a', '5 c', '6 d', '7 sh']);
    },
  );
});
