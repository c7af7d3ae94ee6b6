import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';

// `--help`, `plugin --help` and plugin's usage error name every subcommand `botster-tui plugin`
// runs (its switch in src/cli/plugin-command.ts), not half of them.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ALIASES = new Set(['list', 'rm']); // ls and remove by other names

/** The subcommands plugin-command.ts runs. */
function ran(): string[] {
  const src = fs.readFileSync(path.join(ROOT, 'src/cli/plugin-command.ts'), 'utf8');
  const names = [...src.matchAll(/^\s*case '([a-z-]+)':/gm)].map((m) => m[1]).filter((n) => !ALIASES.has(n));
  expect(names.length).toBeGreaterThan(8);
  return names;
}

const cli = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

/** The subcommand names a usage line lists: the first word of each `|` part (a|b: both). */
function listed(line: string): Set<string> {
  const parts = line.replace(/^.*?\bplugin /, '').split(/ \| /);
  return new Set(parts.flatMap((p) => p.split(' ')[0].split('|')));
}

describe('plugin in the help', () => {
  it('--help lists every subcommand plugin runs', () => {
    const line = cli(['--help'])
      .stdout.split('\n')
      .find((l) => /\$ botster-tui plugin /.test(l))!;
    expect(line).toBeDefined();
    expect([...listed(line)].sort()).toEqual(ran().sort());
  });

  it('plugin --help has a usage line for each, and its usage error lists them all', () => {
    const usage = cli(['plugin', '--help']).stdout;
    const lines = usage.split('\n').filter((l) => /^\s+\$ botster-tui plugin /.test(l));
    const names = new Set(lines.flatMap((l) => l.trim().split(' ')[3].split('|')));
    expect([...names].sort()).toEqual(ran().sort());
    const bad = cli(['plugin', 'frobnicate']);
    expect(bad.status).toBe(2);
    expect([...listed(bad.stderr.trim())].sort()).toEqual(ran().sort());
  });
});
