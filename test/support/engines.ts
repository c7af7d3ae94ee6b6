import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach } from 'vitest';
import { SYSTEM, usePodman } from './podman.js';
import { BIN_DIR, descendants } from './remote.js';

// Real engines that reach a machine, started by the tests on this machine: an OpenSSH server on
// loopback (a throwaway host key and user key, a free port, nothing of the machine's own ssh setup
// touched) and a podman container (an image made from local files, this machine's system and the
// hub's package mounted read-only). Each is stopped after its test. Where the engine is not
// installed, `skip` says why.

export const SSHD = '/usr/sbin/sshd';
/** The hub's package: the checkout the tests run (its bin, dist and lua), mounted where it is. */
export const PACKAGE = path.dirname(BIN_DIR);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Sshd {
  port: number;
  /** The ssh command that reaches it as this user, options first, its host last (for BOTSTER_SSH, or exec). */
  ssh: string[];
  /** How the remote shell runs this checkout's botster-tui (with the node running these tests). */
  command: string;
  /** Stops it, and every connection it holds (the machine goes away). */
  stop(): void;
  /** Starts it again on the same port, with the same keys (the machine is back). */
  start(): Promise<string | undefined>;
}

/** An sshd for one test, or why it cannot run here. Stopped after the test. */
export function useSshd(): () => Promise<Sshd | { skip: string }> {
  const live: Sshd[] = [];
  const dirs: string[] = [];
  const stop = () => {
    for (const s of live.splice(0)) s.stop();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  };
  afterEach(stop);
  afterAll(stop);
  return async () => {
    if (!fs.existsSync(SSHD)) return { skip: `no ${SSHD} (install openssh-server to run it)` };
    // sshd's privilege separation needs this folder; root may make it, anyone else cannot.
    if (!fs.existsSync('/run/sshd')) {
      try {
        fs.mkdirSync('/run/sshd', { mode: 0o755 });
      } catch (err) {
        return {
          skip: `sshd needs /run/sshd, which cannot be made here (${(err as NodeJS.ErrnoException).code})`,
        };
      }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-sshd-'));
    dirs.push(dir);
    for (const k of ['host_key', 'user_key']) {
      const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, k)]);
      if (r.status !== 0) return { skip: `ssh-keygen failed: ${String(r.stderr)}` };
    }
    fs.copyFileSync(path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys'));
    const port = await freePort();
    const user = os.userInfo().username;
    const config = path.join(dir, 'sshd_config');
    fs.writeFileSync(
      config,
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
        // bash run by sshd reads ~/.bashrc unless SHLVL says it is nested: the user's rc files are
        // not what these tests are about.
        'SetEnv SHLVL=1',
        'LogLevel ERROR',
      ].join('\n') + '\n',
    );
    const ssh = [
      'ssh',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'BatchMode=yes',
      '-i',
      `${dir}/user_key`,
      '-p',
      String(port),
      'localhost',
    ];
    let child: ChildProcess | undefined;
    const s: Sshd = {
      port,
      ssh,
      command: `env PATH=${path.dirname(process.execPath)}:/usr/bin:/bin ${path.join(BIN_DIR, 'botster-tui')}`,
      stop() {
        if (!child?.pid) return;
        // (its connections are its children: they go with it, as with a machine that went away)
        const kids = descendants(child.pid);
        child.kill('SIGKILL');
        for (const k of kids) {
          try {
            process.kill(k.pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
        child = undefined;
      },
      async start() {
        child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
        const c = child;
        let said = '';
        c.stderr!.on('data', (d) => (said += d));
        for (let i = 0; i < 50; i++) {
          if (c.exitCode !== null) return `sshd exited: ${said.trim()}`;
          const r = spawnSync(
            ssh[0],
            [...ssh.slice(1, -1), '-o', 'ConnectTimeout=5', '-T', 'localhost', 'true'],
            {
              encoding: 'utf8',
              timeout: 15000,
            },
          );
          if (r.status === 0) return undefined;
          await new Promise((res) => setTimeout(res, 100));
          if (i === 49) return `ssh localhost does not log in: ${r.stderr.trim() || said.trim()}`;
        }
        return 'sshd did not answer';
      },
    };
    live.push(s);
    const why = await s.start();
    return why ? { skip: why } : s;
  };
}

export const hasPodmanHere = spawnSync('podman', ['--version']).status === 0;

export interface Pod {
  name: string;
  /** podman's own environment (its containers.conf), for the machine's `env`. */
  env: Record<string, string>;
  /** The command that reaches it (a machine's exec). */
  exec: string[];
  /** Runs a command in it and returns its stdout (throws on failure). */
  sh(line: string): string;
  /** Copies a file or folder of this machine into it. */
  cp(from: string, to: string): void;
  kill(): void;
  start(): void;
}

/**
 * A container for one test, as a machine: this machine's system and the hub's package read-only,
 * its HOME (/home/agent) its own, the host's network (a model listening on 127.0.0.1 is reached).
 * `mounts`: more folders, read-only, where they are here; `env`: its environment (from a file, not
 * podman's command line). Removed after the test.
 */
export function usePod(): (mounts?: string[], env?: Record<string, string>) => Pod {
  const podman = usePodman();
  const made: Array<{ name: string; env: Record<string, string> }> = [];
  const remove = () => {
    for (const p of made.splice(0)) spawnSync('podman', ['rm', '-f', '-t', '0', p.name], { env: p.env });
  };
  // (and after the file, should a hook before this one have failed)
  afterEach(remove);
  afterAll(remove);
  return (mounts = [], vars = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-pod-'));
    const { env } = podman.prepare(dir);
    const envFile = path.join(dir, 'env');
    fs.writeFileSync(
      envFile,
      Object.entries({ HOME: '/home/agent', SHELL: '/bin/sh', ...vars })
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
      { mode: 0o600 },
    );
    const name = `botster-machine-${crypto.randomBytes(4).toString('hex')}`;
    made.push({ name, env });
    const ro = [...SYSTEM, PACKAGE, ...mounts].flatMap((d) => ['-v', `${d}:${d}:ro`]);
    const r = spawnSync(
      'podman',
      [
        'run',
        '-d',
        '--name',
        name,
        '--label',
        'botster.test=machines',
        '--network',
        'host',
        '--env-file',
        envFile,
        ...ro,
        'botster-test-box',
        'sh',
        '-c',
        'mkdir -p /home/agent && exec sleep infinity',
      ],
      { encoding: 'utf8', env },
    );
    if (r.status !== 0) throw new Error(`podman run failed: ${r.stderr}`);
    const exec = ['podman', 'exec', '-i', name];
    return {
      name,
      env: { CONTAINERS_CONF: env.CONTAINERS_CONF },
      exec,
      sh(line) {
        const out = spawnSync('podman', ['exec', '-i', name, 'sh', '-c', line], { encoding: 'utf8', env });
        if (out.status !== 0) throw new Error(`in ${name}: ${line}: ${out.stderr}`);
        return out.stdout;
      },
      cp(from, to) {
        const c = spawnSync('podman', ['cp', from, `${name}:${to}`], { encoding: 'utf8', env });
        if (c.status !== 0) throw new Error(`podman cp failed: ${c.stderr}`);
      },
      kill() {
        spawnSync('podman', ['kill', name], { env });
      },
      start() {
        const s = spawnSync('podman', ['start', name], { encoding: 'utf8', env });
        if (s.status !== 0) throw new Error(`podman start failed: ${s.stderr}`);
      },
    };
  };
}

/** A Lua list of strings. */
export const luaList = (words: readonly string[]): string =>
  `{ ${words.map((w) => JSON.stringify(w)).join(', ')} }`;
