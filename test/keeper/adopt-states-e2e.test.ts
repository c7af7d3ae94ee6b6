import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { waitDead } from '../support/process-alive.js';
import { hubCli } from '../support/cli.js';
import { until } from '../support/wait.js';

// Issue 94, item 10: a crash's agents never read "done" unless they finished a turn. An agent that
// had finished its turn and been seen came back from a kill -9 of its server as "done": the new
// server read its screen while the keeper's ring was still being replayed into it, saw the old
// turn's working row, took the agent for working, and the replay's end for the turn's end. Here a
// scripted CLI's turn (thousands of lines under a working row) is in each agent's ring; the next
// server runs with no client attached (nothing shown: a turn ending there is "done").

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/turn-cli.mjs');
const { running, dotHome } = stoppedAfterEach();
const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
});

const cli = (home: string, ...args: string[]) => hubCli(home, args);
interface Row {
  id: string;
  state: string;
  state_source: string;
}
const agent = (home: string, id: string): Row | undefined =>
  (JSON.parse(cli(home, 'agents', '--json').stdout || '[]') as Row[]).find((a) => a.id === id);
const explain = (home: string, id: string) =>
  JSON.parse(cli(home, 'status', id, '--explain', '--json').stdout || '{}') as {
    state?: string;
    screen?: { quiet: number };
  };

/** `botster-tui server` with no client: nothing it runs is shown. */
function server(home: string): ChildProcess {
  const env = { ...process.env, CI: 'true' } as Record<string, string>;
  delete env.BOTSTER_SOCKET;
  const s = spawn(process.execPath, [BIN, 'server', '--home', home, '--size', '100x30'], {
    env,
    stdio: 'ignore',
  });
  servers.push(s);
  return s;
}

/** Agent `id` shows its answer to `go`, and its screen has been quiet long enough to be read as it ends. */
async function settled(home: string, id: string): Promise<string> {
  await until(`agent ${id} answered`, () => /^answer: go$/m.test(cli(home, 'read', id).stdout), 30000);
  const e = await until(
    `agent ${id} read after its screen settled`,
    () => {
      const x = explain(home, id);
      return x.state && x.state !== 'running' && (x.screen?.quiet ?? 0) > 2 ? x : null;
    },
    30000,
  );
  return e.state!;
}

describe('states across a kill -9 of the server', () => {
  it(
    'a turn seen before the crash is idle after it; one unseen is done; one that ends after it is done',
    {
      timeout: 120000,
    },
    async () => {
      const home = dotHome();
      const gate = path.join(path.dirname(home), 'gate');
      // The hub as a user starts it, its client showing agent 1 from the start (so every agent keeps
      // the size its screen was drawn at). seen (1): its turn ends while shown (idle). unseen (2):
      // its turn ends while not shown (done). working (3): its turn is under way at the crash.
      const turnCli = `node ${FIXTURE}`;
      const client = run(
        [
          '--home',
          home,
          '--agent',
          turnCli,
          '--agent',
          turnCli,
          '--agent',
          `env TURN_GATE=${gate} ${turnCli}`,
        ],
        100,
        30,
        { env: ptyEnv() },
      );
      running.push(client);
      await waitScreen(client, /Agents: 3/, 30000);
      const [seen, unseen, working] = ['1', '2', '3'];
      for (const id of [seen, unseen, working]) {
        await until(`agent ${id} ready`, () => /^> $/m.test(cli(home, 'read', id).stdout), 30000);
        cli(home, 'send', id, 'go', '--keys', 'enter');
      }
      expect(await settled(home, seen)).toBe('idle');
      expect(await settled(home, unseen)).toBe('done');
      await until(
        'working shows its work',
        () => /^work 3000$/m.test(cli(home, 'read', working).stdout),
        30000,
      );
      expect(agent(home, working)?.state).toBe('running');
      const pid = (JSON.parse(cli(home, 'ls', '--json').stdout) as { pid: number }).pid;
      client.pty.kill('SIGKILL');
      await until('no client attached', () => /"clients":0/.test(cli(home, 'ls', '--json').stdout), 20000);

      process.kill(pid, 'SIGKILL');
      expect(await waitDead([pid])).toEqual([]);
      server(home);
      await until('the next server adopted them', () => agent(home, working) !== undefined, 30000);
      // Its replayed past shows the old turn's working row; what it does now is wait at its prompt.
      expect(await settled(home, seen)).toBe('idle');
      // Nobody saw that turn end yet: still done.
      expect(await settled(home, unseen)).toBe('done');
      // Still working; its turn ends now, with no client showing it.
      await until(
        'working reads working',
        () => agent(home, working)?.state === 'running' && agent(home, working)?.state_source === 'screen',
        30000,
      );
      fs.writeFileSync(gate, '');
      expect(await settled(home, working)).toBe('done');
    },
  );
});
