import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { tempHome, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { BIN } from '../support/cli-pty.js';

// Detection heals itself: an agent says "waiting" (its hook, through `botster-tui report`) while
// its screen reads idle. The hub keeps the screen as a pending case; `status --explain` shows the
// disagreement; `botster-tui cases` lists, shows and accepts it; from then on it gates adapter
// changes pushed by agents (one that reads it right is told so and goes live, one that reads it
// wrong again is refused naming it). A real hub, its control socket, the real CLI.

const hubs = useHub();
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function exec(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, CI: 'true', ...env }))
    if (v !== undefined && !(k.startsWith('BOTSTER_') && !(k in env))) e[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const push = (h: Hub, name: string, source: string) => h.improvements.push({ name, source, agent_id: '1' });

/** A hub running "mytool" (a prompt the structural rules read as idle) that reports waiting itself. */
async function disagreeing(
  files: Record<string, string>,
): Promise<{ hub: Hub; home: string; env: Record<string, string> }> {
  const home = tempHome(files);
  const socket = path.join(home, 'hub.sock');
  installAgentBin(home);
  // A CLI of its own ("mytool") that shows a prompt: the structural rules read it as idle.
  const bin = path.join(home, 'tools');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'mytool'),
    "#!/usr/bin/env node\nprocess.stdout.write('Deploy to production? ok\\n> ');\nprocess.stdin.resume();\n",
    { mode: 0o755 },
  );
  const hub = await hubs.real({
    home,
    agents: [{ command: path.join(bin, 'mytool'), name: 'deployer' }],
    env: { BOTSTER_SOCKET: socket },
    collaborativeWaitMs: 0,
  });
  const server = new ControlServer({ path: socket, handler: controlHandler(hub.control) });
  await server.listen();
  servers.push(server);
  await waitForFrame(hub, /Deploy to production/, 10000);
  const env = { BOTSTER_HOME: home, BOTSTER_SOCKET: socket };
  const id = hub.agents.list()[0].info.id;
  const report = await exec(['report', '--state', 'waiting', '--reason', 'deploy: confirm'], {
    ...env,
    BOTSTER_AGENT_ID: id,
  });
  expect(report.status, report.stderr).toBe(0);
  return { hub, home, env };
}

describe('an agent and its screen disagree', () => {
  it('by default the home keeps no screen: status --explain says so, corpus/pending stays empty', async () => {
    const { home, env } = await disagreeing({});
    await until(
      'the disagreement',
      async () =>
        /the screen reads idle \(generic: [^)]+\), for [3-9]\.\d s/.test(
          (await exec(['status', '1', '--explain'], env)).stdout,
        ),
      12000,
    );
    const status = await exec(['status', '1', '--explain'], env);
    expect(status.stdout).not.toMatch(/kept as pending case/);
    expect(fs.existsSync(path.join(home, 'corpus', 'pending'))).toBe(false);
  }, 60000);

  it('the screen is kept as a pending case, accepted as a case, and gates the adapter fix an agent pushes', async () => {
    // (Screens in the home's files are yours to ask for: settings.pending_cases.)
    const { hub, home, env } = await disagreeing({ 'user/settings.lua': 'settings.pending_cases = true\n' });

    // The screen reads idle against "waiting" for 3 s: kept.
    const pending = path.join(home, 'corpus', 'pending', 'mytool-1.json');
    await until('the pending case', () => fs.existsSync(pending), 12000);
    const kept = JSON.parse(fs.readFileSync(pending, 'utf8'));
    expect(kept).toMatchObject({
      program: 'mytool',
      expected: 'waiting_input',
      report: { state: 'waiting', reason: 'deploy: confirm' },
      read: { state: 'idle', adapter: 'generic' },
    });
    expect(kept.screen).toContain('Deploy to production? ok');

    const status = await exec(['status', '1', '--explain'], env);
    expect(status.stdout).toMatch(
      /the agent says waiting \(deploy: confirm\); the screen reads idle \(generic: [^)]+\), for \d+\.\d s — kept as pending case mytool-1/,
    );
    const list = await exec(['cases'], env);
    expect(list.stdout).toMatch(
      /^mytool-1\s+deployer: said waiting \(deploy: confirm\), the screen read idle \(generic: /m,
    );
    const show = await exec(['cases', 'show', 'mytool-1', '--explain'], env);
    expect(show.stdout).toContain('| Deploy to production? ok');
    expect(show.stdout).toMatch(/what the adapters of this home read on it now:\n\s+idle/);
    expect((await exec(['cases', 'show', 'nope-9'], env)).status).toBe(2);

    const accept = await exec(['cases', 'accept', 'mytool-1'], env);
    expect(accept.status, accept.stderr).toBe(0);
    expect(fs.existsSync(pending)).toBe(false);
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'corpus', 'mytool.json'), 'utf8'));
    expect(saved).toMatchObject([{ program: 'mytool', expected: 'waiting_input' }]);
    expect((await exec(['cases'], env)).stdout).toMatch(/no pending cases/);

    // An adapter fix an agent pushes: reading the accepted case right is what it is checked on.
    const fix = await push(
      hub,
      'mytool-adapter',
      'clis.define({ name = "mytool", programs = { "mytool" }, detect = function(screen) if screen:find("%? ok$", screen:last(3)) then return "waiting", "deploy?", "ok prompt" end end })',
    );
    expect(fix).toMatchObject({ live: true });
    expect(String(fix.reasoning)).toMatch(/state-detection cases right/);
    // One that reads it wrong again is refused, naming it.
    const lazy = await push(
      hub,
      'mytool-adapter',
      'clis.define({ name = "mytool", programs = { "mytool" }, detect = function(screen) return "idle", nil, "lazy" end })',
    );
    expect(lazy).toMatchObject({ decision: 'escalated', live: false });
    expect(String(lazy.reasoning)).toMatch(
      /mytool: mytool mytool-1: deployer said waiting \(deploy: confirm\), the screen read idle \(expected waiting, now idle\)/,
    );
  }, 60000);
});
