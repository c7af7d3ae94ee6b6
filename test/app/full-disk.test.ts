import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import { killServer, ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';

// A full disk when the server stops: the session file cannot be written. Whoever stopped the
// server is told --restore cannot bring these agents back (it said it could), no empty temporary
// file is left, and an older session.json is moved aside so --restore does not start its agents
// as if they were these.

const FAIL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../support/fixtures/fail-server.cjs',
);
const { running, dotHome } = stoppedAfterEach();

describe('a full disk for the session file', () => {
  it('kill-server and the attached client say the session was not saved; nothing stale is left to restore', async () => {
    const home = dotHome();
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      path.join(home, 'session.json'),
      JSON.stringify({ version: 2, agents: [{ command: 'an older agent' }] }),
    );
    const r = run(['--home', home, '--agent', 'sleep 30'], 100, 30, {
      env: ptyEnv({ NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'enospc' }),
    });
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*sleep/);
    const stopped = killServer(home);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toMatch(
      /its agents were stopped, but the session could not be saved \(ENOSPC: no space left on device, write\): --restore cannot start them again/,
    );
    await r.exit;
    expect(r.output().replace(/\s+/g, ' ')).toMatch(
      /the hub server stopped \(kill-server\); its agents were stopped; the session could not be saved \(ENOSPC/,
    );
    expect(fs.readdirSync(home).filter((f) => f.startsWith('session'))).toEqual(['session.previous.json']);
  });
});

// A home on a read-only file system (mounting one needs root: skipped otherwise). A recursive
// mkdir there says ENOENT, which sent the user looking for a missing folder.
const root = process.getuid?.() === 0;

describe.skipIf(!root)('a home on a read-only file system', () => {
  it('the client says the home is read-only and where to go instead', async () => {
    const mnt = path.join(tempHome(), 'ro');
    fs.mkdirSync(path.join(mnt), { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    try {
      fs.mkdirSync(path.join(mnt, 'home'), { mode: 0o700 });
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      for (const home of [path.join(mnt, 'home'), path.join(mnt, 'home', 'not', 'made')]) {
        const r = run(['--home', home, '--agent', 'sleep 30'], 100, 30);
        running.push(r);
        expect((await r.exit).exitCode).toBe(1);
        expect(r.output().replace(/\s+/g, ' ')).toMatch(
          /the hub server could not start: .*is on a read-only file system; the server keeps its socket and logs there \(choose another with --home or BOTSTER_HOME\)/,
        );
      }
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
