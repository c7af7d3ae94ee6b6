import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnPty } from '../../src/pty/pty-process.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { waitDead } from '../support/process-alive.js';
import { ptyEnv, waitScreen, type Running } from '../support/cli-pty.js';
import { sleep } from '../support/hub.js';
import { until } from '../support/wait.js';

// The README's quick start as a newcomer runs it, in a real PTY on this checkout: a fresh HOME, no
// BOTSTER_HOME (so the home is ~/.botster, a dot-folder), `npm start` with $SHELL as the agent.

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

let running: Running[] = [];
afterEach(() => {
  for (const r of running) {
    r.pty.kill('SIGKILL');
    r.pty.dispose();
    r.term.dispose();
  }
  running = [];
});

const layout = (text: string) => `function App:render()
  return ui.column({
    ui.text(${JSON.stringify(text)}),
    ui.panel({ grow = 1, title = "my agent" }, ui.terminal(self.focused)),
  })
end
`;

describe("a newcomer's first run", () => {
  it('npm start, type to the shell, write and edit ~/.botster/user/layout.lua, quit with ctrl+g q; the terminal is restored', async () => {
    const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-newcomer-'));
    const after = path.join(HOME, 'after-quit.txt');
    // A login shell runs `npm start`; what the terminal is like after the hub quits is what the
    // user's shell gets back: `stty -a` tells whether raw mode was left.
    const env = ptyEnv({ HOME, BOTSTER_HOME: undefined, SHELL: '/bin/sh', PS1: '$ ' });
    const cols = 100;
    const rows = 30;
    const term = new HeadlessTerminal({ cols, rows });
    const pty = spawnPty({
      file: '/bin/sh',
      args: ['-c', `npm start; echo "exit=$?" > "${after}"; stty -a >> "${after}"`],
      cwd: REPO,
      env,
      cols,
      rows,
    });
    let out = '';
    pty.onData((d) => {
      out += d;
      term.write(d);
    });
    const exit = new Promise<{ exitCode: number; signal: number | null }>((r) => pty.onExit(r));
    const r: Running = { pty, term, output: () => out, exit, home: path.join(HOME, '.botster') };
    running.push(r);

    await waitScreen(r, /Botster Hub[\s\S]*sh running/, 20000);
    const pidFile = path.join(HOME, 'agent.pid');
    pty.write(`echo $$ > "${pidFile}"; echo "hello-$((6*7))"\r`);
    // The shell ran it: its output, not only the typed line (typed before the first prompt, the
    // prompt lands in front of the output, as in any terminal).
    await waitScreen(r, /│(\$ )?hello-42 /);
    await until(
      'the agent wrote its pid',
      () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '',
    );
    const agentPid = Number(fs.readFileSync(pidFile, 'utf8').trim());

    const home = path.join(HOME, '.botster');
    expect(fs.existsSync(path.join(home, 'user'))).toBe(true); // the hub made ~/.botster/user
    const file = path.join(home, 'user', 'layout.lua');
    fs.writeFileSync(file, layout('MY FIRST LAYOUT'));
    let s = await waitScreen(r, /MY FIRST LAYOUT[\s\S]*my agent/);
    expect(s).toContain('hello-42'); // same agent, same screen
    expect(s).not.toContain('Botster Hub');
    fs.writeFileSync(file, layout('MY EDITED LAYOUT'));
    s = await waitScreen(r, /MY EDITED LAYOUT/);
    expect(s).not.toContain('MY FIRST LAYOUT');

    pty.write('\x07'); // ctrl+g: the hub's keys
    await sleep(100);
    pty.write('q'); // quit asks: detach (the agents keep running) or stop them
    await waitScreen(r, /Quit: detach or stop the agents\?[\s\S]*stop/);
    pty.write('stop\r');
    await until(
      'the hub quit and the shell ran stty',
      () => fs.existsSync(after) && /speed/.test(fs.readFileSync(after, 'utf8')),
    );
    const report = fs.readFileSync(after, 'utf8');
    expect(report).toMatch(/^exit=0$/m);
    expect(report).toMatch(/(^|[\s;])icanon([\s;]|$)/); // line editing back on: raw mode was left
    expect(report).toMatch(/(^|[\s;])echo([\s;]|$)/);
    const leave = out.slice(out.lastIndexOf('\x1b[?1049h'));
    for (const seq of ['\x1b[?1049l', '\x1b[?25h', '\x1b[?1000l', '\x1b[?2004l'])
      expect(leave, JSON.stringify(seq)).toContain(seq);
    expect(await waitDead([agentPid], 4000)).toEqual([]); // no agent left behind
    await exit;
  }, 60000);
});
