import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, commitIn, gitIn, worktreeHub } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// worktree.finish on a real repository: the agent's commits merged into its base, the agent
// stopped, its worktree and branch removed; uncommitted work refused unless forced; yours alone.
// (The dialog that asks first is lua/default/worktrees.lua's: test/lifecycle/worktree-finish.test.ts.)

const hubs = useHub();

describe('worktree.finish', { timeout: 60_000 }, () => {
  it("merges the agent's commits into its base, then removes the agent, its worktree and its branch", async () => {
    const { hub, repo, dir } = await worktreeHub(hubs);
    commitIn(dir, 'feature.txt', 'from the agent\n');
    expect(await askVerb(hub, 'worktree.finish', { agent: 'worker' })).toEqual({
      ok: true,
      said: 'finished botster/worker: merged 1 commit into main; worktree and branch removed',
    });
    expect(fs.readFileSync(path.join(repo, 'feature.txt'), 'utf8')).toBe('from the agent\n');
    expect(fs.existsSync(dir)).toBe(false);
    expect(gitIn(repo, 'branch', '--list', 'botster/worker')).toBe('');
    await until('the agent left the list', () => hub.agents.list().length === 0);
  });

  it('refuses uncommitted work unless forced, and is yours alone', async () => {
    const { hub, repo, dir } = await worktreeHub(hubs);
    commitIn(dir, 'feature.txt', 'x\n');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'not committed\n');
    expect(await askVerb(hub, 'worktree.finish', { agent: 'worker' })).toMatchObject({
      ok: false,
      reason: 'failed',
      error:
        'refused: botster/worker has uncommitted changes (a.txt): commit them, or finish with force to lose them',
    });
    expect(fs.existsSync(dir)).toBe(true);
    for (const who of [
      { kind: 'improvement', name: 'i' },
      { kind: 'agent', id: '1' },
      { kind: 'plugin', name: 'p' },
    ] as const)
      expect(
        await askVerb(hub, 'worktree.finish', { agent: 'worker', force: true }, who, ['spawn']),
      ).toMatchObject({
        ok: false,
        reason: 'refused',
      });
    expect(
      await askVerb(hub, 'worktree.finish', { agent: 'worker', force: true, how: 'rebase' }),
    ).toMatchObject({
      ok: true,
      said: 'finished botster/worker: rebased 1 commit into main; worktree and branch removed',
    });
    expect(fs.existsSync(path.join(repo, 'feature.txt'))).toBe(true);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
