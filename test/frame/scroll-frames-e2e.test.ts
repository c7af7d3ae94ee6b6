// A panel that scrolls, end to end: a real hub server started by the real client in a PTY, lines
// typed into `cat` one Enter at a time past the foot of its panel. The client's terminal is fed
// the server's real bytes, which scroll its rows (a scroll region) instead of writing each row
// again; what it shows must be the hub's own frame (`snapshot --live`), row for row.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';

const { running, dotHome } = stoppedAfterEach();

function live(home: string): string {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  const r = spawnSync(process.execPath, [BIN, 'snapshot', '--live', '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 30000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const rows = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, all) => i < all.length - 1 || l !== '');

describe('a panel that scrolls', () => {
  it("Enter at the foot of a full panel scrolls the client's rows, and the client shows the hub's frame", async () => {
    const home = dotHome();
    const a = run(['--home', home, '--agent', 'cat'], 120, 30);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+120x30/);
    await waitScreen(a, /● 1 cat|○ 1 cat/);
    for (let i = 1; i <= 40; i++) {
      a.pty.write(`typed ${i}`);
      await waitScreen(a, new RegExp(`typed ${i}\\s*│\\s*$`, 'm'));
      a.pty.write('\r');
      // cat's copy of the line, then the cursor on a blank row below it
      await waitScreen(a, new RegExp(`typed ${i}\\s*│\\n.*typed ${i}\\s*│\\n.*│\\s*│`));
    }
    // The rows of the panel were scrolled on the terminal (a scroll region set around them).
    expect(a.output()).toMatch(/\x1b\[\d+;\d+r/);
    await a.term.flush();
    const shown = rows(screen(a.term));
    expect(shown).toEqual(rows(live(home)));
    expect(shown.join('\n')).toContain('typed 40');
    expect(shown.join('\n')).not.toContain('typed 1 ');
  }, 60000);
});
