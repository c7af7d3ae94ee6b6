import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { killServer, ptyEnv, run, stoppedAfterEach, waitScreen } from './cli-pty.js';

// A full disk when the server stops: the session file cannot be written. Whoever stopped the
// server is told --restore cannot bring these agents back (it said it could), no empty temporary
// file is left, and an older session.json is moved aside so --restore does not start its agents
// as if they were these.

const FAIL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/fail-server.cjs');
const { running, dotHome } = stoppedAfterEach();

describe('a full disk for the session file', () => {
  it('kill-server and the attached client say the session was not saved; nothing stale is left to restore', async () => {
    const home = dotHome();
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(home, 'session.json'), JSON.stringify({ version: 2, agents: [{ command: 'an older agent' }] }));
    const r = run(['--home', home, '--agent', 'sleep 30'], 100, 30, { env: ptyEnv({ NODE_OPTIONS: `--require ${FAIL}`, BOTSTER_TEST_FAIL: 'enospc' }) });
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*sleep/);
    const stopped = killServer(home);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toMatch(/its agents were stopped, but the session could not be saved \(ENOSPC: no space left on device, write\): --restore cannot start them again/);
    await r.exit;
    expect(r.output().replace(/\s+/g, ' ')).toMatch(/the hub server stopped \(kill-server\); its agents were stopped; the session could not be saved \(ENOSPC/);
    expect(fs.readdirSync(home).filter((f) => f.startsWith('session'))).toEqual(['session.previous.json']);
  });
});
