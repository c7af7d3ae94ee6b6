import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, commitIn, worktreeHub } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// worktree.status: what an agent's worktree holds, asked of a real hub on a real repository: by
// Lua's door (app:worktree_status hands it to its function), as you, an improvement (it only
// looks) and an agent (refused).

const hubs = useHub();

describe('worktree.status', { timeout: 60_000 }, () => {
  it("answers the worktree's branch, base, commits ahead and uncommitted files; none, or an agent asking, is why not", async () => {
    const { hub, dir } = await worktreeHub(hubs);
    commitIn(dir, 'feature.txt', 'from the agent\n');
    fs.writeFileSync(path.join(dir, 'wip.txt'), 'not yet\n');
    expect(await askVerb(hub, 'worktree.status')).toMatchObject({
      ok: true,
      agent: 'worker',
      agent_id: '1',
      running: true,
      path: dir,
      branch: 'botster/worker',
      base: 'main',
      ahead: 1,
      dirty: ['wip.txt'],
    });
    const improvement = { kind: 'improvement', name: 'i' } as const;
    expect(await askVerb(hub, 'worktree.status', { agent: 'worker' }, improvement)).toMatchObject({
      ok: true,
    });
    expect(await askVerb(hub, 'worktree.status', { agent: '1' }, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    const plain = await hubs.real({ agents: [{ command: 'cat', name: 'plain' }] });
    await until('it started', () => plain.agents.list().length === 1);
    expect(await askVerb(plain, 'worktree.status', { agent: 'plain' })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: 'agent plain has no worktree the hub made',
    });
  });

  it('app:worktree_status hands the answer to its function', async () => {
    const { hub, dir } = await worktreeHub(hubs, {
      'user/hooks.lua': `commands.register("t.status", function(app)
  app:worktree_status(app.focused, function(st, app2) app2:notify(("%s: %d ahead of %s"):format(st.branch, st.ahead, st.base)) end)
end, { desc = "status" })`,
    });
    commitIn(dir, 'feature.txt', 'x\n');
    await hub.runCommand('t.status');
    await until('its function said it', () => hub.state.notice?.text === 'botster/worker: 1 ahead of main');
  });
});
