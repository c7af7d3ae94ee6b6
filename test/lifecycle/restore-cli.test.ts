import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, tempRepo } from '../support/hub.js';
import { execFileSync } from 'node:child_process';
import {
  BIN,
  ptyEnv,
  quitWith,
  run,
  screen,
  waitScreen,
  stoppedAfterEach,
  type Running,
} from '../support/cli-pty.js';

// The real CLI in a real PTY: quit (or a signal), then `--restore`, as a user does it.

const { running, homes } = stoppedAfterEach();

const session = (home: string) => JSON.parse(fs.readFileSync(path.join(home, 'session.json'), 'utf8'));

function start(args: string[]): Running {
  homes.push(args[args.indexOf('--home') + 1]);
  const r = run(args, 140, 30);
  running.push(r);
  return r;
}

/** ctrl+g q (just q when the hub keys are on already), then "stop": the server and its agents end. */
async function quit(r: Running): Promise<void> {
  await quitWith(r, 'stop');
  expect((await r.exit).exitCode).toBe(0);
}

describe('botster-tui --restore', () => {
  it('brings back only the running agents, a profile agent in its worktree with its env; a gone worktree or folder is named on screen', async () => {
    const { repo } = tempRepo();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'restore folder-'));
    const home = realHome('spaces', {
      'user/profiles.lua': [
        `profiles.define("wt", { command = "sh", args = { "-c", "echo WT $(pwd) FOO=$FOO; exec cat" }, env = { FOO = "from-profile" }, cwd = ${JSON.stringify(repo)}, worktree = true })`,
        `profiles.define("keeper", { command = "sh", args = { "-c", "echo KEEPER in $(pwd); exec cat" }, cwd = ${JSON.stringify(folder)} })`,
      ].join('\n'),
    });
    const first = start([
      '--home',
      home,
      '--agent',
      'echo bye',
      '--agent',
      'cat',
      '--agent',
      'profile:wt',
      '--agent',
      'profile:keeper',
    ]);
    await waitScreen(first, /echo exited 0[\s\S]*cat[\s\S]*wt[\s\S]*⎇ botster\/wt[\s\S]*keeper/);
    await quit(first);
    const saved = session(home);
    expect(saved.version).toBe(3);
    expect(saved.stopped).toMatchObject({ why: 'app.quit', clean: true });
    expect(saved.agents.map((a: { name: string }) => a.name)).toEqual(['cat', 'wt', 'keeper']);
    const wt = saved.agents[1];
    expect(wt).toMatchObject({
      profile: 'wt',
      env: { FOO: 'from-profile' },
      worktree: { branch: 'botster/wt' },
    });

    // The folder of one agent goes away: the others come back, the notice says which did not.
    fs.rmSync(folder, { recursive: true });
    const second = start(['--home', home, '--restore']);
    // Each under its own number (echo, 1, exited: not brought back).
    // (the notice may come before the last agent is back: both, in any order)
    const s2 = await waitScreen(second, /2 cat[\s\S]*3 wt[\s\S]*⎇ botster\/wt[\s\S]*not restored/);
    expect(s2.replace(/\s+/g, ' ')).toContain(
      `not restored: keeper: its folder ${folder} is gone (start a new one with profile:keeper)`,
    );
    expect(s2.replace(/\s+/g, ' ')).toContain('(their records stay in session.previous.json)');
    expect(
      JSON.parse(fs.readFileSync(path.join(home, 'session.previous.json'), 'utf8')).agents[2],
    ).toMatchObject({ name: 'keeper', cwd: folder });
    expect(s2).toMatch(/2 cat[\s\S]*3 wt[\s\S]*⎇ botster\/wt/);
    expect(s2).not.toMatch(/echo|keeper (running|idle)|\bnil\b/);
    second.pty.write('\x07j'); // focus wt: it runs in its worktree with the profile's env
    await waitScreen(second, / NORMAL /);
    await waitScreen(
      second,
      new RegExp(`WT ${wt.worktree.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} FOO=from-profile`),
    );
    await quit(second);
    expect(session(home).agents.map((a: { name: string }) => a.name)).toEqual(['cat', 'wt']);

    // Now the worktree is gone too.
    fs.rmSync(wt.worktree.path, { recursive: true });
    const third = start(['--home', home, '--restore']);
    const s3 = await waitScreen(third, /not restored/);
    expect(s3.replace(/\s+/g, ' ')).toContain(
      `not restored: wt: its worktree ${wt.worktree.path} (branch botster/wt) is gone (start a new one with profile:wt)`,
    );
    expect(s3).toMatch(/2 cat (running|idle)/);
    expect(s3).not.toMatch(/3 wt|\bnil\b/);
  }, 60_000);

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} to the hub server records the session as a quit does, marked as not stopped by you`, async () => {
      const home = realHome('spaces');
      const r = start(['--home', home, '--agent', 'echo bye', '--agent', 'cat']);
      await waitScreen(r, /echo exited 0[\s\S]*cat (running|idle)/);
      // The agents live in the home's server process, not in the terminal's client.
      const env = ptyEnv({ BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined });
      const { pid } = JSON.parse(
        execFileSync(process.execPath, [BIN, 'ls', '--json', '--home', home], { encoding: 'utf8', env }),
      ) as { pid: number };
      process.kill(pid, signal);
      await r.exit;
      // A reboot sends SIGTERM: the next server offers to resume these.
      expect(session(home)).toMatchObject({
        version: 3,
        stopped: { why: signal, clean: false },
        agents: [{ name: 'cat', command: 'cat' }],
      });
      expect(session(home).agents).toHaveLength(1);
    });
  }
});
