import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { tempHome, tempRepo, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

// What a profile decides (args, env, cwd, restart, the spawn dialog) is on the scripted tier:
// test/scripted/profiles.test.ts. Here profiles with worktrees: real git repositories and worktrees,
// and the agent a real process in them.

describe('profiles (user/profiles.lua) with worktrees', () => {
  it('worktree = true: the agent runs in a new worktree and branch shown in the list; a clean one is offered for removal when it exits (a question while you look at it)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { repo, git } = tempRepo();
    hub = await hubs.real({
      cols: 120,
      home: tempHome({
        'user/profiles.lua': `profiles.define("wt", { command = "sh", args = { "-c", "echo IN $(pwd); sleep 1" }, cwd = ${JSON.stringify(repo)}, worktree = true })`,
      }),
      agents: [{ command: 'cat' }],
    });
    hub.input('\x07c');
    await waitForFrame(hub, /New agent/);
    hub.input('wt\r');
    const frame = await waitForFrame(hub, /IN \/\S*-worktrees\/botster-wt/);
    expect(frame).toContain('⎇ botster/wt');
    // The offer is a question (a hook asked, not a key): it waits until the user opens it.
    await waitForFrame(hub, /The hub asks: The worktree of wt is clean: \S*botster-wt/, 8000);
    hub.input('\x07o');
    await waitForFrame(
      hub,
      /The worktree of wt is clean: \S*botster-wt[\s\S]*remove +delete the folder; the branch botster\/wt stays/,
      8000,
    );
    hub.input('\r');
    await waitForFrame(hub, /removed worktree/);
    expect(
      fs.existsSync(path.join(path.dirname(repo), `${path.basename(repo)}-worktrees`, 'botster-wt')),
    ).toBe(false);
    git('rev-parse', '--verify', 'botster/wt'); // the branch stays
  });

  it('a worktree agent you are not looking at: a notice when it is clean, and worktree.remove removes it', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { repo } = tempRepo();
    hub = await hubs.real({
      cols: 140,
      home: tempHome({
        'user/profiles.lua': `profiles.define("bg", { command = "sh", args = { "-c", "sleep 1" }, cwd = ${JSON.stringify(repo)}, worktree = true })`,
      }),
      agents: [{ command: 'cat' }, { command: 'profile:bg' }],
    });
    await waitForFrame(hub, /worktree \S+ \(botster\/bg\) is clean: run worktree\.remove/, 8000);
    expect(hub.focused?.info.command).toBe('cat');
    hub.input('\x07:');
    hub.input('worktree.remove\r');
    await waitForFrame(hub, /removed worktree/);
    expect(
      fs.existsSync(path.join(path.dirname(repo), `${path.basename(repo)}-worktrees`, 'botster-bg')),
    ).toBe(false);
  });

  it('worktree = true outside a git repository says so and starts without one', async () => {
    hub = await hubs.real({
      home: tempHome({
        'user/profiles.lua': `profiles.define("nowt", { command = "echo started plain; sleep 30", cwd = "/tmp", worktree = true })`,
      }),
      agents: [{ command: 'profile:nowt' }],
    });
    await waitForFrame(hub, /started plain/);
    await waitForFrame(hub, /is not in a git repository: starting without a worktree/);
  });

  it('a profile can reuse an existing branch for its worktree', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { repo, git } = tempRepo();
    git('branch', 'feature-x');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-wts-'));
    hub = await hubs.real({
      cols: 120,
      home: tempHome({
        'user/profiles.lua': `profiles.define("feat", { command = "sh", args = { "-c", "echo ON $(git branch --show-current); sleep 30" }, cwd = ${JSON.stringify(repo)}, worktree = { branch = "feature-x", reuse = true, folder = ${JSON.stringify(folder)} } })`,
      }),
      agents: [{ command: 'profile:feat' }],
    });
    const frame = await waitForFrame(hub, /ON feature-x/);
    expect(frame).toContain('⎇ feature-x');
    expect(fs.existsSync(path.join(folder, 'feature-x'))).toBe(true);
  });
});
