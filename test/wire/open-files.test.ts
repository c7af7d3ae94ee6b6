// Too few file descriptors (ulimit -n) is one clear line and an exit, never a hang or a stack:
// every command, the hub server, the node client and the native client, each under a real limit
// (bash's ulimit, then exec). src/wire/open-files.ts says why an error ran out of them.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempHome, until } from '../support/hub.js';
import { BIN, ptyEnv, run, screen, stoppedAfterEach } from '../support/cli-pty.js';
import { outOfFiles } from '../../src/wire/open-files.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAUNCHER = path.join(ROOT, 'bin/botster-tui');
const NATIVE = path.join(ROOT, 'dist/native/botster-tui');
const { running, homes } = stoppedAfterEach();

const LIMIT = 24;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const TOO_FEW = `too few file descriptors: ulimit -n is ${LIMIT}, botster-tui needs at least 64 (raise it: ulimit -n 4096)`;

/** A fresh home (not made yet) whose server is stopped after the test, if one ever ran. */
function home(): string {
  const h = path.join(tempHome(), 'a home', '.botster');
  homes.push(h);
  return h;
}

/** `botster-tui ARGS` (node, or `file`) under `ulimit -n LIMIT`, without a terminal. */
function limited(args: string[], file = `${q(process.execPath)} ${q(BIN)}`) {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  return spawnSync('bash', ['-c', `ulimit -n ${LIMIT}; exec ${file} ${args.map(q).join(' ')}`], {
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    timeout: 30000,
  });
}

const noServer = (h: string) =>
  spawnSync(process.execPath, [BIN, 'ls', '--home', h], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  }).status;

describe(`under ulimit -n ${LIMIT}`, () => {
  it.each([
    ['ls', ['ls']],
    ['new', ['new', '--', 'cat']],
    ['agents', ['agents', '--json']],
    ['snapshot', ['snapshot', '--agent', 'true']],
  ])('%s says so in one line and exits 1', (_name, args) => {
    const h = home();
    const r = limited([...args, '--home', h]);
    expect({ status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout }).toEqual({
      status: 1,
      signal: null,
      stderr: `botster-tui: ${TOO_FEW}\n`,
      stdout: '',
    });
  });

  it('the hub server says it could not start (one line), exits 1, and leaves no server', () => {
    const h = home();
    const r = limited(['server', '--home', h]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 1,
      stderr: `botster-tui: the hub server could not start: ${TOO_FEW}\n`,
    });
    expect(noServer(h)).toBe(3);
  });

  // In a terminal: the node client (bin/botster-tui.js), and bin/botster-tui, the launcher, with its
  // node client and its native client (when it is built): each says so before it starts anything.
  const clients: Array<[string, string, Record<string, string>]> = [
    ['the node client', `${q(process.execPath)} ${q(BIN)}`, {}],
    ['the launcher and its node client', q(LAUNCHER), { BOTSTER_NATIVE_CLIENT: '0' }],
  ];
  if (fs.existsSync(NATIVE)) clients.push(['the launcher and the native client', q(LAUNCHER), {}]);
  it.each(clients)(
    '%s: one line on the terminal, exit 1, no server left running',
    async (_name, file, extra) => {
      const h = home();
      const r = run(['-c', `ulimit -n ${LIMIT}; exec ${file} --home ${q(h)} --agent cat`], 200, 10, {
        file: 'bash',
        env: ptyEnv(extra),
      });
      running.push(r);
      const { exitCode } = await r.exit;
      await r.term.flush();
      expect(exitCode).toBe(1);
      expect(screen(r.term).trim()).toBe(`botster-tui: ${TOO_FEW}`);
      expect(fs.existsSync(path.join(h, 'logs', 'server.log'))).toBe(false);
      expect(noServer(h)).toBe(3);
    },
  );
});

describe('out of file descriptors, said plainly', () => {
  const emfile = Object.assign(new Error("EMFILE: too many open files, open '/x/y.js'"), { code: 'EMFILE' });

  it('an error with EMFILE or ENFILE (its own, its cause, or named in its message) says so with what to do', () => {
    expect(outOfFiles(emfile)).toMatch(
      /^out of file descriptors \(EMFILE: too many open files, open '\/x\/y\.js'\): (ulimit -n is \d+; )?raise it \(ulimit -n 4096\) and start again$/,
    );
    const wrapped = new Error(
      "cannot load the PTY library @lydell/node-pty for linux-x64 (EMFILE: too many open files, open '/x/index.js'); reinstall botster-tui",
    );
    expect(outOfFiles(wrapped)).toMatch(
      /^out of file descriptors \(EMFILE: too many open files, open '\/x\/index\.js'\): /,
    );
    expect(outOfFiles(new Error('git failed', { cause: emfile }))).toMatch(
      /^out of file descriptors \(EMFILE/,
    );
    expect(outOfFiles(new Error('cannot run git: spawn git EMFILE'))).toMatch(
      /^out of file descriptors \(cannot run git: spawn git EMFILE\): /,
    );
    expect(
      outOfFiles(Object.assign(new Error('ENFILE: file table overflow, open'), { code: 'ENFILE' })),
    ).toBe(
      'the system is out of file descriptors (ENFILE: file table overflow, open): close some programs and start again',
    );
  });

  it('any other error, with files to spare, is not that', () => {
    expect(outOfFiles(new Error('ENOENT: no such file'))).toBeUndefined();
    expect(outOfFiles('no')).toBeUndefined();
  });
});
