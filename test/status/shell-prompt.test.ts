import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';

// Issue 80: an idle shell's row said `running` until 1.5 s of quiet, and again after every
// prompt. A shell that marks no prompt (no OSC 133: bash --norc) is at rest when the kernel says
// so: its terminal's foreground group is its own, nothing of that group runs under it. A command
// it runs (a group of its own) or a script's (the shell's group) is not at rest.

const { running, dotHome } = stoppedAfterEach();

const explain = (home: string, id: string) => userCli(home, ['status', id, '--explain']).stdout;

describe('a shell agent at its own prompt', () => {
  it(
    'is idle by the kernel, not by quiet; a command it runs is not at its prompt',
    { timeout: 60000 },
    async () => {
      const home = dotHome();
      const env = ptyEnv({ SHELL: '/bin/sh', PS1: 'shell$ ' });
      const hub = run(
        [
          '--home',
          home,
          '--agent',
          'bash --norc --noprofile',
          '--agent',
          "sh -c 'while :; do sleep 0.2; done'",
        ],
        100,
        30,
        { env },
      );
      running.push(hub);
      await waitScreen(hub, /Agents: 2/);
      await until(
        'the shell said at its prompt',
        () => /rule "at its shell prompt"/.test(explain(home, '1')),
        10000,
      );
      // A script's commands run in the script's own group: never at a prompt.
      expect(explain(home, '2')).not.toMatch(/at its shell prompt/);
      // A command typed at the prompt takes the foreground: no longer at its prompt while it runs.
      userCli(home, ['send', '1', 'sleep 20', '--keys', 'enter']);
      await until('sleep in the foreground', () => /program sleep/.test(explain(home, '1')), 10000);
      expect(explain(home, '1')).not.toMatch(/at its shell prompt/);
      userCli(home, ['send', '1', '--keys', 'ctrl+c']);
      await until('back at the prompt', () => /rule "at its shell prompt"/.test(explain(home, '1')), 10000);
      // In a box (bubblewrap's processes over it), the same shell is at its prompt all the same.
      if (spawnSync('bwrap', ['--version']).status === 0 || process.env.CI) {
        const made = spawnSync(
          process.execPath,
          [BIN, 'new', '--no-focus', '--sandbox', 'default', '--', 'bash', '--norc', '--noprofile'],
          { encoding: 'utf8', env: { ...process.env, CI: 'true', BOTSTER_HOME: home, BOTSTER_SOCKET: '' } },
        );
        expect(made.status, made.stderr).toBe(0);
        await until(
          'the boxed shell at its prompt',
          () => /rule "at its shell prompt"/.test(explain(home, '3')),
          10000,
        );
        userCli(home, ['send', '3', 'sleep 20', '--keys', 'enter']);
        await until('sleep in the box', () => /program sleep/.test(explain(home, '3')), 10000);
        expect(explain(home, '3')).not.toMatch(/at its shell prompt/);
      }
    },
  );
});
