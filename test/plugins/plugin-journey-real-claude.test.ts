import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { claudeEnv, claudeMcpConnected, claudeUser, useMockModel } from '../support/real-claude.js';
import { cli, lockEntry } from '../support/plugin-source.js';

// Issue 85's whole journey with a real Claude Code (BOTSTER_TEST_CLIS; see docs/mcp.md): in a
// real hub, the agent pushes an improvement through the hub's MCP server, looks at it live
// (snapshot), having checked it first, turns it into a plugin folder in its own folder (plugin_from_improvement: a
// manifest read from the code, a golden-frame test that passes) and runs that test itself with
// `botster-tui test`. The user publishes the folder as a git repository listed in an index (a
// local git repository); a second hub's home names the index, finds the plugin by a word, sees its
// card and pin, adds it pinned, and its golden-frame test passes there.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const hasClaude = !!CLIS && fs.existsSync(path.join(CLIS, 'claude'));

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const GREET = 'layout.piece("status.right", "greet", function(app) return "hello-from-greet" end)\n';

/** `git ARGS` in `dir`, as a user with a name. */
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.email=u@u', '-c', 'user.name=u', ...args], {
    encoding: 'utf8',
  });

/** Presses Enter on each of Claude's permission questions until `done` says so. */
async function answerYes(r: Running, what: string, done: () => unknown, ms: number): Promise<void> {
  let last = '';
  await until(
    what,
    () => {
      if (done()) return true;
      const s = screen(r.term);
      // (one Enter per question drawn: a question seen again a moment later is the same one)
      const q = /Do you want to proceed\?[\s\S]*/.exec(s)?.[0] ?? '';
      if (q && q !== last) {
        last = q;
        r.pty.write('\r');
      } else if (!q) last = '';
      return false;
    },
    ms,
  );
}

describe.skipIf(!hasClaude)('an improvement to a plugin another hub installs (real Claude Code)', () => {
  const { running, homes } = stoppedAfterEach();
  const mock = useMockModel();

  it('pushes, looks, makes a plugin with a passing golden test; a second hub finds, installs pinned, its test passes', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    const model = await mock.start([
      { tool: 'check', input: { name: 'greet', source: GREET } },
      { tool: 'push', input: { name: 'greet', source: GREET } },
      { tool: 'snapshot', input: {} },
      { tool: 'plugin_from_improvement', input: { name: 'greeter', improvement: 'greet', dir: 'greeter' } },
      { tool: 'Bash', input: { command: 'botster-tui test greeter', description: 'Run its golden test' } },
      { text: 'Made the greeter plugin; its test passes.' },
    ]);
    const r = run(['--home', home], 120, 40, { env: claudeEnv(user, CLIS!, model.url), cwd: work });
    running.push(r);
    await waitScreen(r, /\$ /, 20000);
    r.pty.write('claude\r');
    await claudeMcpConnected(user);
    await waitScreen(r, /❯/, 30000);
    r.pty.write('make a status piece that greets, then a plugin of it');
    await new Promise((res) => setTimeout(res, 300));
    r.pty.write('\r');
    await answerYes(
      r,
      'claude said it is done',
      () => /Made the greeter plugin/.test(screen(r.term)),
      180000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${model.results().join('\n---\n')}`);
    });
    const results = model.results();
    console.log(`what the tools answered the model:\n${results.join('\n---\n')}`);

    // Checked first (loads, registers its piece; nothing live yet), then pushed and live; the look
    // at the hub shows the piece.
    const checked = JSON.parse(results.find((t) => t.includes('"loads"'))!);
    expect(checked).toMatchObject({ loads: true, errors: [] });
    expect(checked.registers.pieces).toEqual([
      expect.objectContaining({ slot: 'status.right', name: 'greet' }),
    ]);
    expect(JSON.parse(results.find((t) => t.includes('"decision"'))!)).toMatchObject({ live: true });
    expect(results.some((t) => t.includes('hello-from-greet'))).toBe(true);
    // The plugin folder in its own folder, its manifest read from the code, its golden test passing.
    const made = JSON.parse(results.find((t) => t.includes('"capabilities"'))!) as {
      dir: string;
      capabilities: string[];
      test: { passed: boolean };
    };
    const dir = path.join(work, 'greeter');
    expect(made).toMatchObject({ dir, capabilities: ['pieces'], test: { passed: true } });
    expect(fs.readFileSync(path.join(dir, 'init.lua'), 'utf8')).toBe(GREET);
    // Its own run of the test, through Claude's Bash tool (the hub's botster-tui on its PATH).
    expect(results.some((t) => /^1 passed, 0 failed$/m.test(t))).toBe(true);
    // Nothing was installed in the home it was made in.
    expect(lockEntry(home, 'greeter')).toBeNull();

    // The user publishes it: the folder a git repository, listed in an index that is one too.
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'greeter, from the improvement greet');
    const pin = git(dir, 'rev-parse', 'HEAD').trim();
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster second '));
    dirs.push(base);
    const index = path.join(base, 'the index');
    fs.mkdirSync(index);
    git(index, 'init', '-q', '-b', 'main');
    fs.writeFileSync(
      path.join(index, 'botster-plugins.json'),
      JSON.stringify({ plugins: [{ name: 'greeter', source: `file://${dir}`, keywords: ['greeting'] }] }),
    );
    git(index, 'add', '-A');
    git(index, 'commit', '-q', '-m', 'index');

    // A second hub's home names the index in its Lua, finds the plugin, its card and its pin.
    const home2 = path.join(base, 'second home');
    homes.push(home2);
    fs.mkdirSync(path.join(home2, 'user'), { recursive: true });
    fs.writeFileSync(path.join(home2, 'user', 'init.lua'), `plugins.index("file://${index}")\n`);
    const found = cli(home2, ['plugin', 'search', 'greeting']);
    expect(found.status, found.stderr).toBe(0);
    expect(found.stdout).toContain('greeter');
    expect(found.stdout).toContain(`@ ${pin.slice(0, 12)}`);
    const info = JSON.parse(cli(home2, ['plugin', 'info', 'greeter', '--json']).stdout);
    expect(info).toMatchObject({ pin, installed: false });
    // (a status piece only: nothing on the card to fear)
    expect(info.card).toEqual([
      'runs no program, reaches no network, reads no file, binds no key, drives no agent',
    ]);
    // Added by its name: the card said before the grant, pinned at the index's commit.
    const added = cli(home2, ['plugin', 'add', 'greeter', '--grant', 'all']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toContain(info.card[0]);
    expect(lockEntry(home2, 'greeter')).toMatchObject({ commit: pin, enabled: true });
    // Its golden-frame test passes there.
    const there = cli(home2, ['test']);
    expect(there.status, there.stdout + there.stderr).toBe(0);
    expect(there.stdout).toMatch(/✓ .*greeter_test\.lua/);
    expect(there.stdout).toMatch(/^1 passed, 0 failed$/m);
  }, 300_000);
});
