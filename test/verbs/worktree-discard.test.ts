import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, commitIn, gitIn, worktreeHub } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// worktree.discard on a real repository: the agent stopped, its worktree removed whatever it held,
// its branch deleted; nothing reaches the base. Yours alone.

const hubs = useHub();

describe('worktree.discard', { timeout: 60_000 }, () => {
  it('removes the worktree and its branch, changes and all; an improvement may not', async () => {
    const { hub, repo, dir } = await worktreeHub(hubs);
    commitIn(dir, 'feature.txt', 'x\n');
    fs.writeFileSync(path.join(dir, 'scratch'), 'y');
    expect(
      await askVerb(hub, 'worktree.discard', { agent: 'worker' }, { kind: 'improvement', name: 'i' }),
    ).toMatchObject({
      ok: false,
      refused: expect.stringMatching(/improvement i cannot discard worktrees/),
    });
    expect(fs.existsSync(dir)).toBe(true);
    expect(await askVerb(hub, 'worktree.discard', { agent: 'worker' })).toEqual({
      ok: true,
      said: 'discarded botster/worker: worktree and branch removed',
    });
    expect(fs.existsSync(dir)).toBe(false);
    expect(gitIn(repo, 'branch', '--list', 'botster/worker')).toBe('');
    expect(fs.existsSync(path.join(repo, 'feature.txt'))).toBe(false);
    await until('the agent left the list', () => hub.agents.list().length === 0);
  });
});
