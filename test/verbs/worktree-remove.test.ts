import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, gitIn, worktreeHub } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// worktree.remove: the clean worktree of an agent that exited, on offer (app.worktrees), removed;
// its branch stays. Your improvements' keys may; nothing else is on offer.

const hubs = useHub();

describe('worktree.remove', { timeout: 60_000 }, () => {
  it('removes the clean worktree on offer, keeping its branch; one not on offer is why not', async () => {
    const { hub, repo, dir } = await worktreeHub(hubs);
    expect(await askVerb(hub, 'worktree.remove', { path: dir })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: `${dir} is not a clean worktree the hub made for an agent that exited`,
    });
    hub.agents.get('1')!.kill();
    await until('it is on offer', () => hub.appData().worktrees?.some((w) => w.path === dir));
    expect(
      await askVerb(hub, 'worktree.remove', { path: dir }, { kind: 'project', path: '/r' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'worktree.remove', { path: dir })).toEqual({
      ok: true,
      said: `removed worktree ${dir}`,
    });
    expect(fs.existsSync(dir)).toBe(false);
    expect(gitIn(repo, 'branch', '--list', 'botster/worker')).not.toBe('');
    expect(hub.appData().worktrees ?? []).toEqual([]);
  });
});
