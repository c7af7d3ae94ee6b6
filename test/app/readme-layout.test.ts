// The README's own example layout, saved as user/layout.lua, must not blind the hub: the review
// panel (v) and a pipeline's compare panel (choose mode) are shown whatever a layout returns,
// unless it places them itself; the example composes the agent list and the pipeline panel.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { press, startHub, tempHome, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...ID, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The layout the README tells a newcomer to save, as the README has it now. */
function readmeLayout(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = /```lua\n(-- ~\/\.botster\/user\/layout\.lua\n[\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no user/layout.lua example');
  return m[1];
}

// A command of the user's that compares every agent, as pipeline.choose does a run's candidates.
const COMPARE_ALL = `commands.register("t.compare", function(app)
  local ids = {}
  for _, a in ipairs(app.agents) do ids[#ids + 1] = a.id end
  app:open_compare(ids)
  app:set_mode("choose")
end)
`;

/** Two worktree agents of one repository, each with a change, under the given layout. */
async function hubWith(layout: string): Promise<Hub> {
  const { repo } = tempRepo();
  fs.writeFileSync(path.join(repo, 'notes.txt'), 'one\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'start');
  const hub = await startHub({
    cols: 120,
    rows: 30,
    home: tempHome({ 'user/layout.lua': layout, 'user/hooks.lua': COMPARE_ALL }),
    agents: ['alpha', 'beta'].map((name) => ({ command: 'cat', name, cwd: repo, worktree: true })),
  });
  hubs.track(hub);
  await until('the agents started', () => hub.agents.list().length === 2);
  for (const id of ['1', '2']) {
    const wt = hub.worktrees.of(id)!.path;
    fs.writeFileSync(path.join(wt, 'notes.txt'), `one\nchanged by ${id === '1' ? 'alpha' : 'beta'}\n`);
  }
  return hub;
}

describe("the README's example layout", () => {
  it('shows the agent list, and the review panel v opens beside it', async () => {
    const hub = await hubWith(readmeLayout());
    await waitForFrame(hub, /My hub[\s\S]*Agents[\s\S]*alpha[\s\S]*beta/);
    await press(hub, '\x07v');
    expect(hub.currentMode).toBe('review');
    const frame = await waitForFrame(hub, /vs main: 1 file \+1 −0[\s\S]*\+changed by alpha/);
    expect(frame).toContain('My hub'); // beside the user's layout, not instead of it
    await press(hub, 'v'); // closed: the layout alone again
    await until('the review panel closed', () => !/changed by alpha/.test(hub.screen().toText()));
  });

  it("shows a choice's compare panel above it, the candidates nobody could see before", async () => {
    const hub = await hubWith(readmeLayout());
    await waitForFrame(hub, /My hub/);
    await hub.runCommand('t.compare');
    expect(hub.currentMode).toBe('choose');
    const frame = await waitForFrame(hub, /\+changed by alpha[\s\S]*\+changed by beta/);
    expect(frame).toContain('Changes side by side');
    expect(frame).toContain('My hub');
  });

  it('a layout that places the diff itself gets no second one', async () => {
    const own = `function App:render()
  return ui.column({ ui.text("mine"), ui.row({ grow = 1, self:terminal_panel(), self:review_panel({ title = "my review" }) }) })
end
`;
    const hub = await hubWith(own);
    await press(hub, '\x07v');
    const frame = await waitForFrame(hub, /my review[\s\S]*\+changed by alpha/);
    expect(frame.match(/\+changed by alpha/g)).toHaveLength(1);
  });
});
