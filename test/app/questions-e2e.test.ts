import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { realHome, tempRepo } from '../support/hub.js';
import { ptyEnv, run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { cliOut } from '../support/cli.js';

// The questions the hub asks by itself (trust a repository's .botster/, resume the agents of a hub
// that died), as a user meets them: the real CLI in a real PTY, typing into a shell agent. The
// question arrives while they type; nothing they type goes into it.

const { running, homes } = stoppedAfterEach();

function start(home: string, cwd: string, args: string[] = []): Running {
  homes.push(home);
  const env = ptyEnv({ SHELL: '/bin/sh', PS1: '$ ', BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined });
  const r = run(['--home', home, ...args], 120, 30, { cwd, env });
  running.push(r);
  return r;
}

/** A repository (its path has a space) carrying a .botster/ with Lua and a setup script. */
function strangersRepo(): string {
  const { repo: base } = tempRepo();
  const repo = path.join(base, 'their repo');
  fs.mkdirSync(path.join(repo, '.botster'), { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { stdio: 'ignore' });
  fs.writeFileSync(path.join(repo, '.botster', 'keys.lua'), 'keys.bind("normal", "K", function(app) end)\n');
  fs.writeFileSync(path.join(repo, '.botster', 'setup'), '#!/bin/sh\necho ran > /tmp/never\n', {
    mode: 0o755,
  });
  return repo;
}

const trusted = (home: string) => fs.existsSync(path.join(home, 'trusted-projects.json'));

describe('a question the hub asks by itself takes no key typed for an agent', () => {
  it("started in a stranger's repository: Enter and commands typed at the shell reach it; nothing is trusted until `trust` is typed in the question", async () => {
    const home = realHome('spaces');
    const repo = strangersRepo();
    const r = start(home, repo);
    await waitScreen(r, / INSERT /);
    // The project is found a moment after the first frame: the question is announced, not opened.
    await waitScreen(r, /\? 1 question: Ctrl\+g o|Trust their repo\/\.botster/);
    r.pty.write('\r');
    r.pty.write('echo typed-$((6*7))\r');
    const s = await waitScreen(r, /^\$ typed-42|typed-42\s*│?\s*$/m);
    expect(s).toMatch(/ INSERT /);
    expect(s).toMatch(/\? 1 question: Ctrl\+g o/);
    expect(s).not.toMatch(/loads as your own configuration/);
    expect(trusted(home)).toBe(false);
    // Opened by the user: it says what trusting runs; Enter is "not now".
    r.pty.write('\x07o');
    // (the mode line is Lua's part of the frame: it may follow the dialog by a frame)
    const dialog = await waitScreen(
      r,
      /Trust their repo\/\.botster\?[\s\S]*type "trust", then Enter[\s\S]* DIALOG /,
    );
    expect(dialog).toContain(`In ${repo}:`);
    expect(dialog).toMatch(/\.botster\/keys\.lua +loads as your own configuration/);
    expect(dialog).toMatch(/\.botster\/setup +runs in every new worktree/);
    r.pty.write('\r');
    await waitScreen(r, /their repo\/\.botster is not trusted/);
    expect(trusted(home)).toBe(false);
    // project.trust asks the same way; the word typed trusts.
    r.pty.write(':project.trust\r');
    await waitScreen(r, /In .*their repo:/);
    r.pty.write('trust\r');
    await waitScreen(r, /trusted .*their repo\/\.botster: its files load as yours/);
    expect(
      Object.keys(JSON.parse(fs.readFileSync(path.join(home, 'trusted-projects.json'), 'utf8'))),
    ).toEqual([repo]);
  });

  it('after a hub stopped by SIGTERM, the commands typed right after the next start reach the shell; the resume offer waits', async () => {
    const home = realHome('spaces');
    const { repo: folder } = tempRepo();
    const first = start(home, folder);
    await waitScreen(first, /\$ /);
    const env = ptyEnv({ BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined });
    const { pid } = JSON.parse(cliOut(['ls', '--json', '--home', home], { encoding: 'utf8', env })) as {
      pid: number;
    };
    process.kill(pid, 'SIGTERM');
    await first.exit;
    const again = start(home, folder);
    await waitScreen(again, / INSERT /);
    await waitScreen(again, /\? 1 question: Ctrl\+g o|stopped without you/);
    again.pty.write('echo typed-$((3*3))\r');
    const s = await waitScreen(again, /typed-9\s*│?\s*$/m);
    expect(s).toMatch(/\? 1 question: Ctrl\+g o/);
    expect(s).not.toMatch(/resume all/);
    again.pty.write('\x07o');
    await waitScreen(
      again,
      /The last hub stopped without you \(SIGTERM\)[\s\S]*resume all[\s\S]*start fresh/,
    );
    again.pty.write('\x1b');
    await waitScreen(again, /still on offer/);
    expect(screen(again.term)).not.toMatch(/\? 1 question/);
  });
});
