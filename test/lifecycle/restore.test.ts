import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import type { AgentSpec } from '../../src/agents/types.js';
import { loadSession, saveSession } from '../../src/lifecycle/session-file.js';
import { planRestore } from '../../src/lifecycle/restore.js';
import { realHome, screenText, slowGit, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

describe('what --restore records and brings back', () => {
  it('the session lists only running agents, with the profile, the env its profile and hooks added, and its worktree', async () => {
    const { repo } = tempRepo();
    const home = realHome('spaces', {
      'user/profiles.lua': `profiles.define("wt", { command = "sh", args = { "-c", "echo WT FOO=$FOO BAR=$BAR; exec cat" }, env = { FOO = "profile" }, cwd = ${JSON.stringify(repo)}, worktree = true })`,
      'user/hooks.lua': 'hooks.on("before_agent_spawn", function(ev) ev.env.BAR = "hook"; return ev end)',
    });
    hub = await hubs.real({
      cols: 120,
      home,
      agents: [{ command: 'echo bye' }, { command: 'cat' }, { command: 'profile:wt' }],
    });
    await waitForFrame(hub, /echo exited 0[\s\S]*wt/);
    await waitForFrame(hub, /⎇ botster\/wt/);
    const agents = hub.sessionAgents();
    expect(agents.map((a) => a.name)).toEqual(['cat', 'wt']);
    const wt = agents[1];
    expect(wt.profile).toBe('wt');
    expect(wt.env).toEqual({ FOO: 'profile', BAR: 'hook' });
    expect(wt.worktree?.branch).toBe('botster/wt');
    expect(wt.worktree?.repo).toBe(fs.realpathSync(repo));
    expect(wt.cwd).toBe(wt.worktree?.path);
    // The hook ran for every agent: its env comes back with each.
    // With what resuming needs: its number, its program, when it started (the screen of cat is blank).
    expect(agents[0]).toEqual({
      id: '2',
      name: 'cat',
      command: 'cat',
      cwd: process.cwd(),
      env: { BAR: 'hook' },
      program: 'cat',
      started: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      named: false,
    });
    saveSession(home, agents);
    const file = JSON.parse(fs.readFileSync(path.join(home, 'session.json'), 'utf8'));
    expect(file.version).toBe(3);
    expect(fs.statSync(path.join(home, 'session.json')).mode & 0o777).toBe(0o600);
    expect(loadSession(home)).toEqual(agents);
  });

  it('a restored worktree agent runs in its worktree with its env, shows its branch, and agent.restart keeps the worktree', async () => {
    const { repo } = tempRepo();
    const home = realHome('spaces', {
      'user/profiles.lua': `profiles.define("wt", { command = "sh", args = { "-c", "echo WT $(pwd) FOO=$FOO; exec cat" }, env = { FOO = "profile" }, cwd = ${JSON.stringify(repo)}, worktree = true })`,
    });
    hub = await hubs.real({ cols: 120, home, agents: [{ command: 'profile:wt' }] });
    const first = await waitForFrame(hub, /WT (\S+) FOO=profile/);
    const dir = /WT (\S+) FOO/.exec(first)![1];
    saveSession(home, hub.sessionAgents());
    await hub.dispose();
    // The profile changed meanwhile: what ran comes back, not the new definition.
    fs.writeFileSync(
      path.join(home, 'user/profiles.lua'),
      'profiles.define("wt", { command = "echo CHANGED" })',
    );
    const { specs, notice } = planRestore(loadSession(home));
    expect(notice).toBeNull();
    hub = await hubs.real({ cols: 120, home, agents: specs });
    const frame = await waitForFrame(hub, /^(?=[\s\S]*⎇ botster\/wt)(?=[\s\S]*WT \S+ FOO=profile)/, 3000);
    expect(frame).toContain(`WT ${dir} FOO=profile`);
    expect(frame).toContain('⎇ botster/wt');
    // No second worktree was made for it.
    expect(fs.readdirSync(path.dirname(dir))).toEqual([path.basename(dir)]);
    expect(hub.sessionAgents()[0]).toMatchObject({
      profile: 'wt',
      worktree: { path: dir, branch: 'botster/wt' },
    });
    const h = hub;
    const before = h.agents.list()[0];
    h.input('\x07r');
    // While it works it asks first ("restart"); idle, it restarts at once.
    const asked = () => /Restart \S+\? It/.test(h.screen().toText());
    await until('the restart or its question', () => h.agents.list()[0] !== before || asked());
    if (asked()) h.input('\x1b[B\r');
    await until('the restarted agent, with its number', () => {
      const a = h.agents.list()[0];
      return a !== undefined && a !== before && a.info.id === '1';
    });
    const again = await waitForFrame(hub, /WT \S+ FOO=profile/);
    expect(again).toContain(`WT ${dir} FOO=profile`);
    expect(again).toContain('⎇ botster/wt');
    expect(fs.readdirSync(path.dirname(dir))).toEqual([path.basename(dir)]);
    expect(hub.sessionAgents()).toEqual([
      expect.objectContaining({ profile: 'wt', cwd: dir, worktree: expect.objectContaining({ path: dir }) }),
    ]);
  });

  it('an agent whose folder or worktree is gone is not started; one notice names each and what is missing', async () => {
    const { repo } = tempRepo();
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'gone-'));
    fs.rmSync(gone, { recursive: true });
    const wt = {
      path: path.join(path.dirname(repo), 'nowhere-worktrees', 'botster-wt'),
      branch: 'botster/wt',
      repo,
    };
    const { specs, notice } = planRestore([
      { name: 'cat', command: 'cat', cwd: process.cwd() },
      { name: 'keeper', command: 'cat', cwd: gone, profile: 'keeper' },
      { name: 'wt', command: 'cat', cwd: wt.path, worktree: wt, profile: 'wt' },
    ]);
    expect(specs.map((s) => s.name)).toEqual(['cat']);
    hub = await hubs.real({
      cols: 160,
      home: realHome('spaces'),
      agents: specs,
      notices: notice ? [notice] : [],
    });
    // In the first frames, not only once an agent's status changes and Lua renders again.
    await hub.whenIdle();
    const frame = screenText(hub);
    const flat = frame.replace(/\s+/g, ' '); // the notice wraps
    expect(flat).toContain(
      `not restored: keeper: its folder ${gone} is gone (start a new one with profile:keeper)`,
    );
    expect(flat).toContain(
      `wt: its worktree ${wt.path} (branch botster/wt) is gone (start a new one with profile:wt)`,
    );
    expect(frame).not.toMatch(/\bnil\b/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['cat']);
  });

  it('an agent that cannot start says "not started" in its title, never a Lua nil', async () => {
    hub = await hubs.real({
      home: realHome('spaces'),
      agents: [{ command: 'cat', name: 'lost', cwd: '/nonexistent/folder' }],
    });
    const frame = await waitForFrame(hub, /working directory does not exist/);
    expect(frame).toContain('lost (not started)');
    expect(frame).not.toMatch(/\bnil\b/);
  });

  it('a session file without a version (older hubs) still loads', () => {
    const home = realHome('spaces');
    fs.writeFileSync(
      path.join(home, 'session.json'),
      JSON.stringify({
        saved: 'x',
        agents: [
          { command: 'cat', cwd: '/tmp', name: 'old' },
          { command: 'sh', args: ['-c', 'true'], extra: 1 },
          { bogus: true },
        ],
      }),
    );
    expect(loadSession(home)).toEqual([
      { command: 'cat', cwd: '/tmp', name: 'old' },
      { command: 'sh', args: ['-c', 'true'] },
    ]);
    fs.writeFileSync(path.join(home, 'session.json'), JSON.stringify({ version: 2, agents: [] }));
    expect(() => loadSession(home)).toThrow(/nothing to restore: .* \(none was running when the hub quit\)/);
  });
});

/**
 * Runs `body` on a hub whose profile `wt` starts `sh` in a new git worktree of a fresh repository,
 * made by a git (first on PATH meanwhile) that takes a second over it.
 */
async function withSlowWorktree(
  agents: AgentSpec[],
  body: (h: Hub, slow: { started: () => boolean; done: () => boolean }) => Promise<void>,
): Promise<void> {
  const { repo } = tempRepo();
  const slow = slowGit(1);
  const undo = slow.onPath();
  try {
    hub = await hubs.real({
      cols: 120,
      home: realHome('spaces', {
        'user/profiles.lua': `profiles.define("wt", { command = "sh", args = { "-c", "echo IN $(pwd); exec cat" }, cwd = ${JSON.stringify(repo)}, worktree = true })`,
      }),
      agents,
    });
    await body(hub, { started: () => slow.started(repo), done: () => slow.done(repo) });
  } finally {
    undo();
  }
}

describe('git worktree work never blocks the hub', () => {
  it('keys reach an agent and frames keep coming while a slow git makes the worktree; the agent starts when it is ready', async () => {
    await withSlowWorktree([{ command: 'cat' }], async (h, slow) => {
      await waitForFrame(h, /cat/);
      h.input('\x07c');
      await waitForFrame(h, /New agent/);
      h.input('wt\r');
      await until('git worktree add to start', slow.started);
      await until('the progress note', () => /making a git worktree/.test(screenText(h)));
      h.input('i');
      h.input('typed while git works\r');
      // Not waitForFrame: it waits for running actions, and the spawn is one.
      await until(
        'the echo from cat',
        () => (screenText(h).match(/typed while git works/g) ?? []).length >= 2,
      );
      expect(slow.done()).toBe(false);
      expect(h.agents.list().map((a) => a.info.name)).toEqual(['cat']);
      const frame = await waitForFrame(h, /IN \S*-worktrees\/botster-wt/);
      expect(frame).toContain('⎇ botster/wt');
      expect(frame).not.toContain('making a git worktree');
      expect(slow.done()).toBe(true);
    });
  });

  it('at start, agents after one that needs a new worktree start in order once git is done, and input is taken meanwhile', async () => {
    await withSlowWorktree(
      [{ command: 'cat', name: 'first' }, { command: 'profile:wt' }, { command: 'cat', name: 'third' }],
      async (h, slow) => {
        // Hub.start returned while git still works: the hub takes keys now.
        expect(slow.done()).toBe(false);
        h.input('typed at start\r');
        await until(
          'the echo from the first agent',
          () => (screenText(h).match(/typed at start/g) ?? []).length >= 2,
        );
        // (grouped by repository: the worktree agent's repository is not the others')
        await waitForFrame(h, /(?=[\s\S]*⎇ botster\/wt)(?=[\s\S]*3 third)/);
        expect(h.agents.list().map((a) => [a.info.id, a.info.name])).toEqual([
          ['1', 'first'],
          ['2', 'wt'],
          ['3', 'third'],
        ]);
        expect(h.focused?.info.name).toBe('first');
      },
    );
  });
});
