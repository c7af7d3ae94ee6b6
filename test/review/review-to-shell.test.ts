import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, tempRepo, until } from '../app/helpers.js';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen, type Running } from '../app/cli-pty.js';
import { exec } from '../app/fleet-helpers.js';

// Review comments sent to a plain shell (issue 80): the prompt would run there as commands
// (`1.`, the snippets' backticks). The real CLI in a real PTY, a bash agent as a newcomer starts
// one: `review send` refuses and says why, S in the review panel asks first ("not now" is the
// first choice), and once a program that reads (here cat, as a CLI started in it) is in the
// shell's foreground, the comments go to it.

const { running, homes } = stoppedAfterEach();

function start(home: string, cwd: string): Running {
  homes.push(home);
  const env = ptyEnv({ SHELL: '/bin/sh', PS1: '$ ', BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined });
  const r = run(['--home', home, '--agent', 'bash --norc --noprofile'], 120, 30, { cwd, env });
  running.push(r);
  return r;
}

describe('review comments and a shell', () => {
  it('refused from the CLI, asked about in the hub (not now first), sent once a program that reads is in front', async () => {
    const home = realHome();
    const { repo, git } = tempRepo();
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 2;\n');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'start');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 3;\n');
    const cli = (...args: string[]) =>
      exec(process.execPath, [BIN, ...args], { BOTSTER_HOME: home }, { cwd: repo });
    const r = start(home, repo);
    await waitScreen(r, /│\$ +│/, 20000);

    const made = await cli('review', 'comment', '1', 'app.js:2', 'why `echo PWNED-$((6*7))` 1. here');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const refused = await cli('review', 'send', '1');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /agent bash runs a shell \(bash\), not an agent CLI: it would run the comments as commands\. Start its CLI in it/,
    );
    expect(refused.stderr).toContain('--shell');

    // The review panel's S asks; Enter is "not now".
    r.pty.write('\x07');
    await waitScreen(r, / NORMAL /);
    r.pty.write('v');
    await waitScreen(r, /1 comment · bash/);
    r.pty.write('S');
    const asked = await waitScreen(r, /bash is a shell: send the comments as text it would run\?/);
    expect(asked).toMatch(/not now[\s\S]*send as commands/);
    r.pty.write('\r');
    await until('the dialog closed', () => !/is a shell: send/.test(screen(r.term)), 10000);
    expect((await cli('review', 'comments', '1')).stdout).toContain('c1  app.js:2  new');

    // A program that reads in the shell's foreground (a CLI typed into it) gets the prompt.
    expect((await cli('send', '1', 'cat', '--keys', 'enter')).status).toBe(0);
    await until('cat is in front', async () => {
      const a = JSON.parse((await cli('agents', '--json')).stdout) as Array<{ program: string }>;
      return a[0]?.program === 'cat';
    });
    const sent = await cli('review', 'send', '1', '--busy', 'now');
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toContain('sent 1 comment');
    r.pty.write('v');
    await waitScreen(r, /Review of your changes: 1 comment/);
    expect((await cli('review', 'comments', '1')).stdout).toContain('c1  app.js:2  sent');
    // Nothing ran in the shell: no command substitution, no "1." as a command.
    const s = screen(r.term);
    expect(s).not.toMatch(/command not found|PWNED-42/);
    expect(r.output()).not.toMatch(/command not found|PWNED-42/);
  }, 90000);
});
