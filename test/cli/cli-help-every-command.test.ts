import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMAND_WORDS } from '../../src/cli/fleet-verbs.js';
import { usageNames } from '../../src/cli/help/help.js';
import { tempHome } from '../support/hub.js';

// Every command the CLI dispatches (read from the code that dispatches them, so a new branch
// counts without anyone listing it) is in `--help`, in its usage lines and its Commands list, and
// `botster-tui X --help` prints X's help and exits 0, running nothing (issue 80 item 3: `mcp
// --help` started the server).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/botster-tui.js');

/** The commands the launcher, the CLI and its argument commands branch on, and the fleet's verbs. */
function dispatched(): string[] {
  const found = new Set<string>(COMMAND_WORDS);
  for (const file of ['bin/botster-tui.js', 'src/cli.tsx', 'src/cli/arg-commands.ts']) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/(?:command|argv\[0\]) === '([a-z][a-z-]*)'/g)) found.add(m[1]);
  }
  return [...found].sort();
}

function cli(args: string[], home: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', BOTSTER_HOME: home, BOTSTER_SOCKET: undefined, HOME: home },
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('every command is in --help and has its own', () => {
  it('the code dispatches the commands one expects (the walk below is not empty)', () => {
    expect(dispatched()).toEqual(
      expect.arrayContaining([
        'mcp',
        'tmux',
        'message',
        'search',
        'interrupt',
        'schema',
        'attach',
        'proxy',
        'send',
        'review',
      ]),
    );
  });

  it('each is named in the usage lines and the Commands list; X --help prints its help, exit 0, nothing run', () => {
    const home = tempHome();
    const main = cli(['--help'], home);
    expect(main.status).toBe(0);
    const usage = main.stdout.slice(0, main.stdout.indexOf('\n  Commands'));
    const commands = main.stdout.slice(
      main.stdout.indexOf('\n  Commands'),
      main.stdout.indexOf('\n  Options'),
    );
    const inUsage = usageNames(usage);
    const missing: string[] = [];
    for (const command of dispatched()) {
      if (!inUsage.has(command)) missing.push(`${command}: no usage line`);
      // Its own line, or named on another's ("kill ...;  restart: again in its place").
      const listed = new RegExp(`^    ${command} |;\\s+${command}: `, 'm');
      if (!listed.test(commands)) missing.push(`${command}: not in Commands`);
      const own = cli([command, '--help'], home);
      if (own.status !== 0) missing.push(`${command} --help: exit ${own.status} ${own.stderr}`);
      if (!own.stdout.includes(`$ botster-tui ${command}`))
        missing.push(`${command} --help: not its help: ${own.stdout.slice(0, 80)}`);
      if (own.stderr !== '') missing.push(`${command} --help: stderr ${own.stderr}`);
    }
    expect(missing).toEqual([]);
    // `-h` after other words is still help (mcp would have served on stdin).
    const mcp = cli(['mcp', '--home', home, '-h'], home);
    expect(mcp.status).toBe(0);
    expect(mcp.stdout).toContain('An MCP server on stdin and stdout');
    // tmux's own -h (split-window -h) stays tmux's: only a first --help or -h is ours.
    expect(cli(['tmux', 'split-window', '-h'], home).stdout).not.toContain('Usage');
    expect(fs.readdirSync(home)).toEqual([]); // nothing ran in the home
  }, 180_000); // some fifty CLI starts: slow on a loaded runner
});
