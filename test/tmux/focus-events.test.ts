import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/cli.js';

// The hub's tmux surface answers `focus-events` as the hub behaves (issue 94): it passes focus
// reports on, so `tmux show -gv focus-events` (what Claude Code asks before it advises adding
// `set -g focus-events on` to ~/.tmux.conf) says `on`. A program that turned focus reports on
// (DEC mode 1004) hears `ESC [ I` once it has the focus, `ESC [ O` when the focus moves to
// another agent or the user's terminal loses it, and `ESC [ I` when it comes back.

const { running, homes } = stoppedAfterEach();

// Asks the hub's tmux what Claude Code asks, turns focus reports on, and logs what it reads.
const PROGRAM = `
const fs = require('fs');
const { execFileSync } = require('child_process');
const [said, heard] = process.argv.slice(2);
const ask = (args) => {
  try { return JSON.stringify(execFileSync('tmux', args, { encoding: 'utf8' })); }
  catch (e) { return 'failed ' + e.status; }
};
fs.writeFileSync(said, [ask(['show', '-gv', 'focus-events']), ask(['show', '-g', 'focus-events']),
  ask(['display-message', '-p', '#{focus-events}'])].join('\\n') + '\\n');
process.stdin.setRawMode(true);
process.stdout.write('\\x1b[?1004hREADY\\r\\n');
process.stdin.on('data', (d) => fs.appendFileSync(heard, d.toString('latin1').replace(/\\x1b/g, 'ESC') + '\\n'));
`;

describe("the tmux surface's focus-events", () => {
  it('says on, and the focused agent hears focus in and out', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const dir = path.dirname(home);
    const script = path.join(dir, 'focus-program.cjs');
    const [said, heard] = [path.join(dir, 'said.txt'), path.join(dir, 'heard.txt')];
    fs.writeFileSync(script, PROGRAM);
    const cmd = `node '${script}' '${said}' '${heard}'`;
    const r = run(['--home', home, '--agent', cmd, '--agent', 'cat'], 120, 30, { env: ptyEnv() });
    running.push(r);
    await waitScreen(r, /READY/, 20000);
    const answers = await until(
      'its answers',
      () => fs.existsSync(said) && fs.readFileSync(said, 'utf8'),
      20000,
    );
    expect(answers.split('\n').slice(0, 3)).toEqual(['"on\\n"', '"focus-events on\\n"', '"1\\n"']);

    const lines = () =>
      fs.existsSync(heard) ? fs.readFileSync(heard, 'utf8').split('\n').filter(Boolean) : [];
    // It has the focus as it turns the reports on: it hears that at once.
    await until('focus in', () => lines().join(' ') === 'ESC[I', 10000);
    // The focus moves to the other agent, and back.
    hubCli(home, ['focus', '2']);
    await until('focus out', () => lines().join(' ') === 'ESC[I ESC[O', 10000);
    hubCli(home, ['focus', '1']);
    await until('focus in again', () => lines().join(' ') === 'ESC[I ESC[O ESC[I', 10000);
    // The user's terminal loses the focus and gets it back: its own reports, passed on.
    r.pty.write('\x1b[O');
    await until('the terminal lost it', () => lines().length === 4, 10000);
    r.pty.write('\x1b[I');
    await until('the terminal has it again', () => lines().length === 5, 10000);
    expect(lines()).toEqual(['ESC[I', 'ESC[O', 'ESC[I', 'ESC[O', 'ESC[I']);
    // The user's terminal was asked for its focus reports.
    expect(r.output()).toContain('\x1b[?1004h');
  }, 60000);
});
