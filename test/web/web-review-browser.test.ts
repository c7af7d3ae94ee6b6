import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { until } from '../support/wait.js';
import { tempRepo } from '../support/hub.js';
import { webHubs, CAT_READS_PROMPTS } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers, onBoard } from '../support/web/browser.js';

// Review comments from a real browser (chromium): tap a line of the agent's changes, comment it,
// send the comments; the agent gets them, through the same verbs as the keys and the CLI.

const start = webHubs();
const browser = browsers();

describe.skipIf(NO_BROWSER)('web review comments in a browser', { timeout: 60_000 }, () => {
  it('tap a line, comment it, send: the comment shows under its line, the agent gets the prompt', async () => {
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
    const page = await onBoard(browser, w, '1');
    await page.click('#agent_1 a[href="/agents/1/diff"]');
    await page.waitForSelector('a[data-at="made.txt:2"]');
    await page.click('a[data-at="made.txt:2"]');
    await page.waitForSelector('#comment_form textarea');
    expect(await page.textContent('#comment_form')).toContain('Comment on made.txt:2');
    await page.fill('#comment_form textarea', 'why two lines');
    await page.click('#comment_form button');
    await page.waitForSelector('#comment_c1');
    expect(await page.textContent('#comment_c1')).toBe('  ┃ #1 why two lines');
    expect(w.hub.state.facts.comments['1']?.map((c) => c.text)).toEqual(['why two lines']);
    await page.click('button[name="busy"][value="now"]');
    await page.waitForFunction(() =>
      document.querySelector('.note')?.textContent?.includes('sent 1 comment'),
    );
    expect(await page.textContent('#comment_c1')).toContain('[sent]');
    // (cat asked for no pastes: the prompt came as one line, wrapped on its screen)
    const t = w.hub.agents.get('1')!.terminal;
    const shown = () => Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).join('');
    await until('cat got the prompt', () => shown().includes('1. made.txt:2'), 10000);
    expect(shown()).toContain('why two lines');
  });
});
