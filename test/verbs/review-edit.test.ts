import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { changedRepo } from '../support/hub.js';
import { until } from '../support/wait.js';
import type { AgentSpec } from '../../src/agents/types.js';

// The review.edit verb through the real CLI (`review edit`): a comment's new text, marked handled,
// then deleted (gone from the list and the home's file); no such comment is refused; an agent edits
// the comments on its own changes, not a sibling's.

const fleet = fleetHubs();

/** A repository whose app.js line 2 the agent's folder changed (2 -> 3), and `worker` in it. */
function worker(): { repo: string; agents: AgentSpec[] } {
  const { repo } = changedRepo('const a = 1;\nconst b = 2;\n', 'const a = 1;\nconst b = 3;\n');
  return { repo, agents: [{ command: 'cat', name: 'worker', cwd: repo }] };
}

type Comment = { id: string; text: string; state: string };

describe('botster-tui review edit AGENT ID', { timeout: 60_000 }, () => {
  it('changes the text, marks it handled, deletes it; no such comment is refused', async () => {
    const { agents } = worker();
    const { cli, home } = await fleet(agents);
    expect((await cli(['review', 'comment', 'worker', 'app.js:2', 'why 3'])).status).toBe(0);
    const listed = async () =>
      (JSON.parse((await cli(['review', 'comments', 'worker', '--json'])).stdout) as { comments: Comment[] })
        .comments;

    const text = await cli(['review', 'edit', 'worker', 'c1', '--text', 'why not 2?', '--json']);
    expect(text.stderr).toBe('');
    expect(JSON.parse(text.stdout)).toMatchObject({
      ok: true,
      removed: false,
      comment: { id: 'c1', text: 'why not 2?' },
    });
    const handled = await cli(['review', 'edit', 'worker', 'c1', '--handled', '--json']);
    expect(JSON.parse(handled.stdout)).toMatchObject({ ok: true, comment: { id: 'c1', state: 'handled' } });
    expect((await listed()).map((c) => [c.id, c.text, c.state])).toEqual([['c1', 'why not 2?', 'handled']]);
    const kept = () =>
      fs
        .readdirSync(path.join(home, 'review'))
        .map((f) => fs.readFileSync(path.join(home, 'review', f), 'utf8'))
        .join('');
    expect(kept()).toContain('why not 2?');

    const removed = await cli(['review', 'edit', 'worker', 'c1', '--remove', '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ ok: true, removed: true, comment: { id: 'c1' } });
    expect(await listed()).toEqual([]);
    expect(kept()).not.toContain('why not 2?');

    const none = await cli(['review', 'edit', 'worker', 'c9', '--text', 'x']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/c9/);
  });

  it("an agent may not edit the comments on a sibling's changes", async () => {
    const { agents } = worker();
    const { hub, home, cli } = await fleet(agents, {}, { collaborativeWaitMs: 300 });
    expect((await cli(['review', 'comment', 'worker', 'app.js:2', 'why 3'])).status).toBe(0);
    const s = script(home, 'editor', ['botster-tui review edit worker c1 --remove']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'editor' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=1']);
    expect(said).toMatch(/may not comment on the changes of agent worker \(id:1\): it did not start it/);
    const left = JSON.parse((await cli(['review', 'comments', 'worker', '--json'])).stdout) as {
      comments: Comment[];
    };
    expect(left.comments.map((c) => c.id)).toEqual(['c1']);
  });
});
