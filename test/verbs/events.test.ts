import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { BIN } from '../support/cli-pty.js';
import { cliEnv } from '../support/cli.js';
import { until } from '../support/wait.js';

// The events verb through the real CLI: `events --agent A --json` prints a line per event of that
// agent (renamed, exited, closed), none of another's, until stopped; an unknown agent is refused.

const fleet = fleetHubs();
type Line = { event: string; agent: { id: string; name: string }; from?: string; at: string };

describe('botster-tui events', { timeout: 60_000 }, () => {
  it("prints the agent's events as they happen, not another's; an unknown agent is refused", async () => {
    const { hub, cli, env } = await fleet([
      { command: 'cat', name: 'ev' },
      { command: 'cat', name: 'other' },
    ]);
    const taps = hub.control.taps.size;
    const child = spawn(process.execPath, [BIN, 'events', '--agent', 'ev', '--json'], {
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const lines = () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);
    try {
      await until('it subscribed', () => hub.control.taps.size > taps);
      expect((await cli(['rename', 'other', 'other2'])).status).toBe(0);
      expect((await cli(['rename', 'ev', 'ev2'])).status).toBe(0);
      hub.agents.get('1')!.kill();
      await until('ev exited', () => hub.agents.get('1')?.isExited);
      expect((await cli(['close', 'ev2'])).status).toBe(0);
      await until('the closed line came', () => lines().some((l) => l.event === 'closed'));
      const seen = lines();
      expect(seen.every((l) => l.agent.id === '1')).toBe(true);
      expect(
        seen.filter((l) => l.event !== 'state_changed').map((l) => [l.event, l.agent.name, l.from]),
      ).toEqual([
        ['renamed', 'ev2', 'ev'],
        ['exited', 'ev2', undefined],
        ['closed', 'ev2', undefined],
      ]);
      expect(seen.every((l) => !Number.isNaN(Date.parse(l.at)))).toBe(true);
    } finally {
      child.kill();
    }

    const none = await cli(['events', '--agent', 'nobody']);
    expect(none.status).toBe(6);
    expect(none.stderr).toMatch(/nobody/);
  });
});
