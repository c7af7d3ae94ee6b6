import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { exec } from '../support/fleet.js';
import { BIN, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { startMockModel, type MockModel } from '../support/mock-model.js';
import { claudeEnv, claudeHome } from '../support/real-claude.js';

// Review comments sent to a real Claude Code (BOTSTER_TEST_CLIS names the folder of its bin, as
// test/mcp/real-clis.test.ts), talking to the local mock model: what arrives in its input is the
// one prompt, its lines whole (one bracketed paste), sent by one Enter.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

describe.skipIf(!has('claude'))('review comments to a real Claude Code (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  let model: MockModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it('review send: the prompt arrives as one user message, its lines whole', async () => {
    const home = realHome('dot-folder');
    homes.push(home);
    const base = path.dirname(home);
    const user = path.join(base, 'user-home');
    const work = path.join(base, 'work');
    fs.mkdirSync(user);
    fs.mkdirSync(work);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', work, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
        stdio: 'ignore',
      });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(work, 'app.js'), 'const a = 1;\nconst b = 2;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
    const wt = path.join(base, 'work-worktrees', 'w');
    claudeHome(user, [wt], false);
    model = await startMockModel([{ text: 'Noted: I will name them.' }]);
    const env = claudeEnv(user, CLIS!, model.url);
    const r = run(['--home', home], 120, 40, { env, cwd: work });
    running.push(r);
    await waitScreen(r, /\$ /, 20000);
    const cli = (...args: string[]) =>
      exec(process.execPath, [BIN, ...args], { ...env, BOTSTER_HOME: home }, { cwd: work });
    const made = await cli('new', '--name', 'claude', '--worktree', 'w', '--json', '--', 'claude');
    expect(made.stderr).toBe('');
    await until('claude is at its prompt', async () => /❯/.test((await cli('read', 'claude')).stdout), 60000);
    fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 1;\nconst b = 3;\nconst c = a + b;\n');
    expect((await cli('review', 'comment', 'claude', 'app.js:3', 'name it sum')).status).toBe(0);
    expect((await cli('review', 'comment', 'claude', 'app.js:2', 'why 3?')).status).toBe(0);
    const sent = await cli('review', 'send', 'claude', '--busy', 'now', '--json');
    expect(sent.stderr).toBe('');
    const text = (m: Record<string, unknown>) =>
      typeof m.content === 'string'
        ? m.content
        : (m.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('');
    const asked = await until(
      'the model was asked with the review',
      () =>
        model!.requests
          .flatMap((q) => (q.body.messages as Array<Record<string, unknown>> | undefined) ?? [])
          .filter((m) => m.role === 'user')
          .map(text)
          .find((t) => t.includes('Review of your changes')),
      60000,
    );
    console.log(`what arrived in Claude Code's input (its user message to the model):\n${asked}`);
    console.log(`its screen:\n${screen(r.term)}`);
    console.log(`claude's panel:\n${(await cli('read', 'claude')).stdout}`);
    expect(asked).toContain('1. app.js:2\n```diff\n+const b = 3;\n```\nwhy 3?');
    expect(asked).toContain('2. app.js:3\n```diff\n+const c = a + b;\n```\nname it sum');
  }, 240_000);
});
