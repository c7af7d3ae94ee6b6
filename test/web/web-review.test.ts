import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { until } from '../wait.js';
import { tempRepo } from '../app/helpers.js';
import { get, webHubs } from './web-hub.js';

// The review of a worktree agent's changes, and the pipelines page, from a real hub.

const start = webHubs();

describe('web: review', () => {
  it('shows what a worktree agent changed, coloured by line, linked from its card', async () => {
    const { repo } = tempRepo();
    onTestFinished(() => fs.rmSync(repo, { recursive: true, force: true }));
    const w = await start([{ command: 'cat', name: 'builder', cwd: repo, worktree: true }]);
    const cwd = await until(
      'its worktree',
      () => w.hub.agents.get('1')?.info.cwd !== repo && w.hub.agents.get('1')?.info.cwd,
      10000,
    );
    fs.writeFileSync(path.join(cwd, 'made.txt'), 'a line the agent wrote\n');
    const { cookie } = await w.login();
    const board = await get(`${w.base}/`, { cookie });
    expect(board.body).toContain('href="/agents/1/diff"');
    const page = await get(`${w.base}/agents/1/diff`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/changes against main/);
    expect(page.body).toContain('<span class="d-add">+a line the agent wrote</span>');
    const runs = await get(`${w.base}/pipelines`, { cookie });
    expect(runs.body).toContain('No pipeline waits for a choice.');
  });
});
