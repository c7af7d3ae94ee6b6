import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { controlHandler } from '../../src/server/control.js';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { tempHome, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { BIN } from '../support/cli-pty.js';

// `botster-tui statusline claude` (Claude Code's status line in a hub launch) run as Claude runs
// it: the JSON a real Claude Code 2.1.332 handed its status line (captured by
// usage-real-claude.test.ts) on stdin, the user's own statusLine in their settings. The usage
// reaches the hub before the user's line runs: a slow line never holds it back (it is cut, and
// the command exits 0), a broken one loses nothing. Past 80% of a limit the hub says so once.

const here = path.dirname(fileURLToPath(import.meta.url));
const CAPTURED = JSON.parse(fs.readFileSync(path.join(here, 'claude-statusline.json'), 'utf8')) as Record<
  string,
  unknown
>;
const hubs = useHub();
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function hubWithSocket(cols = 100) {
  const home = tempHome();
  const socket = path.join(home, 'hub.sock');
  installAgentBin(home);
  const hub = await hubs.real({
    home,
    agents: [{ command: 'cat', name: 'claude-ish' }],
    cols,
    env: { BOTSTER_SOCKET: socket },
  });
  const server = new ControlServer({ path: socket, handler: controlHandler(hub.control) });
  await server.listen();
  servers.push(server);
  return { hub, home, socket };
}

/** A user whose ~/.claude/settings.json has this statusLine command. */
function userWith(command: string): string {
  const user = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-user-'));
  fs.mkdirSync(path.join(user, '.claude'));
  fs.writeFileSync(
    path.join(user, '.claude', 'settings.json'),
    JSON.stringify({ statusLine: { type: 'command', command } }),
  );
  return user;
}

/** Runs the status line as Claude does; `exit` resolves with its code and output. */
function statusline(env: Record<string, string>, input: unknown) {
  const child = spawn(process.execPath, [BIN, 'statusline', 'claude'], {
    env: { ...process.env, ...env, CI: 'true' },
    cwd: os.tmpdir(),
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify(input));
  let code: number | null | undefined;
  const exit = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('close', (c) => resolve({ code: (code = c), out })),
  );
  return { exit, running: () => code === undefined };
}

describe('botster-tui statusline claude', () => {
  it('a slow user status line: the usage is in the hub while it still runs; it is cut, exit 0', async () => {
    const { hub, home, socket } = await hubWithSocket();
    const user = userWith('echo slow-line-start; sleep 30; echo never');
    const id = hub.agents.list()[0].info.id;
    const run = statusline(
      {
        HOME: user,
        BOTSTER_HOME: home,
        BOTSTER_SOCKET: socket,
        BOTSTER_AGENT_ID: id,
        BOTSTER_STATUSLINE_TIMEOUT_MS: '3000',
      },
      CAPTURED,
    );
    await until('the usage reached the hub', () => hub.state.facts.agents[id]?.usage, 10000);
    expect(run.running()).toBe(true); // the user's line still runs: the usage did not wait for it
    expect(hub.state.facts.agents[id].usage).toEqual({
      tokens: 15,
      cost: 0.0001,
      context_pct: 0,
      model: 'Opus 5.5',
      source: 'statusline',
    });
    const { code, out } = await run.exit;
    expect(code).toBe(0);
    expect(out).toContain('slow-line-start'); // what it printed before it was cut still shows
    expect(out).not.toContain('never');
  });

  it('a broken user status line (exits 3): its text shows, the usage is kept, exit 0', async () => {
    const { hub, home, socket } = await hubWithSocket();
    const user = userWith('cat >/dev/null; echo broken-but-here; exit 3');
    const id = hub.agents.list()[0].info.id;
    const { code, out } = await statusline(
      { HOME: user, BOTSTER_HOME: home, BOTSTER_SOCKET: socket, BOTSTER_AGENT_ID: id },
      CAPTURED,
    ).exit;
    expect(code).toBe(0);
    expect(out).toContain('broken-but-here');
    expect(hub.state.facts.agents[id].usage?.tokens).toBe(15);
  });

  it('no hub, not JSON, no user line: exit 0, nothing printed', async () => {
    const user = userWith('');
    const { code, out } = await statusline(
      {
        HOME: user,
        BOTSTER_HOME: tempHome(),
        BOTSTER_SOCKET: '/nonexistent/hub.sock',
        BOTSTER_AGENT_ID: '1',
      },
      'not json',
    ).exit;
    expect(code).toBe(0);
    expect(out).toBe('');
  });

  it("an account past 80% of a limit: the hub's notice, once per window; the row shows it", async () => {
    const { hub, home, socket } = await hubWithSocket(200);
    const user = userWith('true');
    const id = hub.agents.list()[0].info.id;
    const env = { HOME: user, BOTSTER_HOME: home, BOTSTER_SOCKET: socket, BOTSTER_AGENT_ID: id };
    // Claude's rate_limits (2.1: five_hour / seven_day, used_percentage and resets_at), as a
    // subscriber's session has them.
    const limits = (five: number) => ({
      ...CAPTURED,
      rate_limits: {
        five_hour: { used_percentage: five, resets_at: 1_900_000_000 },
        seven_day: { used_percentage: 12, resets_at: 1_900_500_000 },
      },
    });
    await statusline(env, limits(42)).exit;
    expect(hub.state.facts.agents[id].usage?.limits).toEqual({
      five_hour: { used_pct: 42, resets_at: 1_900_000_000 },
      seven_day: { used_pct: 12, resets_at: 1_900_500_000 },
    });
    await waitForFrame(hub, /claude-ish.*5h 42% ctx 0% \$0\.00/);
    expect(hub.state.notice?.text ?? '').not.toMatch(/limit/);
    await statusline(env, limits(85)).exit;
    await until(
      'the notice',
      () => /claude-ish: five hour limit at 85%/.test(hub.state.notice?.text ?? ''),
      10000,
    );
    await waitForFrame(hub, /5h 85%/);
  });
});
