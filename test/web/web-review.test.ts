import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { until } from '../support/wait.js';
import { tempRepo } from '../support/hub.js';
import { get, post, webHubs, CAT_READS_PROMPTS } from '../support/web/web-hub.js';

// The review of a worktree agent's changes, and the pipelines page, from a real hub.

const start = webHubs();

describe('web: review', () => {
  it('shows what a worktree agent changed, coloured by line, linked from its card', async () => {
    const { repo } = tempRepo();
    onTestFinished(() => fs.rmSync(repo, { recursive: true, force: true }));
    const w = await start(
      [{ command: 'cat', name: 'builder', cwd: repo, worktree: true }],
      CAT_READS_PROMPTS,
    );
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
    expect(page.body).toMatch(
      /<a class="d-add" href="\/agents\/1\/diff\?at=made.txt:1" data-at="made.txt:1">\+a line the agent wrote<\/a>/,
    );
    const runs = await get(`${w.base}/pipelines`, { cookie });
    expect(runs.body).toContain('No pipeline waits for a choice.');
  });
});

describe('web: review comments', () => {
  it('the diff page lists comments under their lines, comments a line, sends them (the review_* verbs)', async () => {
    const { repo } = tempRepo();
    onTestFinished(() => fs.rmSync(repo, { recursive: true, force: true }));
    const w = await start(
      [{ command: 'cat', name: 'builder', cwd: repo, worktree: true }],
      CAT_READS_PROMPTS,
    );
    const cwd = await until(
      'its worktree',
      () => w.hub.agents.get('1')?.info.cwd !== repo && w.hub.agents.get('1')?.info.cwd,
      10000,
    );
    fs.writeFileSync(path.join(cwd, 'made.txt'), 'one\ntwo\n');
    const { cookie, csrf } = await w.login();
    let page = await get(`${w.base}/agents/1/diff`, { cookie });
    expect(page.body).toContain('href="/agents/1/diff?at=made.txt:2"');
    page = await get(`${w.base}/agents/1/diff?at=made.txt:2`, { cookie });
    expect(page.body).toContain('Comment on made.txt:2');
    const sent = await post(
      w.base,
      '/agents/1/comment',
      { at: 'made.txt:2', text: 'why two' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(sent.status).toBe(303);
    page = await get(`${w.base}/agents/1/diff`, { cookie });
    expect(page.body).toMatch(/\+two<\/a>\n<span class="d-comment" id="comment_c1"> {2}┃ #1 why two<\/span>/);
    expect(page.body).toContain('send 1 comment to builder');
    // (cat says nothing of its turns: the hub may take it for at work, and would ask)
    await post(w.base, '/agents/1/review/send', { busy: 'now' }, { cookie, 'x-csrf-token': csrf });
    await until('cat got the prompt', () => w.hub.agents.get('1')!.terminal.lineText(0).length > 0, 10000);
    page = await get(`${w.base}/agents/1/diff`, { cookie });
    expect(page.body).toContain('[sent]');
  });
});

describe('web: a removed line and an added line at the same number', () => {
  it('are two places on the diff page: each taps to its own form, each comment drawn under its own row', async () => {
    const { repo, git } = tempRepo();
    onTestFinished(() => fs.rmSync(repo, { recursive: true, force: true }));
    fs.writeFileSync(path.join(repo, 'made.txt'), 'one\ntwo\n');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'start');
    const w = await start(
      [{ command: 'cat', name: 'builder', cwd: repo, worktree: true }],
      CAT_READS_PROMPTS,
    );
    const cwd = await until(
      'its worktree',
      () => w.hub.agents.get('1')?.info.cwd !== repo && w.hub.agents.get('1')?.info.cwd,
      10000,
    );
    fs.writeFileSync(path.join(cwd, 'made.txt'), 'one\nTWO\n');
    const { cookie, csrf } = await w.login();
    let page = await get(`${w.base}/agents/1/diff`, { cookie });
    // the removed line is a place too, named as the CLI and the prompt name it
    expect(page.body).toContain(
      '<a class="d-del" href="/agents/1/diff?at=made.txt:2+(removed)" data-at="made.txt:2 (removed)">-two</a>',
    );
    expect(page.body).toContain(
      '<a class="d-add" href="/agents/1/diff?at=made.txt:2" data-at="made.txt:2">+TWO</a>',
    );
    page = await get(`${w.base}/agents/1/diff?at=made.txt:2+(removed)`, { cookie });
    expect(page.body).toContain('Comment on made.txt:2 (removed)');
    expect(page.body).toContain('name="at" value="made.txt:2 (removed)"');
    for (const [at, text] of [
      ['made.txt:2 (removed)', 'why drop two'],
      ['made.txt:2', 'why shout'],
    ]) {
      const made = await post(w.base, '/agents/1/comment', { at, text }, { cookie, 'x-csrf-token': csrf });
      expect(made.status).toBe(303);
      expect(made.headers.location).toBe('/agents/1/diff');
    }
    expect(w.hub.state.facts.comments['1']?.map((c) => `${c.side} ${c.snippet.join('|')}`)).toEqual([
      'old -two',
      'new +TWO',
    ]);
    page = await get(`${w.base}/agents/1/diff`, { cookie });
    expect(page.body).toMatch(
      /-two<\/a>\n<span class="d-comment" id="comment_c1"> {2}┃ #1 why drop two<\/span>\n<a class="d-add"[^>]*>\+TWO<\/a>\n<span class="d-comment" id="comment_c2"> {2}┃ #2 why shout<\/span>/,
    );
  });
});
