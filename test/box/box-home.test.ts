import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';

// Issue 93, item 6: an agent CLI started in your home gets a box that writes its CLI's folders (and
// a private /tmp) only, not the home: what it would plant there runs outside any box, in your next
// shell, python or git. And a protected name not there yet stays so. A real hub, real bubblewrap;
// each plant works from an unboxed agent (so the test can fail).

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const hasPython = spawnSync('python3', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();

/** The CLI as the user runs it from their own shell, against `home`'s hub. */
function cli(home: string, args: string[]) {
  const env = { ...process.env, CI: 'true', BOTSTER_HOME: home } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30000 });
}

/** `new ARGS`: the id of the agent it started. */
function started(home: string, args: string[]): string {
  const r = cli(home, ['new', '--no-focus', '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { agent: { id: string } }).agent.id;
}

const PLANTS = `
try() { if sh -c "$2" >/dev/null 2>&1; then echo "$1:ok"; else echo "$1:no"; fi; }
try aliases 'echo "alias ls=planted" >> ~/.bash_aliases'
try pth 'd=$(python3 -m site --user-site) && mkdir -p "$d" && echo "import os" > "$d/planted.pth"'
try hook 'printf "#!/bin/sh\\necho planted\\n" > ~/other/.git/hooks/post-checkout'
try gitconfig 'git config --global core.pager planted'
try tool 'echo written > ~/.tool/written'
echo END
`;

/** What each plant got, read off agent `id`'s screen once it said END. */
async function planted(home: string, id: string): Promise<Record<string, string>> {
  const screen = await until(
    `agent ${id} tried`,
    () => {
      const r = userCli(home, ['read', id]);
      return /^END$/m.test(r.stdout) && r.stdout;
    },
    30000,
  );
  const out: Record<string, string> = {};
  for (const m of screen.matchAll(/^(\w+):(ok|no)$/gm)) out[m[1]] = m[2];
  return out;
}

// (CI installs bubblewrap: there the test runs, and fails if it cannot)
describe.skipIf((!hasBwrap || !hasPython) && !process.env.CI)('a box started in your home', () => {
  it(
    'writes only its CLI folders: nothing for your next shell, python or git',
    { timeout: 90000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const work = path.join(user, 'work');
      fs.mkdirSync(work);
      // Another repository of yours under the home, with its hooks.
      expect(spawnSync('git', ['init', '-q', path.join(user, 'other')]).status).toBe(0);
      fs.writeFileSync(path.join(work, 'plants.sh'), PLANTS);
      // The box's CLI writes ~/.tool/ (as clis.define's sandbox.write says for a real CLI's).
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'user', 'hooks.lua'),
        'sandbox.boxes.default.write = { "~/.tool/" }\n',
      );
      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh' });
      const hub = run(['--home', home], 160, 30, { env, cwd: work });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);
      const files = {
        aliases: path.join(user, '.bash_aliases'),
        pth: spawnSync('python3', ['-m', 'site', '--user-site'], { encoding: 'utf8', env }).stdout.trim(),
        hook: path.join(user, 'other', '.git', 'hooks', 'post-checkout'),
        gitconfig: path.join(user, '.gitconfig'),
      };
      expect(files.pth.startsWith(user)).toBe(true);
      const plants = ['sh', '-c', `sh ${path.join(work, 'plants.sh')}; sleep 60`];

      const boxed = started(home, ['--cwd', user, '--sandbox', 'default', '--', ...plants]);
      const inBox = await planted(home, boxed);
      // Its folder, your home, is read-only; what its CLI writes is written.
      expect(inBox).toEqual({ aliases: 'no', pth: 'no', hook: 'no', gitconfig: 'no', tool: 'ok' });
      for (const f of Object.values(files)) expect(fs.existsSync(f), f).toBe(false);
      expect(fs.readFileSync(path.join(user, '.tool', 'written'), 'utf8')).toBe('written\n');
      // The hub says so as it starts, and `sandbox` says the same.
      await waitScreen(hub, /started in your home: the box writes only/);
      const said = cli(home, ['sandbox', boxed]).stdout;
      expect(said).toContain(`writes:   ${path.join(user, '.tool')}/, a private /tmp`);
      expect(said).toContain(`its folder ${user}: read-only (started in your home: the box writes only`);
      expect(said).toContain('start it in a project folder to let it write there');

      // The same from an unboxed agent: every plant takes.
      const open = started(home, ['--cwd', user, '--sandbox', 'off', '--', ...plants]);
      const outside = await planted(home, open);
      expect(outside).toEqual({ aliases: 'ok', pth: 'ok', hook: 'ok', gitconfig: 'ok', tool: 'ok' });
      for (const f of [files.aliases, files.hook, files.gitconfig, path.join(files.pth, 'planted.pth')])
        expect(fs.existsSync(f), f).toBe(true);
    },
  );

  it(
    'in a folder that holds a protected name not there yet (~/.local/bin/), cannot make it',
    { timeout: 60000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const local = path.join(user, '.local');
      fs.mkdirSync(local);
      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh' });
      const hub = run(['--home', home], 120, 30, { env, cwd: local });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);
      const make = (name: string) => [
        'sh',
        '-c',
        `mkdir -p bin && echo ${name} > bin/${name}; echo tried; sleep 60`,
      ];
      const boxed = started(home, ['--cwd', local, '--sandbox', 'default', '--', ...make('boxed')]);
      await until('the box tried', () => /tried/.test(userCli(home, ['read', boxed]).stdout), 30000);
      expect(fs.existsSync(path.join(local, 'bin'))).toBe(false);
      expect(cli(home, ['sandbox', boxed]).stdout).toContain(
        `${path.join(local, 'bin')}/ (not there yet: ${local} is read-only)`,
      );
      // Unboxed, it makes it (what your next login puts on its PATH).
      started(home, ['--cwd', local, '--sandbox', 'off', '--', ...make('open')]);
      await until('made', () => fs.existsSync(path.join(local, 'bin', 'open')), 30000);
    },
  );
});
