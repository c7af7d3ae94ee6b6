import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/cli.js';

// An agent's folder goes with it from server to server: the hub's default agent has no folder in
// its spec (it runs where the server runs), and a server started elsewhere (an upgrade typed in
// another folder) once listed it, and restarted it, in its own.

const { running, dotHome } = stoppedAfterEach();

function cli(home: string, ...args: string[]) {
  return hubCli(home, args, { cwd: path.dirname(home), timeout: 60000 });
}
const cwds = (home: string) =>
  (JSON.parse(cli(home, 'agents', '--json').stdout) as Array<{ cwd: string }>).map((a) => a.cwd);

describe("an agent's folder", () => {
  it('stays its own through upgrades typed in another folder', async () => {
    const home = dotHome();
    const work = path.join(path.dirname(home), 'my work');
    fs.mkdirSync(work, { recursive: true });
    const client = run(['--home', home], 100, 30, { env: ptyEnv({ SHELL: '/bin/sh' }), cwd: work });
    running.push(client);
    await waitScreen(client, /Agents: 1/);
    expect(cwds(home)).toEqual([work]);
    for (const round of [1, 2]) {
      const up = cli(home, 'upgrade');
      expect(up.status, `upgrade ${round}: ${up.stderr}`).toBe(0);
      expect(cwds(home), `after upgrade ${round}`).toEqual([work]);
    }
  }, 90000);
});
