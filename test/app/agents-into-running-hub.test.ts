import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, run, waitScreen, stoppedAfterEach } from '../support/cli-pty.js';

// `botster-tui --agent A --agent B` into a hub that already runs: both start there, and the client
// that asked shows the first (as a hub started with them would, and as docs/usage.md says).

const { running, homes } = stoppedAfterEach();

interface Ls {
  attached: Array<{ cols: number; rows: number; focus: string | null }>;
}
function cli(h: string, args: string[]): string {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', h], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  return r.stdout;
}
const ls = (h: string) => JSON.parse(cli(h, ['ls', '--json'])) as Ls;
const agents = (h: string) => JSON.parse(cli(h, ['agents', '--json'])) as Array<{ id: string }>;

describe('--agent into a running hub', () => {
  it('starts every agent asked for and focuses the first', async () => {
    const h = realHome();
    homes.push(h);
    const a = run(['--home', h, '--agent', 'cat'], 100, 30);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+100x30[\s\S]*INSERT/);
    const b = run(
      ['--home', h, '--agent', 'sh -c "echo FIRST-ONE; exec cat"', '--agent', 'sleep 600'],
      80,
      24,
    );
    running.push(b);
    await waitScreen(b, /Botster Hub\s+80x24/);
    await until('both agents started', () => agents(h).length === 3, 20000);
    const view = await until('the asking client focuses an agent it asked for', () => {
      const v = ls(h).attached.find((x) => x.cols === 80);
      return v && v.focus !== '1' && v.focus !== null ? v : undefined;
    });
    expect(view.focus).toBe('2');
  }, 60000);
});
