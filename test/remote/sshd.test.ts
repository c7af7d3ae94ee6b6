import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../support/fleet.js';
import { killServer, ptyEnv, run, waitScreen, type Running } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { BIN_DIR, childEnv } from '../support/remote.js';
import { cliExec } from '../support/cli.js';

// A real `ssh localhost` to an sshd started for this test (a host key and a user key made here, a
// high port, nothing of the machine's own ssh setup touched). Skipped, saying why, where sshd
// cannot run.

const SSHD = '/usr/sbin/sshd';
let sshd: ChildProcess | undefined;
let skip: string | undefined;
let sshCommand = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-sshd-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startSshd(): Promise<string | undefined> {
  if (!fs.existsSync(SSHD)) return `no ${SSHD} (install openssh-server to run it)`;
  // sshd's privilege separation needs this folder; root may make it, anyone else cannot.
  if (!fs.existsSync('/run/sshd')) {
    try {
      fs.mkdirSync('/run/sshd', { mode: 0o755 });
    } catch (err) {
      return `sshd needs /run/sshd, which cannot be made here (${(err as NodeJS.ErrnoException).code})`;
    }
  }
  for (const k of ['host_key', 'user_key']) {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, k)]);
    if (r.status !== 0) return `ssh-keygen failed: ${r.stderr}`;
  }
  fs.copyFileSync(path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys'));
  const port = await freePort();
  const user = os.userInfo().username;
  fs.writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      `PidFile ${dir}/sshd.pid`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `AllowUsers ${user}`,
      'PermitRootLogin prohibit-password',
      // bash run by sshd reads ~/.bashrc unless SHLVL says it is nested: the user's rc files (slow
      // or noisy ones, e.g. a pyenv waiting 60 s on a stale lock) are not what this test is about.
      'SetEnv SHLVL=1',
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  sshd.stderr!.on('data', (d) => (said += d));
  sshCommand = `ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -i ${dir}/user_key -p ${port}`;
  for (let i = 0; i < 50; i++) {
    if (sshd.exitCode !== null) return `sshd exited: ${said.trim()}`;
    const r = spawnSync(
      'sh',
      ['-c', `${sshCommand} -o BatchMode=yes -o ConnectTimeout=5 -T localhost true`],
      { encoding: 'utf8', timeout: 15000 },
    );
    if (r.status === 0) return undefined;
    await new Promise((res) => setTimeout(res, 100));
    if (i === 49) return `ssh localhost does not log in: ${r.stderr.trim() || said.trim()}`;
  }
  return 'sshd did not answer';
}

beforeAll(async () => {
  skip = await startSshd();
  if (skip) console.log(`sshd test skipped: ${skip}`);
}, 60000);
afterAll(() => {
  sshd?.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

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
    if (skip) return ctx.skip();
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
