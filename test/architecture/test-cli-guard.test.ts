import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, cliSync, guardCli, hubCli } from '../support/cli.js';

// The tests' one CLI spawner (test/support/cli.ts) never reaches the developer's own hub.
describe("the tests' CLI spawner", () => {
  it("refuses the real user's hub home and a relative one; drops what leads to another hub", () => {
    expect(() => hubCli(path.join(os.homedir(), '.botster'), ['ls'])).toThrow(/the real user's hub home/);
    expect(() => hubCli('.botster', ['ls'])).toThrow(/must be absolute/);
    const saved = { ...process.env };
    Object.assign(process.env, {
      BOTSTER_SOCKET: '/x.sock',
      BOTSTER_HOME: '/x',
      BOTSTER_AGENT_ID: '3',
      TMUX: 't',
    });
    try {
      const env = cliEnv({ BOTSTER_AGENT_ID: '5' });
      expect([env.BOTSTER_SOCKET, env.BOTSTER_HOME, env.TMUX, env.BOTSTER_AGENT_ID, env.CI]).toEqual([
        undefined,
        undefined,
        undefined,
        '5',
        'true',
      ]);
    } finally {
      for (const k of ['BOTSTER_SOCKET', 'BOTSTER_HOME', 'BOTSTER_AGENT_ID', 'TMUX'])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
  });

  it("runs no command line in the real user's hub home: refused when named, a throwaway HOME when none is", () => {
    const real = path.join(os.homedir(), '.botster');
    expect(() => guardCli(['ls', '--home', real], {})).toThrow(/the real user's hub home/);
    expect(() => guardCli(['ls'], { BOTSTER_HOME: real })).toThrow(/the real user's hub home/);
    const own = guardCli(['ls'], { HOME: os.homedir() });
    expect(own.HOME).not.toBe(os.homedir());
    expect(path.isAbsolute(own.HOME!)).toBe(true);
    expect(guardCli(['ls', '--home', '/tmp/x/.botster'], { HOME: os.homedir() }).HOME).toBe(os.homedir());
    expect(guardCli(['--help'], { HOME: os.homedir() }).HOME).toBe(os.homedir());
    // (and the helpers run it so: `ls` with no home of its own finds no hub, not yours)
    const r = cliSync(['ls', '--json'], { env: { ...process.env, BOTSTER_HOME: undefined } });
    expect(r.stdout + r.stderr).not.toContain(real);
  });
});
