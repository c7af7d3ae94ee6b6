import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realHome, tempRepo } from '../support/hub.js';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';

// `c` offers the agent CLIs installed on the hub's PATH beside your shell and profiles: picked
// there, one starts as its command, so it runs in its box (a newcomer with no profiles used to get
// the shell at once, and a `claude` typed into it ran unboxed).

const { running, homes } = stoppedAfterEach();
const fakeClis = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/fixtures/fake-cli');
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

describe.skipIf(!hasBwrap && !process.env.CI)('the spawn dialog', () => {
  it('lists the agent CLIs found on PATH, and one picked there starts boxed', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const { repo } = tempRepo();
    const env = ptyEnv({
      PATH: `${fakeClis}:${process.env.PATH}`,
      SHELL: '/bin/sh',
      PS1: '$ ',
      BOTSTER_HOME: undefined,
      BOTSTER_SOCKET: undefined,
    });
    const r = run(['--home', home], 140, 30, { cwd: repo, env });
    running.push(r);
    await waitScreen(r, /\$ /);
    r.pty.write('\x07c');
    const dialog = await waitScreen(r, /New agent[\s\S]*claude +Claude Code \(/);
    expect(dialog).toContain(`Claude Code (${path.join(fakeClis, 'claude')}, box default)`);
    expect(dialog).toMatch(/codex +Codex/);
    expect(dialog).not.toMatch(/gemini/); // not installed here
    r.pty.write('claude');
    await waitScreen(r, /> claude/);
    r.pty.write('\r');
    const shown = await waitScreen(r, /2 claude( \w+)? ▣/);
    expect(shown).toMatch(/─ claude .*▣ default/);
  });
});

describe('the spawn dialog where no box can be made', () => {
  it('says so beside each agent CLI, before it is picked', { timeout: 60000 }, async () => {
    const home = realHome('spaces');
    homes.push(home);
    const { repo } = tempRepo();
    // This machine's programs but bubblewrap.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'no bwrap '));
    for (const dir of ['/usr/local/bin', '/usr/bin', '/bin'])
      for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : [])
        if (name !== 'bwrap' && !fs.existsSync(path.join(bin, name)))
          fs.symlinkSync(path.join(dir, name), path.join(bin, name));
    if (!fs.existsSync(path.join(bin, 'node'))) fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const env = ptyEnv({
      PATH: `${fakeClis}:${bin}`,
      SHELL: '/bin/sh',
      PS1: '$ ',
      BOTSTER_HOME: undefined,
      BOTSTER_SOCKET: undefined,
    });
    const r = run(['--home', home], 220, 30, { cwd: repo, env });
    running.push(r);
    await waitScreen(r, /\$ /);
    r.pty.write('\x07c');
    const dialog = await waitScreen(r, /New agent[\s\S]*claude +Claude Code \(/);
    expect(dialog).toMatch(/box default: cannot start, bubblewrap is not installed/);
  });
});
