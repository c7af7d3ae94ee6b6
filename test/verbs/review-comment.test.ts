import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { changedRepo } from '../support/hub.js';
import { until } from '../support/wait.js';
import type { AgentSpec } from '../../src/agents/types.js';

// The review.comment verb through the real CLI (`review comment`): a comment on a changed line of
// an agent's folder (a real git repository), with the diff's snippet, kept in the home; a line past
// the file's end is bad usage; an agent comments on its own changes, not a sibling's.

const fleet = fleetHubs();

/** A repository whose app.js line 2 the agent's folder changed (2 -> 3), and `worker` in it. */
function worker(): { repo: string; agents: AgentSpec[] } {
  const { repo } = changedRepo('const a = 1;\nconst b = 2;\n', 'const a = 1;\nconst b = 3;\n');
  return { repo, agents: [{ command: 'cat', name: 'worker', cwd: repo }] };
}

describe('botster-tui review comment AGENT FILE:LINE TEXT', { timeout: 60_000 }, () => {
  it("comments a changed line with its snippet, kept in the home; a line past the file's end is refused", async () => {
    const { agents } = worker();
    const { cli, home } = await fleet(agents);
    const r = await cli(['review', 'comment', 'worker', 'app.js:2', 'why 3?', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { comment } = JSON.parse(r.stdout) as { comment: Record<string, unknown> };
    expect(comment).toMatchObject({
      id: 'c1',
      file: 'app.js',
      line: 2,
      end: 2,
      side: 'new',
      snippet: ['+const b = 3;'],
      text: 'why 3?',
      state: 'new',
    });
    const kept = fs.readdirSync(path.join(home, 'review'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, 'review', kept[0]), 'utf8')).toContain('why 3?');
    const listed = JSON.parse((await cli(['review', 'comments', 'worker', '--json'])).stdout) as {
      comments: unknown[];
    };
    expect(listed.comments).toEqual([comment]);

    const past = await cli(['review', 'comment', 'worker', 'app.js:9', 'nothing here']);
    expect(past.status).toBe(2);
    expect(past.stderr).toMatch(/app\.js/);
  });

  it("an agent comments on its own changes, not a sibling's", async () => {
    const { repo, agents } = worker();
    const { hub, home } = await fleet(agents, {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'critic', [
      'botster-tui review comment critic app.js:2 mine',
      'botster-tui review comment worker app.js:2 theirs',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'critic', cwd: repo }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=1']);
    expect(said).toMatch(/may not comment on the changes of agent worker \(id:1\): it did not start it/);
  });
});
