import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { findNative } from '../../src/wire/find-native.js';
import { until } from '../support/wait.js';

// A boxed agent's own commands take the same short way as an unboxed one's (issue 83): in a real
// bubblewrap box its botster-tui (the native client's copy in the hub's bin/) reaches the server
// through the boxes' socket folder, and the server runs `report`, `push FILE` (the file as the
// client read it) and `tmux` for it, which the client's trace says. Before, the server refused the
// box's socket path as "another hub's" and a boxed push failed outright.

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const native = findNative('botster-tui').path;
const { running, dotHome } = stoppedAfterEach();

const SCRIPT = `
export BOTSTER_TRACE="$PWD/trace.log"
printf 'keys.bind("normal", "f8", function(app) app:notify("from the box") end)\\n' > boxed.lua
botster-tui push boxed.lua > push.out 2> push.err; echo "push:$?" >> codes
botster-tui report --state running --reason "in the box"; echo "report:$?" >> codes
tmux display -p '#{pane_id}' > tmux.out; echo "tmux:$?" >> codes
echo END >> codes
`;

describe.skipIf((!hasBwrap && !process.env.CI) || !native)(
  "a boxed agent's commands, run by the server",
  () => {
    it('push, report and tmux from inside the box: answered by the server, not a node of the box', async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const boxed = path.join(user, 'boxed work');
      fs.mkdirSync(boxed);
      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', PS1: '$ ' });
      const hub = run(['--home', home, '--agent', 'bash --norc --noprofile'], 120, 40, { env, cwd: user });
      running.push(hub);
      await waitScreen(hub, /Agents: 1/);
      const made = spawnSync(
        process.execPath,
        [
          BIN,
          'new',
          '--home',
          home,
          '--no-focus',
          '--cwd',
          boxed,
          '--sandbox',
          'default',
          '--',
          'bash',
          '--norc',
        ],
        { encoding: 'utf8', env: { ...env, CI: 'true' } },
      );
      expect(made.status, made.stderr).toBe(0);
      fs.writeFileSync(path.join(boxed, 'probe.sh'), SCRIPT);
      userCli(home, ['send', '2', 'sh ./probe.sh', '--keys', 'enter']);
      const codes = await until(
        'the probe ran',
        () => {
          const f = path.join(boxed, 'codes');
          return fs.existsSync(f) && /END/.test(fs.readFileSync(f, 'utf8')) && fs.readFileSync(f, 'utf8');
        },
        60000,
      );
      const read = (f: string) => fs.readFileSync(path.join(boxed, f), 'utf8');
      expect(codes, read('push.err')).toBe('push:0\nreport:0\ntmux:0\nEND\n');
      expect(JSON.parse(read('push.out'))).toMatchObject({ decision: 'autonomous', live: true });
      expect(read('tmux.out')).toBe('%2\n');
      const trace = read('trace.log');
      for (const command of ['push', 'report', 'tmux'])
        expect(trace).toContain(`client: the server ran ${command}`);
      // The hub has it: the improvement live, the agent's report.
      const agents = JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<{
        id: string;
        reason: string;
      }>;
      expect(agents.find((a) => a.id === '2')?.reason).toBe('in the box');
      expect(fs.existsSync(path.join(home, 'improvements', 'boxed.lua'))).toBe(true);
    });
  },
);
