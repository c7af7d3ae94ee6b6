import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, ptyEnv, run, waitScreen, stoppedAfterEach } from '../support/cli-pty.js';

// A hub started inside the user's own tmux: its agents never see that tmux. `tmux` in an agent is
// the hub's surface: `new-session -d` starts an agent of its own, `send-keys` into the user's shell
// (an agent it did not start) is asked for in the hub, and the user's tmux server never hears of it.

const { running, homes } = stoppedAfterEach();
const servers: string[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) spawnSync('tmux', ['-S', s, 'kill-server']);
});
const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

function cli(home: string, ...args: string[]): string {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.TMUX;
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  if (r.status !== 0) throw new Error(`botster-tui ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe("the user's tmux never reaches an agent", () => {
  it('an agent inside a hub started in tmux gets the hub as its tmux, never the outer server', async () => {
    const h = realHome('spaces');
    homes.push(h);
    const dir = path.dirname(h);
    const outer = path.join(dir, 'outer.sock');
    servers.push(outer);
    const made = spawnSync('tmux', ['-S', outer, 'new-session', '-d', '-s', 'users', 'sleep 300'], {
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
    const pid = spawnSync('tmux', ['-S', outer, 'display-message', '-p', '#{pid}'], {
      encoding: 'utf8',
    }).stdout.trim();
    const [go, said] = [path.join(dir, 'go'), path.join(dir, 'said.txt')];
    const agent =
      `sh -c 'until [ -e "${go}" ]; do sleep 0.1; done; ` +
      `echo "env $TMUX|$TMUX_PANE" > "${said}.tmp"; ` +
      `tmux new-session -d "sleep 100"; echo "new $?" >> "${said}.tmp"; ` +
      `tmux send-keys -t %1 "echo via-surface" Enter 2>> "${said}.tmp"; echo "send $?" >> "${said}.tmp"; ` +
      `mv "${said}.tmp" "${said}"; exec cat'`;
    // The hub starts where the user's tmux is: TMUX and TMUX_PANE name the outer server.
    const env = ptyEnv({ TMUX: `${outer},${pid},0`, TMUX_PANE: '%0' });
    const a = run(['--home', h, '--agent', 'sh', '--agent', agent], 120, 36, { env });
    running.push(a);
    await waitScreen(a, /Botster Hub\s+120x36/);
    fs.writeFileSync(go, '');
    const out = await until('the agent is done', () => read(said), 40000);
    const sock = path.join(h, 'hub.sock');
    expect(out).toContain(`env ${sock},`);
    expect(out).toContain('|%2\n');
    expect(out).toContain('new 0\n');
    // Its own new session is an agent of the hub, started by it; the user's shell was not its to type into.
    const rows = JSON.parse(cli(h, 'agents', '--json')) as Array<{
      id: string;
      command: string;
      lead: string | null;
    }>;
    expect(rows.find((r) => r.command === 'sleep 100')).toMatchObject({ lead: '2' });
    expect(out).toMatch(/send 1\n/);
    expect(cli(h, 'read', '1')).not.toContain('via-surface');
    // The outer server: only the user's own session, nothing typed into it.
    const sessions = spawnSync('tmux', ['-S', outer, 'list-sessions', '-F', '#{session_name}'], {
      encoding: 'utf8',
    });
    expect(sessions.stdout.trim()).toBe('users');
    const panes = spawnSync('tmux', ['-S', outer, 'list-panes', '-a', '-F', '#{pane_id}'], {
      encoding: 'utf8',
    });
    expect(panes.stdout.trim().split('\n')).toHaveLength(1);
  }, 60000);
});
