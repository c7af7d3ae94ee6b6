import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, lsJson, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';

// Issue 80, item 9: usage is easy to see and kept. A real hub in a PTY at 80x24, an agent with a
// long name whose status line (Claude's JSON, as a real Claude Code hands it) reports an account
// at 85% of its five-hour limit: the row shows the limit first (the state word gives way, the
// mark says it), the focused panel's title shows every figure; after a kill -9 of the server the
// next one lists the same usage before the CLI reports again, and does not say the notice twice.

const here = path.dirname(fileURLToPath(import.meta.url));
const CAPTURED = JSON.parse(fs.readFileSync(path.join(here, 'claude-statusline.json'), 'utf8')) as Record<
  string,
  unknown
>;
const { running, dotHome } = stoppedAfterEach();

/** Runs the status line as Claude Code runs it inside agent `id`, with an account at `five` percent. */
function statusline(home: string, id: string, five: number): void {
  const user = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-user-'));
  const socket = path.join(home, 'hub.sock');
  const env = {
    ...process.env,
    CI: 'true',
    HOME: user,
    BOTSTER_HOME: home,
    BOTSTER_AGENT_ID: id,
    BOTSTER_SOCKET: socket,
  };
  const input = {
    ...CAPTURED,
    cost: { ...(CAPTURED.cost as object), total_cost_usd: 1.24 },
    context_window: { ...(CAPTURED.context_window as object), used_percentage: 45 },
    rate_limits: {
      five_hour: { used_percentage: five, resets_at: Math.floor(Date.now() / 1000) + 7200 },
      seven_day: { used_percentage: 30, resets_at: 1_900_500_000 },
    },
  };
  const r = spawnSync(process.execPath, [BIN, 'statusline', 'claude'], {
    env,
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 20000,
  });
  expect(r.status).toBe(0);
}

type Row = { id: string; name: string; usage?: { limits?: Record<string, { used_pct: number }> } };
const agentsOf = (home: string) => JSON.parse(userCli(home, ['agents', '--json']).stdout) as Row[];

describe('usage where space is short, and kept through a kill -9', () => {
  it(
    'the limit first in a narrow row, all of it in the title; the next server shows it at once',
    {
      timeout: 90000,
    },
    async () => {
      const home = dotHome();
      const env = ptyEnv({ SHELL: '/bin/sh' });
      const first = run(['--home', home, '--agent', 'cat'], 80, 24, { env });
      running.push(first);
      await waitScreen(first, /Agents: 1/);
      expect(userCli(home, ['rename', '1', 'reviewer']).status).toBe(0);
      statusline(home, '1', 85);
      // The row: no room for "idle" and the usage, so the state word gives way (○ says idle).
      const narrow = await waitScreen(first, /reviewer 5h 85%/);
      expect(narrow).not.toMatch(/reviewer idle/);
      // The focused agent's title has room for every figure.
      expect(narrow).toMatch(/reviewer {2}5h 85% 7d 30% ctx 45% \$1\.24/);
      expect(narrow).toMatch(
        /reviewer: five hour limit at 85% \(resets in \d+h\d\dm\) on its Claude\s+account/,
      );
      // Wide enough for everything: the state word is back.
      first.pty.resize(160, 30);
      first.term.resize(160, 30);
      await waitScreen(first, /reviewer idle 5h 85% ctx 45% \$1\.24/);

      const server = lsJson<{ pid: number }>(home).pid;
      // (the keeper has its record once the hub has told it: the usage changed a moment ago)
      await new Promise((r) => setTimeout(r, 500));
      process.kill(server, 'SIGKILL');
      expect(await waitDead([server])).toEqual([]);
      first.pty.kill();
      const second = run(['--home', home], 80, 24, { env });
      running.push(second);
      const back = await waitScreen(second, /reviewer 5h 85%/);
      expect(agentsOf(home)[0].usage?.limits?.five_hour.used_pct).toBe(85);
      expect(back).toMatch(/5h 85% 7d 30% ctx 45% \$1\.24/);
      // The notice was given by the server before: not again for the same window.
      await new Promise((r) => setTimeout(r, 1000));
      await second.term.flush();
      expect(second.output()).not.toMatch(/five hour limit/);
      // A new report with the same figures says nothing either; a higher one is still heard.
      statusline(home, '1', 85);
      statusline(home, '1', 91);
      await until('the new figure', () => agentsOf(home)[0].usage?.limits?.five_hour.used_pct === 91, 10000);
      await waitScreen(second, /reviewer 5h 91%/);
    },
  );

  it(
    'at 80x24 a long-named agent that is not focused still shows its fullest limit, in its row and its grid cell',
    {
      timeout: 60000,
    },
    async () => {
      // (issue 80: its row read "2 reviewer-longname…", the usage cut away whole, and the grid's
      // cell said only the context)
      const home = dotHome();
      const env = ptyEnv({ SHELL: '/bin/sh' });
      const hub = run(['--home', home, '--agent', 'cat', '--agent', 'cat'], 80, 24, { env });
      running.push(hub);
      await waitScreen(hub, /Agents: 2/);
      expect(userCli(home, ['rename', '2', 'reviewer-longname']).status).toBe(0);
      expect(userCli(home, ['focus', '1']).status).toBe(0);
      statusline(home, '2', 85);
      // The name gives way before the figure that matters.
      const row = await waitScreen(hub, /2 revi\S*… 5h 85%/);
      expect(row).not.toMatch(/reviewer-longname 5h/);
      // The grid (Ctrl+g b): the cell's title has it too.
      hub.pty.write('\x07');
      await waitScreen(hub, /NORMAL/);
      hub.pty.write('b');
      await waitScreen(hub, /2 reviewer-longname · idle · 5h 85/);
    },
  );
});
