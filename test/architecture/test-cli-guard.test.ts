import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, hubCli } from '../support/cli.js';

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
});
