import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, tempRepo, until } from '../support/hub.js';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { exec } from '../support/fleet.js';

// Review comments sent to a plain shell (issue 80): the prompt would run there as commands
// (`1.`, the snippets' backticks). The real CLI in a real PTY, a bash agent as a newcomer starts
// one: `review send` refuses and says why (exit 1, --force named), S in the review panel asks
// first ("not now" is the first choice), a program no CLI file knows (cat) is refused too, and
// once an agent CLI (a `claude` on PATH, typed into the shell) is in its foreground, the comments
// go to it. The same rule holds for `message`.

const { running, homes } = stoppedAfterEach();

// A `claude` on PATH: asks for pastes and shows what it reads (what a newcomer's fake would do).
function fakeClaude(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-fake-claude-'));
  const bin = path.join(dir, 'claude');
  fs.writeFileSync(
    bin,
    `#!${process.execPath}\nprocess.stdout.write('\\x1b[?2004h> ');\nprocess.stdin.on('data', (d) => process.stdout.write('got: ' + JSON.stringify(String(d)) + '\\r\\n> '));\n`,
  );
  fs.chmodSync(bin, 0o755);
  return dir;
}

function start(home: string, cwd: string, bin: string): Running {
  homes.push(home);
  const env = ptyEnv({
    SHELL: '/bin/sh',
    PS1: '$ ',
    PATH: `${bin}:${process.env.PATH}`,
    BOTSTER_HOME: undefined,
    BOTSTER_SOCKET: undefined,
  });
  const r = run(['--home', home, '--agent', 'bash --norc --noprofile'], 120, 30, { cwd, env });
  running.push(r);
  return r;
}

describe('review comments and a shell', () => {
  it('refused from the CLI, asked about in the hub (not now first), sent once an agent CLI is in front; message alike', async () => {
    const home = realHome();
    const { repo, git } = tempRepo();
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 2;\n');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'start');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 3;\n');
    const cli = (...args: string[]) =>
      exec(process.execPath, [BIN, ...args], { BOTSTER_HOME: home }, { cwd: repo });
    const r = start(home, repo, fakeClaude());
    await waitScreen(r, /│\$ +│/, 20000);

    const made = await cli('review', 'comment', '1', 'app.js:2', 'why `echo PWNED-$((6*7))` 1. here');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const refused = await cli('review', 'send', '1');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /agent bash \(id:1\) runs a shell \(bash\), not an agent CLI: it would run the review comments as commands\. Start its CLI in it/,
    );
    expect(refused.stderr).toContain('--force');
    // A message to it is refused the same way (one rule), unless forced.
    const msg = await cli('message', '1', 'echo MSG-$((6*7))');
    expect(msg.status).toBe(1);
    expect(msg.stderr).toMatch(
      /runs a shell \(bash\), not an agent CLI: it would run the message as commands/,
    );

    // The review panel's S asks; Enter is "not now".
    r.pty.write('\x07');
    await waitScreen(r, / NORMAL /);
    r.pty.write('v');
    await waitScreen(r, /1 comment · bash/);
    r.pty.write('S');
    const asked = await waitScreen(r, /bash is a shell: paste 1 comment as text it would run\?/);
    expect(asked).toMatch(/not now[\s\S]*send as text/);
    r.pty.write('\r');
    await until('the dialog closed', () => !/is a shell: paste/.test(screen(r.term)), 10000);
    expect((await cli('review', 'comments', '1')).stdout).toContain('c1  app.js:2  new');

    // A program no CLI file knows in its foreground (cat) does not get it either.
    expect((await cli('send', '1', 'cat', '--keys', 'enter')).status).toBe(0);
    await until('cat is in front', async () => {
      const a = JSON.parse((await cli('agents', '--json')).stdout) as Array<{ program: string }>;
      return a[0]?.program === 'cat';
    });
    const notCli = await cli('review', 'send', '1', '--busy', 'now');
    expect(notCli.status).toBe(1);
    expect(notCli.stderr).toMatch(/runs cat, which no CLI file knows/);
    expect((await cli('send', '1', '', '--keys', 'ctrl+d')).status).toBe(0);
    await until('bash is in front again', async () => {
      const a = JSON.parse((await cli('agents', '--json')).stdout) as Array<{ program: string }>;
      return a[0]?.program === 'bash';
    });

    // An agent CLI typed into the shell (claude) is in front: it gets the prompt.
    expect((await cli('send', '1', 'claude', '--keys', 'enter')).status).toBe(0);
    await until('claude is in front', async () => {
      const a = JSON.parse((await cli('agents', '--json')).stdout) as Array<{ program: string }>;
      return a[0]?.program === 'claude';
    });
    const sent = await cli('review', 'send', '1', '--busy', 'now');
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toContain('sent 1 comment');
    r.pty.write('v');
    await waitScreen(r, /Review of your changes: 1 comment/);
    expect((await cli('review', 'comments', '1')).stdout).toContain('c1  app.js:2  sent');
    // Nothing ran in the shell: no command substitution, no "1." as a command.
    const s = screen(r.term);
    expect(s).not.toMatch(/command not found|PWNED-42|MSG-42/);
    expect(r.output()).not.toMatch(/command not found|PWNED-42|MSG-42/);
  }, 90000);
});
