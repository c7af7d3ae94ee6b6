// A repository's .botster/: found when an agent starts in it, loaded after the user's files,
// sandboxed until the user trusts the folder (remembered per path and contents), origins shown by
// `keys` and `check`, its setup script run only when trusted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { trustedBy } from '../support/trusted.js';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { projectHash } from '../../src/reload/projects.js';
import { runCheck, runKeys } from '../../src/cli/run-tools.js';
import { press, startHub, tempHome, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

const KEYS = `commands.register("proj.hello", function(app) app:notify("hello from the project") end, { desc = "Say hello" })
keys.bind("normal", "K", "proj.hello", { desc = "Project hello" })
keys.bind("normal", "Z", "app.stop", { desc = "Sneaky stop" })
keys.bind("normal", "W", function(app) app:spawn({ command = "echo pwned" }) end, { desc = "Sneaky spawn" })
`;
const PROFILES = `profiles.define("tests", { command = "echo running the project tests; sleep 30" })\n`;
const HOOKS = `hooks.on("before_agent_spawn", function(ev) ev.env.FROM_PROJECT = "yes"; return ev end)\n`;

function project(
  files: Record<string, string> = { 'keys.lua': KEYS, 'profiles.lua': PROFILES, 'hooks.lua': HOOKS },
): string {
  const { repo } = tempRepo();
  fs.mkdirSync(path.join(repo, '.botster'));
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(repo, '.botster', name), text, { mode: name === 'setup' ? 0o755 : 0o644 });
  return repo;
}

/** A home that trusts `repo`'s .botster/ as it is now. */
function trusting(repo: string): string {
  return trustedBy(tempHome(), repo);
}

async function hubIn(repo: string, home = tempHome()): Promise<Hub> {
  const hub = await startHub({
    cols: 140,
    rows: 30,
    home,
    agents: [{ command: 'cat', name: 'first', cwd: repo }],
  });
  hubs.track(hub);
  await until('the project is found', () => (hub.appData().projects?.length ?? 0) === 1);
  await hub.whenIdle();
  return hub;
}

const overlayTitle = (hub: Hub) => {
  const o = hub.state.client.overlay;
  return o?.kind === 'palette' ? o.title : null;
};

/** The question the hub asks by itself (it waits: nothing is open over the agent). */
const question = (hub: Hub) => hub.state.questions[0]?.overlay.title ?? null;

/** Opens the waiting question as a user does (Ctrl+g o), types `keys`, and goes back to the agent. */
async function answer(hub: Hub, keys: string): Promise<void> {
  await press(hub, '\x07o');
  expect(overlayTitle(hub)).not.toBeNull();
  await press(hub, keys);
  await press(hub, 'i');
}

/** project.trust from the palette asks too: the word typed trusts. */
async function trustByCommand(hub: Hub, repo: string): Promise<void> {
  await hub.runCommand('project.trust', repo);
  await hub.whenIdle();
  expect(overlayTitle(hub)).toMatch(/^Trust .*\/\.botster\?$|changed since you trusted it/);
  await press(hub, 'trust\r');
}

describe('a project nobody trusted yet', () => {
  it('asks once found; its keys run its own commands in the sandbox; keys to yours, profiles and spawn-hooks wait for trust', async () => {
    const repo = project();
    const hub = await hubIn(repo);
    expect(question(hub)).toBe(`Trust ${path.basename(repo)}/.botster?`);
    expect(overlayTitle(hub)).toBeNull(); // it waits: keys still go to the agent
    await press(hub, 'echo typed\r');
    await waitForFrame(hub, /│echo typed/);
    await press(hub, '\x07o');
    await waitForFrame(
      hub,
      /Trust .*\/\.botster\?[\s\S]*In .*:[\s\S]*\.botster\/hooks\.lua[\s\S]*\.botster\/keys\.lua[\s\S]*\.botster\/profiles\.lua[\s\S]*not now[\s\S]*trust .*type "trust", then Enter/,
    );
    await press(hub, '\r'); // Enter: not now
    await waitForFrame(hub, /\.botster is not trusted: its Lua stays in the sandbox/);
    await press(hub, 'i');
    expect(hub.appData().projects).toEqual([
      {
        path: repo,
        trusted: false,
        changed: false,
        hash: projectHash(repo),
        files: ['hooks.lua', 'keys.lua', 'profiles.lua'],
        setup: false,
      },
    ]);
    const mine = hub.bindings.filter((b) => b.source.includes('.botster'));
    expect(mine.map((b) => b.spec)).toEqual(['K', 'W']); // Z (app.stop, not its own) is dropped
    await press(hub, '\x07K');
    await waitForFrame(hub, /hello from the project/);
    await press(hub, 'W');
    await waitForFrame(hub, /app:spawn: \S+keys\.lua: not trusted: it cannot start agents/);
    expect(hub.agents.list()).toHaveLength(1);
    expect(hub.config.profiles.find((p) => p.name === 'tests')).toBeUndefined(); // (the shipped ones are there)
    await hub.lifecycle.spawn({
      command: 'sh -c "echo FROM=$FROM_PROJECT; sleep 30"',
      name: 'second',
      cwd: repo,
    });
    await waitForFrame(hub, /FROM= +│/);
  });

  it('trusting it (project.trust, remembered in the home) loads it as your own: profiles run in the project, hooks change spawns; a change asks again', async () => {
    const repo = project();
    const home = tempHome();
    const hub = await hubIn(repo, home);
    await answer(hub, 'trust\r');
    await until('trusted', () => hub.appData().projects?.[0]?.trusted === true);
    await hub.whenIdle();
    expect(JSON.parse(fs.readFileSync(path.join(home, 'trusted-projects.json'), 'utf8'))[repo].hash).toBe(
      projectHash(repo),
    );
    expect(hub.bindings.filter((b) => b.source.includes('.botster')).map((b) => b.spec)).toEqual([
      'K',
      'Z',
      'W',
    ]);
    expect(hub.config.profiles.find((p) => p.name === 'tests')).toMatchObject({ name: 'tests', cwd: repo });
    await hub.lifecycle.spawn({
      command: 'sh -c "echo FROM=$FROM_PROJECT; sleep 30"',
      name: 'second',
      cwd: repo,
    });
    await waitForFrame(hub, /FROM=yes/);
    // its file changes: back in the sandbox, and asked again
    await hub.config.watch();
    fs.appendFileSync(path.join(repo, '.botster', 'keys.lua'), '-- more\n');
    await until(
      'asked again',
      () => question(hub) === `${path.basename(repo)}/.botster changed since you trusted it: trust it again?`,
      10000,
    );
    expect(hub.appData().projects?.[0]).toMatchObject({
      trusted: false,
      changed: true,
      changes: { added: [], removed: [], modified: ['keys.lua'] },
    });
    expect(hub.config.profiles.find((p) => p.name === 'tests')).toBeUndefined();
    // "trust it again?" says what changed since
    await press(hub, '\x07o');
    await waitForFrame(hub, /\.botster\/keys\.lua +changed since you trusted it/);
  });

  it('trust vouches for what the question showed: a file changed before the answer is not trusted', async () => {
    const repo = project();
    const hub = await hubIn(repo, tempHome());
    await press(hub, '\x07o');
    await waitForFrame(hub, /Trust .*\/\.botster\?/);
    fs.appendFileSync(path.join(repo, '.botster', 'hooks.lua'), '-- slipped in after the question\n');
    await press(hub, 'trust\r');
    await waitForFrame(hub, /changed after the question showed it: not trusted/);
    expect(hub.appData().projects?.[0]?.trusted).toBe(false);
  });

  it('an error in a trusted project file is file:line, and the last good configuration stays', async () => {
    const repo = project({ 'keys.lua': KEYS });
    const hub = await hubIn(repo, trusting(repo));
    expect(hub.bindings.some((b) => b.spec === 'K')).toBe(true);
    await hub.config.watch();
    fs.writeFileSync(
      path.join(repo, '.botster', 'keys.lua'),
      'keys.bind("normal", "K", "proj.hello")\nlocal x = nil + 1\n',
    );
    // the edit also untrusts it (changed), so the file now loads in the sandbox: still an error at its name
    await until(
      'the error shows',
      () => /keys\.lua/.test(hub.state.configError ?? '') || /keys\.lua/.test(hub.state.notice?.text ?? ''),
      10000,
    );
    await trustByCommand(hub, repo);
    await hub.whenIdle();
    expect(hub.state.configError).toMatch(
      new RegExp(`${repo.replace(/[/.]/g, '\\$&')}/\\.botster/keys\\.lua:2: `),
    );
    expect(hub.bindings.some((b) => b.spec === 'K')).toBe(true); // the last good one
  });
});

describe('setup scripts need trust', () => {
  it('untrusted: a new worktree agent starts without running it, and the notice says why; trusted: it runs', async () => {
    const repo = project({ setup: '#!/bin/sh\necho SETUP RAN\n' });
    execFileSync('git', ['-C', repo, 'add', '.'], { stdio: 'ignore' });
    execFileSync(
      'git',
      ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'setup'],
      { stdio: 'ignore' },
    );
    const hub = await hubIn(repo);
    await hub.lifecycle.spawn({ command: 'cat', name: 'wt1', cwd: repo, worktree: true });
    await waitForFrame(
      hub,
      /\.botster\/setup did not run: the project is not trusted \(project\.trust trusts it\)/,
    );
    expect(hub.agents.get('2')!.terminal.rowText(0)).not.toContain('SETUP');
    await trustByCommand(hub, repo);
    await until('trusted', () => hub.appData().projects?.[0]?.trusted === true);
    await hub.lifecycle.spawn({ command: 'cat', name: 'wt2', cwd: repo, worktree: true });
    await until('setup ran', () => hub.agents.get('3')?.terminal.rowText(1).includes('SETUP RAN') ?? false);
  });

  it('a project cannot trust itself', async () => {
    const repo = project({
      'keys.lua': 'keys.bind("normal", "T", function(app) app:trust_project(app.projects[1].path) end)\n',
    });
    const hub = await hubIn(repo);
    await press(hub, '\x07T');
    await waitForFrame(hub, /keys\.lua cannot trust projects: only you can/);
    expect(hub.appData().projects?.[0].trusted).toBe(false);
  });
});

describe('keys and check name the origin', () => {
  it('botster-tui keys in the project lists its bindings with their file, and whether it is trusted', async () => {
    const repo = project({ 'keys.lua': KEYS });
    const lines: string[] = [];
    await runKeys(
      tempHome({ 'user/keybindings.lua': 'keys.bind("normal", "M", "agent.next", { desc = "mine" })\n' }),
      false,
      (s) => lines.push(s),
      undefined,
      repo,
    );
    const text = lines.join('\n');
    expect(text).toMatch(/normal +M +agent\.next +mine {2}\(\S*user\/keybindings\.lua:1\)/);
    expect(text).toMatch(
      new RegExp(
        `normal +K +proj\\.hello +Project hello {2}\\(${repo.replace(/[/.]/g, '\\$&')}/\\.botster/keys\\.lua\\)`,
      ),
    );
    expect(text).not.toContain('Sneaky stop');
    expect(text).toContain(`project ${repo}/.botster: not trusted`);
    expect(text).not.toMatch(/normal +j +agent\.next +Focus the next agent +\(/); // shipped: no origin
  });

  it('botster-tui check .botster/FILE says how it loads', async () => {
    const repo = project({ 'keys.lua': KEYS });
    const out: string[] = [];
    const file = path.join(repo, '.botster', 'keys.lua');
    expect(await runCheck([file], tempHome(), (s) => out.push(s))).toBe(0);
    expect(out[0]).toBe(
      `${file}: ok (project ${repo}: not trusted: runs in the sandbox, its keys may bind only its own commands (project.trust))`,
    );
    const trusted: string[] = [];
    expect(await runCheck([file], trusting(repo), (s) => trusted.push(s))).toBe(0);
    expect(trusted[0]).toBe(`${file}: ok (project ${repo}: trusted, loads as your own file)`);
  });
});
