import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../support/fleet.js';
import { killServer, ptyEnv, run, waitScreen, type Running } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { BIN_DIR, childEnv } from '../support/remote.js';
import { cliExec } from '../support/cli.js';
import { useSshd } from '../support/engines.js';

// A real `ssh localhost` to an sshd started for this test (a host key and a user key made here, a
// high port, nothing of the machine's own ssh setup touched). Skipped, saying why, where sshd
// cannot run.

const sshd = useSshd();
let sshCommand = '';
const quote = (w: string) => (/^[\w./=@:,-]+$/.test(w) ? w : `'${w}'`);

const running: Running[] = [];
const remotes: string[] = [];
afterEach(() => {
  for (const r of running.splice(0)) {
    r.pty.kill('SIGKILL');
    r.pty.dispose();
    r.term.dispose();
  }
  for (const h of remotes.splice(0)) killServer(h, childEnv());
});

describe('--ssh over a real ssh to localhost', () => {
  it('attaches, types into a remote agent, and every command answers through ssh', async (ctx) => {
    const s = await sshd();
    if ('skip' in s) return ctx.skip(s.skip);
    // (BOTSTER_SSH: the ssh program and its options, the host given by --ssh)
    sshCommand = s.ssh.slice(0, -1).map(quote).join(' ');
    const remoteHome = path.join(tempHome(), 'remote home');
    remotes.push(remoteHome);
    // The remote's botster-tui by its path, with the node that runs these tests (as a user names an install off the PATH).
    const remote = `env PATH=${path.dirname(process.execPath)}:/usr/bin:/bin ${path.join(BIN_DIR, 'botster-tui')}`;
    const vars = { BOTSTER_SSH: sshCommand, BOTSTER_REMOTE_COMMAND: remote, HOME: tempHome() };
    const where = ['--ssh', 'localhost', '--home', remoteHome];
    const cli = (args: string[]) => cliExec([...args], childEnv(vars));
    const none = await cli(['agents', ...where]);
    expect(none.status).toBe(3);
    expect(none.stderr).toContain(`no hub server is running on localhost:${remoteHome}`);

    const r = run(where, 100, 30, { env: ptyEnv({ ...childEnv(vars), CI: undefined }) });
    r.home = null;
    running.push(r);
    await waitScreen(r, /Botster Hub @ \S+\s+100x30/, 30000);
    expect(fs.existsSync(path.join(remoteHome, 'hub.sock'))).toBe(true);
    expect(
      await cli([
        'new',
        ...where,
        '--name',
        'echoer',
        '--',
        'echo ready; read x; echo "got $x"; exec sleep 60',
      ]),
    ).toMatchObject({ status: 0, stdout: 'id:2\n' });
    expect(
      (await cli(['wait', ...where, 'echoer', '--until', 'output:^ready$', '--timeout', '20'])).status,
    ).toBe(0);
    await waitScreen(r, / INSERT /);
    r.pty.write('over ssh\r');
    await waitScreen(r, /got over ssh/);
    expect((await cli(['read', ...where, 'echoer'])).stdout).toBe('ready\nover ssh\ngot over ssh\n');
    r.pty.write('\x07');
    await waitScreen(r, / NORMAL /);
    r.pty.write('d');
    expect((await r.exit).exitCode).toBe(0);
    expect(r.output()).toContain(`botster-tui --ssh localhost --home ${remoteHome} to come back`);
  }, 120000);
});
