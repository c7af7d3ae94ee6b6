import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/cli/help/suggest.js';
import { tempHome } from '../support/hub.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/botster-tui.js');

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI habits', () => {
  it('-h and -v work; every command has its own --help, and asking for it runs nothing', () => {
    const home = tempHome();
    expect(cli(['-h']).stdout).toContain('Usage');
    expect(cli(['-h']).stdout).toContain('Exit codes');
    expect(cli(['-v']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+ \(node client\)$/);
    const snap = cli(['snapshot', '--help', '--home', home]);
    expect(snap.status).toBe(0);
    expect(snap.stdout).toContain('botster-tui snapshot [--size');
    expect(snap.stdout).not.toContain('Botster Hub'); // no frame was rendered
    for (const command of [
      'check',
      'push',
      'keys',
      'improvements',
      'send',
      'agents',
      'attach',
      'ls',
      'kill-server',
    ]) {
      const r = cli([command, '-h']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`botster-tui ${command}`);
      expect(r.stdout).toContain('Exit codes');
    }
    expect(cli(['help', 'push']).stdout).toContain('botster-tui push FILE.lua');
    expect(fs.readdirSync(home)).toEqual([]); // nothing ran in the home
  }, 60000); // fourteen CLI starts: slow on a loaded runner

  it('an unknown flag or command names the closest known one and points at --help, exit 2', () => {
    const flag = cli(['--agnet', 'x']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toBe(
      'botster-tui: unknown flag --agnet; did you mean --agent? (see botster-tui --help)\n',
    );
    const sub = cli(['snapshot', '--sise', '80x24']);
    expect(sub.stderr).toContain('did you mean --size? (see botster-tui snapshot --help)');
    const command = cli(['snapshto']);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain('unknown command "snapshto"; did you mean snapshot?');
    expect(cli(['claude']).stderr).toContain('to run it as an agent: botster-tui --agent claude');
    expect(cli(['sned', '1', 'x']).stderr).toContain('unknown command "sned"; did you mean send?');
    expect(cli(['agnets']).stderr).toContain('unknown command "agnets"; did you mean agents?');
    expect(cli(['send', '1', 'x', '--kyes', 'enter']).stderr).toContain(
      'unknown flag --kyes; did you mean --keys? (see botster-tui send --help)',
    );
    const twice = cli(['--home', 'a', '--home', 'b']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('closest(): typos, transpositions and prefixes; nothing for unrelated words', () => {
    const flags = ['agent', 'home', 'layout', 'size', 'markdown', 'keys'];
    expect(closest('agnet', flags)).toBe('agent');
    expect(closest('hoem', flags)).toBe('home');
    expect(closest('mark', flags)).toBe('markdown');
    expect(closest('bogus', flags)).toBeUndefined();
    expect(closest('x', flags)).toBeUndefined();
  });

  it('a closed pipe ends the output quietly (keys | head, check | head)', async () => {
    const home = tempHome({ 'a.lua': 'keys.bind("normal", "n", "agent.next", { desc = "Next" })' });
    for (const args of [
      ['keys'],
      ['check', path.join(home, 'a.lua'), path.join(home, 'a.lua')],
      ['--help'],
    ]) {
      const child = spawn(process.execPath, [BIN, ...args, '--home', home], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy(); // the reader is gone before the first write, as `| head -0` would be
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });

  it("NO_COLOR drops the hub's own colours; an agent's colours pass through", () => {
    const args = [
      'snapshot',
      '--ansi',
      '--home',
      tempHome(),
      '--size',
      '60x10',
      '--wait',
      '300',
      '--agent',
      "printf '\\033[31mRED\\033[0m\\n'",
    ];
    const coloured = cli(args).stdout;
    expect(coloured).toMatch(/\x1b\[[0-9;]*;36m/); // the default theme's accent
    const plain = cli(args, { NO_COLOR: '1' }).stdout;
    expect(plain).toContain('\x1b[0;31mRED'); // the agent's red
    expect(plain.replaceAll('\x1b[0;31mRED', '')).not.toMatch(
      /\x1b\[[0-9;]*;(3[0-79]|9[0-7]|4[0-79]|10[0-7]|[34]8;[25];[0-9;]+)m/,
    );
    expect(plain).toMatch(/\x1b\[0;1;7m[^\n]*1 printf/); // the selected agent is still reverse video
    expect(cli(args, { NO_COLOR: '' }).stdout).toMatch(/\x1b\[[0-9;]*;36m/); // empty means unset
  });
});

describe('push tells errors from decisions', () => {
  it('no hub, no file, an unreadable file and a bad name are errors on stderr with their own codes; stdout stays empty', () => {
    const home = tempHome({ 'greet.lua': 'keys.bind("normal", "z", "agent.next")', 'Bad Name.lua': '' });
    const noHub = cli(['push', path.join(home, 'greet.lua'), '--home', home]);
    expect(noHub).toMatchObject({ status: 3, stdout: '' });
    expect(noHub.stderr).toContain(`botster-tui push: no hub is listening on ${path.join(home, 'hub.sock')}`);
    const missing = cli(['push', path.join(home, 'nope.lua'), '--home', home]);
    expect(missing).toMatchObject({ status: 5, stdout: '' });
    expect(missing.stderr).toContain('cannot read');
    const folder = path.join(home, 'dir.lua');
    fs.mkdirSync(folder);
    expect(cli(['push', folder, '--home', home])).toMatchObject({ status: 5, stdout: '' });
    const badName = cli(['push', path.join(home, 'Bad Name.lua'), '--home', home]);
    expect(badName).toMatchObject({ status: 5, stdout: '' });
    expect(badName.stderr).toContain('lower-case letters, digits, - and _');
    expect(cli(['push', '--home', home])).toMatchObject({ status: 5, stdout: '' });
    expect(cli(['push', '--bogus', path.join(home, 'greet.lua')])).toMatchObject({ status: 5, stdout: '' });
  });
});
