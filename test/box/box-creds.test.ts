import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { probesOf } from '../support/box-probes.js';

// Issue 93, item 7: a box sees its own CLI's credentials and its own account's folder, no other
// CLI's, no other account's, none of the credential files every box hides, and of the hub's
// environment only what the box lets in (the basics, its CLI's variables). A real hub, real
// bubblewrap: a boxed `claude` (on account one), a boxed `codex` and an unboxed `codex` run the
// same probe script; each line says what one attempt got. Unboxed, every one works (so the test
// can fail).

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();

const FILES: Record<string, string> = {
  'claude-creds': '.claude/.credentials.json',
  'codex-creds': '.codex/auth.json',
  'own-account': 'claude-one/.credentials.json',
  'other-account': 'claude-two/.credentials.json',
  'git-creds': '.config/git/credentials',
  'cargo-creds': '.cargo/credentials',
  'containers-auth': '.config/containers/auth.json',
  'copilot-editor': '.config/github-copilot/hosts.json',
  'copilot-cli': '.copilot/config.json',
};
const VARS = ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY'];

const PROBES = [
  'try() { if eval "$2" >/dev/null 2>&1; then echo "$1:ok"; else echo "$1:no"; fi; }',
  ...Object.entries(FILES).map(([n, f]) => `try ${n} "grep -q SECRET $HOME/${f}"`),
  ...VARS.map((v) => `try ${v} "printenv ${v}"`),
  'echo END',
].join('\n');

/** The CLI as the user runs it from their own shell, against `home`'s hub. */
function cli(home: string, args: string[]) {
  const env = { ...process.env, CI: 'true', BOTSTER_HOME: home } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30000 });
}

describe.skipIf(!hasBwrap && !process.env.CI)('a box sees its own credentials only', () => {
  it(
    "another CLI's, another account's, the hidden credential files and the hub's tokens: in no box",
    { timeout: 120000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      for (const f of Object.values(FILES)) {
        fs.mkdirSync(path.dirname(path.join(user, f)), { recursive: true });
        fs.writeFileSync(path.join(user, f), 'SECRET\n');
      }
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'user', 'accounts.lua'),
        'accounts.define("one", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/claude-one" } })\n' +
          'accounts.define("two", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/claude-two" } })\n',
      );
      // Fake CLIs by the real ones' names (what makes their boxes theirs): each runs the probes.
      const bin = path.join(user, 'fake-bin');
      fs.mkdirSync(bin);
      for (const name of ['claude', 'codex'])
        fs.writeFileSync(
          path.join(bin, name),
          '#!/bin/sh\nsh ./probe.sh > probe.out 2>&1\nexec sleep 300\n',
          { mode: 0o755 },
        );
      const dirs = { claude: 'boxed-claude', codex: 'boxed-codex', open: 'open-codex' };
      for (const d of Object.values(dirs)) {
        fs.mkdirSync(path.join(user, d));
        fs.writeFileSync(path.join(user, d, 'probe.sh'), PROBES);
      }
      const env = ptyEnv({
        HOME: user,
        SHELL: '/bin/sh',
        PATH: `${bin}:${process.env.PATH}`,
        GITHUB_TOKEN: 'ghp_SECRET',
        AWS_SECRET_ACCESS_KEY: 'SECRET',
        ANTHROPIC_API_KEY: 'sk-ant-SECRET',
        OPENAI_API_KEY: 'sk-SECRET',
      });
      const hub = run(['--home', home], 120, 40, { env, cwd: user });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);
      for (const [dir, box, program] of [
        [dirs.claude, 'default', 'claude'],
        [dirs.codex, 'default', 'codex'],
        [dirs.open, 'off', 'codex'],
      ]) {
        const r = cli(home, [
          'new',
          '--no-focus',
          '--cwd',
          path.join(user, dir),
          '--sandbox',
          box,
          '--',
          program,
        ]);
        expect(r.status, r.stderr).toBe(0);
      }
      const out = (d: string) => path.join(user, d, 'probe.out');
      for (const d of Object.values(dirs))
        await until(
          `${d} probed`,
          () => fs.existsSync(out(d)) && /END/.test(fs.readFileSync(out(d), 'utf8')),
          60000,
        );
      const agents = JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<{
        cwd: string;
        account?: string;
        box?: unknown;
      }>;
      const claude = agents.find((a) => a.cwd.endsWith(dirs.claude));
      expect(claude?.account).toBe('one');
      expect(claude?.box).toBeTruthy();
      const got = Object.fromEntries(Object.entries(dirs).map(([k, d]) => [k, probesOf(out(d))]));
      const names = [...Object.keys(FILES), ...VARS];
      // Unboxed, each one is there (the probes can tell)...
      for (const n of names) expect(`open ${n}:${got.open[n]}`).toBe(`open ${n}:ok`);
      // ...in a box, its own CLI's credentials, its own account and its CLI's variables only.
      const seen = {
        claude: ['own-account', 'ANTHROPIC_API_KEY'],
        codex: ['codex-creds', 'OPENAI_API_KEY'],
      };
      for (const box of ['claude', 'codex'] as const)
        for (const n of names)
          expect(`${box} ${n}:${got[box][n]}`).toBe(`${box} ${n}:${seen[box].includes(n) ? 'ok' : 'no'}`);
    },
  );
});
