import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, waitDead } from '../support/process-alive.js';
import { tempHome } from '../support/hub.js';
import {
  BIN,
  TTY_PATHS,
  onPath,
  quitWith,
  run,
  screen,
  waitScreen,
  stoppedAfterEach,
} from '../support/cli-pty.js';

const { running } = stoppedAfterEach();

describe.each(TTY_PATHS)('botster-tui in a real PTY (keys and frames: %s)', (_, way) => {
  onPath(way.env);

  it('shows the hub, passes keys to the agent, and quits (stop) restoring the terminal', async () => {
    const r = run(['--home', tempHome(), '--agent', 'cat']);
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*cat running/);
    r.pty.write('hello from the test\r');
    await waitScreen(r, /hello from the test[^\n]*\n[^\n]*hello from the test/);
    r.pty.write('\x07'); // ctrl+g: hub keys
    await waitScreen(r, /NORMAL/);
    await quitWith(r, 'stop');
    const { exitCode } = await r.exit;
    expect(exitCode).toBe(0);
    const out = r.output();
    expect(out).toContain('the hub server stopped (app.quit)');
    expect(out).toContain('\x1b[?1049h'); // entered the alternate screen...
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('\x1b[?1049h')); // ...and left it
    expect(out.slice(out.lastIndexOf('\x1b[?1049l') - 40)).toContain('\x1b[?25h'); // cursor shown again
  });

  it('a copy reaches the terminal as OSC 52, a bracketed paste reaches the agent', async () => {
    const r = run(['--home', tempHome(), '--agent', 'cat']);
    running.push(r);
    await waitScreen(r, /Botster Hub[\s\S]*INSERT/);
    r.pty.write('\x1b[200~pasted line\x1b[201~\r');
    await waitScreen(r, /pasted line[^\n]*\n[^\n]*pasted line/);
    r.pty.write('\x07y'); // select: the cursor starts on cat's empty line
    await waitScreen(r, /COPY|select/i);
    r.pty.write('ky'); // up to "pasted line", copy
    await waitScreen(r, /NORMAL/);
    const osc = `\x1b]52;c;${Buffer.from('pasted line').toString('base64')}\x07`;
    for (let t = Date.now(); !r.output().includes(osc) && Date.now() - t < 10000;)
      await new Promise((res) => setTimeout(res, 50));
    expect(r.output()).toContain(osc);
  });

  it("the terminal resized (SIGWINCH to the client): the hub draws at the new size, the agent gets its panel's size", async () => {
    const r = run(['--home', tempHome(), '--agent', 'sh'], 100, 30);
    running.push(r);
    await waitScreen(r, /Botster Hub\s+100x30[\s\S]*INSERT/);
    r.term.resize(130, 40);
    r.pty.resize(130, 40);
    await waitScreen(r, /Botster Hub\s+130x40/);
    r.pty.write('stty size\r');
    const shown = await waitScreen(r, /│(\d+) (\d+)\s*│/);
    const [, rows, cols] = /│(\d+) (\d+)\s*│/.exec(shown)!.map(Number);
    expect(rows).toBeGreaterThan(30);
    expect(cols).toBeGreaterThan(80);
    expect(screen(r.term).split('\n')[39]).toMatch(/INSERT/);
  });
});

describe('botster-tui in a real PTY, read through a headless terminal', () => {
  it('SIGTERM to the hub server leaves no child process behind', async () => {
    const home = tempHome();
    const pidFile = (n: number) => path.join(home, `pid${n}`);
    const r = run([
      '--home',
      home,
      '--agent',
      `sh -c 'echo $$ > ${pidFile(1)}; exec sleep 100'`,
      '--agent',
      `sh -c 'trap "" HUP; echo $$ > ${pidFile(2)}; sleep 100; sleep 100'`,
    ]);
    running.push(r);
    await waitScreen(r, /Botster Hub/);
    // (a pid file is made empty, then written: read once its line is whole)
    const pidIn = (n: number) => {
      const text = fs.existsSync(pidFile(n)) ? fs.readFileSync(pidFile(n), 'utf8') : '';
      return /^\d+\n$/.test(text) ? Number(text) : null;
    };
    const end = Date.now() + 5000;
    while (!(pidIn(1) && pidIn(2)) && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
    const pids = [1, 2].map((n) => pidIn(n) ?? 0);
    expect(pids.every(isAlive)).toBe(true);
    const server = JSON.parse(
      execFileSync(process.execPath, [BIN, 'ls', '--json', '--home', home], { encoding: 'utf8' }),
    ).pid as number;
    process.kill(server, 'SIGTERM');
    await r.exit;
    expect(await waitDead([server], 4000)).toEqual([]);
    expect(await waitDead(pids, 4000)).toEqual([]);
    expect(r.output()).toContain('\x1b[?1049l');
  });

  it('--help, --version, an unknown flag and an unreadable --layout', () => {
    expect(execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })).toContain(
      'botster-tui snapshot',
    );
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toMatch(
      /^\d+\.\d+\.\d+/,
    );
    const fails = (args: string[]) => {
      try {
        execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        const e = err as { status: number; stderr: string };
        return { status: e.status, stderr: e.stderr };
      }
      throw new Error('expected failure');
    };
    const unknown = fails(['--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/bogus/);
    const layout = fails(['snapshot', '--layout', '/nonexistent/layout.lua']);
    expect(layout.status).toBe(2);
    expect(layout.stderr).toContain('cannot read --layout /nonexistent/layout.lua');
  });

  it('the snapshot command prints the final frame without a terminal', () => {
    const out = execFileSync(
      process.execPath,
      [
        BIN,
        'snapshot',
        '--home',
        tempHome(),
        '--size',
        '80x24',
        '--wait',
        '200',
        '--agent',
        'echo from snapshot',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      },
    );
    const lines = out.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(24);
    expect(out).toContain('Botster Hub');
    expect(out).toContain('from snapshot');
  });

  it('a binding from user/keybindings.lua acts, and ctrl+c interrupts a sleep in the agent while the hub runs on', async () => {
    const home = tempHome({
      'user/keybindings.lua':
        'keys.bind("normal", "e", function(app) app:spawn("echo spawned by my key") end, { desc = "Echo" })',
    });
    const r = run(['--home', home, '--agent', 'sh']);
    running.push(r);
    await waitScreen(r, /sh running/);
    r.pty.write('sleep 30; echo after\r');
    await new Promise((res) => setTimeout(res, 300));
    r.pty.write('\x03'); // ctrl+c goes to the agent
    await waitScreen(r, /\^C/);
    r.pty.write('echo alive $((6*7))\r');
    await waitScreen(r, /alive 42/);
    expect(screen(r.term)).not.toMatch(/│after\s*│/); // the sleep was interrupted: no "after" line
    r.pty.write('\x07e'); // ctrl+g then the user's key
    await waitScreen(r, /spawned by my key/);
    await quitWith(r, 'detach');
    expect((await r.exit).exitCode).toBe(0);
  });

  it('snapshot --keys drives the real keymap before the final frame', () => {
    const snap = (keys: string) =>
      execFileSync(
        process.execPath,
        [
          BIN,
          'snapshot',
          '--home',
          tempHome(),
          '--size',
          '80x24',
          '--wait',
          '200',
          '--agent',
          'echo one',
          '--agent',
          'echo two',
          '--keys',
          keys,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, CI: 'true' },
        },
      );
    const moved = snap('ctrl+g j');
    expect(moved).toMatch(/╭─ echo-2 \(exited 0\)/); // agent 2 is focused
    expect(moved).toContain('NORMAL');
    expect(snap('ctrl+g ?')).toContain('Keys — normal mode'); // the help overlay
  });

  it('check prints what a file registers, or file:line errors with exit 1', () => {
    const home = tempHome({
      'good.lua':
        'keys.bind("normal", "n", "agent.next", { desc = "Next" })\ncommands.register("x.y", function() end, { desc = "XY" })\nhooks.on("agent_exited", function() end, { name = "bye", priority = hooks.LATE })',
      'bad.lua': 'keys.bind("normal", "n", "agent.next")\nlocal x = = 1',
    });
    const good = execFileSync(process.execPath, [BIN, 'check', path.join(home, 'good.lua')], {
      encoding: 'utf8',
    });
    expect(good).toContain('good.lua: ok');
    expect(good).toMatch(/binding\s+normal\s+n\s+agent\.next\s+Next/);
    expect(good).toMatch(/command\s+x\.y\s+XY/);
    expect(good).toMatch(/hook\s+agent_exited\s+bye\s+priority 50/);
    try {
      execFileSync(process.execPath, [BIN, 'check', path.join(home, 'bad.lua')], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
      throw new Error('expected exit 1');
    } catch (err) {
      const e = err as { status: number; stdout: string };
      expect(e.status).toBe(1);
      expect(e.stdout).toMatch(/bad\.lua:2: unexpected symbol near '='/);
    }
  });

  it('editing user/layout.lua while the hub runs redraws it; a broken save shows file:line and typing still works', async () => {
    const lay = (t: string) =>
      `function App:render() return ui.column({ ui.text("${t}"), ui.panel({ grow = 1 }, ui.terminal(self.focused)) }) end\n`;
    const home = tempHome({ 'user/layout.lua': lay('LIVE ONE') });
    const r = run(['--home', home, '--agent', 'cat']);
    running.push(r);
    await waitScreen(r, /LIVE ONE/);
    await new Promise((res) => setTimeout(res, 300)); // the watcher starts after the first frame
    fs.writeFileSync(path.join(home, 'user/layout.lua'), lay('LIVE TWO'));
    await waitScreen(r, /LIVE TWO/);
    fs.writeFileSync(path.join(home, 'user/layout.lua'), 'function App:render(\n');
    await waitScreen(r, /user\/layout\.lua:2: .*expected/);
    r.pty.write('typed after the error\r');
    await waitScreen(r, /typed after the error[^\n]*\n[^\n]*typed after the error/);
    expect(screen(r.term)).toContain('LIVE TWO');
  });

  it('an agent sees the running hub through snapshot --live (its env names the socket), keys included', async () => {
    // (Its j shows cat, an agent it did not start: that needs drive rights, here opened to every agent.)
    const home = tempHome({ 'user/settings.lua': 'settings.agents_drive_others = true\n' });
    const out = path.join(home, 'live.txt');
    const agentCmd = `sh -c 'sleep 0.8; node ${BIN} snapshot --live --keys "ctrl+g j" > ${out} 2>&1; echo SOCKET=$BOTSTER_SOCKET; sleep 30'`;
    const r = run(['--home', home, '--agent', agentCmd, '--agent', 'cat']);
    running.push(r);
    const end = Date.now() + 10000;
    while (!(fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('Botster Hub')) && Date.now() < end)
      await new Promise((res) => setTimeout(res, 50));
    const live = fs.readFileSync(out, 'utf8');
    expect(live).toContain('Botster Hub');
    expect(live).toContain('NORMAL'); // the keys went to the live hub
    expect(live).toMatch(/╭─ cat /); // ...and j focused the second agent
    await waitScreen(r, /NORMAL/);
    expect(fs.statSync(path.join(home, 'hub.sock')).mode & 0o777).toBe(0o600);
  });

  it('quitting records the agents; --restore starts them again', async () => {
    const home = tempHome();
    const first = run(['--home', home, '--agent', 'sleep 100', '--agent', 'cat']);
    running.push(first);
    await waitScreen(first, /sleep running[\s\S]*cat running/);
    await quitWith(first, 'stop');
    expect((await first.exit).exitCode).toBe(0);
    const session = JSON.parse(fs.readFileSync(path.join(home, 'session.json'), 'utf8'));
    expect(session.agents.map((a: { command: string }) => a.command)).toEqual(['sleep 100', 'cat']);
    const second = run(['--home', home, '--restore']);
    running.push(second);
    await waitScreen(second, /1 sleep running[\s\S]*2 cat running/);
    const none = (() => {
      try {
        execFileSync(process.execPath, [BIN, '--restore', '--home', tempHome()], {
          encoding: 'utf8',
          stdio: 'pipe',
        });
        return null;
      } catch (err) {
        return err as { status: number; stderr: string };
      }
    })();
    expect(none?.status).toBe(2);
    expect(none?.stderr).toContain('nothing to restore');
  });
});
