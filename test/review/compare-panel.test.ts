// The compare panel on real repositories: several worktree agents' changes side by side (what a
// pipeline's choice shows), its golden frame, and the choose mode's keys: columns that move with
// the selection when not all fit, scrolling together or only the selected one, the next file
// followed by the others, Escape closing it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { press, startHub, tempHome, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...ID, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

// A command of the user's that compares every agent, as pipeline.choose does a run's candidates.
const COMPARE_ALL = `commands.register("t.compare", function(app)
  local ids = {}
  for _, a in ipairs(app.agents) do ids[#ids + 1] = a.id end
  app:open_compare(ids)
  app:set_mode("choose")
end)
`;

const lines = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

/** A repository and three worktree agents: alpha and beta change long.txt (and more), gamma only the README. */
async function compareHub(cols = 100, rows = 24): Promise<Hub> {
  const { repo } = tempRepo();
  fs.writeFileSync(path.join(repo, 'long.txt'), lines('line', 30));
  fs.writeFileSync(path.join(repo, 'README'), 'read me\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'start');
  const hub = await startHub({
    cols,
    rows,
    home: tempHome({ 'user/hooks.lua': COMPARE_ALL }),
    agents: ['alpha', 'beta', 'gamma'].map((name) => ({ command: 'cat', name, cwd: repo, worktree: true })),
  });
  hubs.track(hub);
  await until('the agents started', () => hub.agents.list().length === 3);
  const [alpha, beta, gamma] = ['1', '2', '3'].map((id) => hub.worktrees.of(id)!.path);
  fs.writeFileSync(path.join(alpha, 'long.txt'), lines('alpha', 30));
  fs.writeFileSync(path.join(alpha, 'README'), 'read me\nalpha was here\n');
  fs.writeFileSync(
    path.join(beta, 'long.txt'),
    lines('line', 30).replace('line 3\n', 'beta three\n').replace('line 25\n', 'beta 25\n'),
  );
  fs.writeFileSync(path.join(beta, 'README'), 'beta reads\n');
  git(beta, 'commit', '-q', '-am', 'beta');
  fs.writeFileSync(path.join(gamma, 'README'), 'read me\ngamma too\n');
  return hub;
}

const compare = (hub: Hub) => hub.state.client.compare!;

describe('the compare panel (choose mode)', () => {
  it('golden frame: two of three candidates side by side, the selected one marked; the window follows the selection', async () => {
    const hub = await compareHub();
    await hub.runCommand('t.compare');
    expect(hub.currentMode).toBe('choose');
    const text = await waitForFrame(hub, /▶ alpha · \+31 −30[\s\S]*beta · \+3 −3/);
    expect(text).toMatchSnapshot();
    expect(text).toContain('Changes side by side  ·  candidates 1-2 of 3');
    // The diffs' text, each in its own column, side by side on the same rows.
    expect(text).toMatch(/^┃-line 4\s+┃│\+beta three\s+│$/m);
    // The selected column's border is bold and coloured.
    expect(hub.screen().toAnsi()).toMatch(/\x1b\[[0-9;]*36m┏━\x1b\[[0-9;]*1;36m ▶ alpha/);
    await press(hub, 'l');
    expect(compare(hub).selected).toBe(1);
    await waitForFrame(hub, /▶ beta/);
    await press(hub, '\x1b[C'); // right: the third, and the window moves to it
    const third = await waitForFrame(hub, /candidates 2-3 of 3[\s\S]*▶ gamma · \+1 −0/);
    expect(third).not.toContain('alpha');
    await press(hub, '1');
    await waitForFrame(hub, /candidates 1-2 of 3[\s\S]*▶ alpha/);
  });

  it('j/k scroll every column, J/K only the selected one, ] goes to the next file and the others follow to it; Escape closes', async () => {
    const hub = await compareHub();
    await hub.runCommand('t.compare');
    await waitForFrame(hub, /▶ alpha · \+31 −30[\s\S]*beta · \+3 −3/);
    const [a, b, c] = ['1', '2', '3'];
    expect(compare(hub).agents).toEqual([a, b, c]);
    await press(hub, 'jj');
    // alpha's and beta's diffs are longer than the panel: they move; gamma's fits: it stays.
    expect(compare(hub).tops).toEqual([2, 2, 0]);
    await press(hub, 'l'); // beta
    await press(hub, 'J');
    expect(compare(hub).tops).toEqual([2, 3, 0]);
    await press(hub, 'K');
    await press(hub, 'K');
    expect(compare(hub).tops).toEqual([2, 1, 0]);
    await press(hub, '\x04'); // ctrl+d: a page, every column
    expect(compare(hub).tops[0]).toBeGreaterThan(10);
    const paged = compare(hub).tops[0];
    await press(hub, 'G'); // every column to its end (gamma's fits: it stays)
    expect(compare(hub).tops[0]).toBeGreaterThan(paged);
    expect(compare(hub).tops[2]).toBe(0);
    await press(hub, 'g');
    expect(compare(hub).tops).toEqual([0, 0, 0]);
    // ]: beta's first file (README) at its top; alpha shows its README too.
    await press(hub, 'h'); // alpha
    await press(hub, ']');
    const [alphaReadme] = compare(hub).tops;
    expect(alphaReadme).toBeGreaterThan(0);
    const frame = await waitForFrame(hub, /┃── README  \+1 ──/);
    expect(frame).toMatch(/▶ alpha · \+31 −30 \[\d+\/\d+\]/);
    expect(compare(hub).tops[1]).toBeGreaterThan(0); // beta follows to its README
    await press(hub, ']');
    expect(compare(hub).tops[0]).toBeGreaterThan(alphaReadme); // long.txt
    await press(hub, '\x1b');
    await until('the panel closed', () => !hub.state.client.compare);
    expect(hub.currentMode).toBe('normal');
    await waitForFrame(hub, /Agents/);
  });
});
