import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { changedRepo } from '../support/hub.js';
import { until } from '../support/wait.js';
import type { AgentSpec } from '../../src/agents/types.js';

// The review.comments verb through the real CLI (`review comments`): an agent's comments, checked
// against its files first (one whose lines changed before it was sent is stale); an unknown agent
// is refused; an agent's own process may list them (it only looks).

const fleet = fleetHubs();

/** A repository whose app.js the agent's folder changed (lines 1 and 2), and `worker` in it. */
function worker(): { repo: string; agents: AgentSpec[] } {
  const { repo } = changedRepo('const a = 1;\nconst b = 2;\n', 'const a = 5;\nconst b = 3;\n');
  return { repo, agents: [{ command: 'cat', name: 'worker', cwd: repo }] };
}

type Comment = { id: string; file: string; line: number; text: string; state: string };

describe('botster-tui review comments AGENT', { timeout: 60_000 }, () => {
  it('lists the comments, one made stale by a change of its lines; an unknown agent is refused', async () => {
    const { repo, agents } = worker();
    const { cli } = await fleet(agents);
    for (const [at, text] of [
      ['app.js:1', 'why 5'],
      ['app.js:2', 'why 3'],
    ])
      expect((await cli(['review', 'comment', 'worker', at, text])).status).toBe(0);
    const list = async () => {
      const r = await cli(['review', 'comments', 'worker', '--json']);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as { comments: Comment[] }).comments.map((c) => [
        c.id,
        c.file,
        c.line,
        c.text,
        c.state,
      ]);
    };
    expect(await list()).toEqual([
      ['c1', 'app.js', 1, 'why 5', 'new'],
      ['c2', 'app.js', 2, 'why 3', 'new'],
    ]);
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 7;\nconst b = 3;\n');
    expect(await list()).toEqual([
      ['c1', 'app.js', 1, 'why 5', 'stale'],
      ['c2', 'app.js', 2, 'why 3', 'new'],
    ]);

    const none = await cli(['review', 'comments', 'nobody']);
    expect(none.status).toBe(6);
    expect(none.stderr).toMatch(/nobody/);
  });

  it("an agent's own process lists a sibling's comments", async () => {
    const { agents } = worker();
    const { hub, home, cli } = await fleet(agents);
    expect((await cli(['review', 'comment', 'worker', 'app.js:2', 'why 3'])).status).toBe(0);
    const s = script(home, 'looker', ['botster-tui review comments worker']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'looker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0']);
    expect(said).toMatch(/c1 +app\.js:2 +new +why 3/);
  });
});
