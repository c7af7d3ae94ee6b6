import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/cli.js';
import { hubAgents } from '../support/real-claude.js';

// An agent CLI installed through a link (issue 94): `~/.local/bin/claude` -> an npm install in a
// folder the box would hide (your /tmp is the box's own). The box used to show the link and not
// what it leads to, so the hub's shim found no claude and it exited 127 while `which claude`
// worked. Now its box sees the install read-only and it runs; one that leads where its box hides
// by its rules (a secret) does not start, and says why, naming the path; `B` (`botster-tui
// sandbox`) names the PATH folders its box sees.

const { running, homes } = stoppedAfterEach();
const rows = (home: string) =>
  JSON.parse(hubCli(home, ['agents', '--json']).stdout || '[]') as Array<{
    id: string;
    state: string;
    reason: string | null;
  }>;
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

/** A stand-in CLI at `file` (a script of its package), reached as `link`. */
function install(file: string, link: string, says: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho "${says} in $(pwd)"\nexec cat\n`, { mode: 0o755 });
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(file, link);
}

describe.skipIf(!hasBwrap && !process.env.CI)('a CLI reached through a link, in its box', () => {
  it('runs from an install its box would hide; one inside a secret is refused by name; B names the PATH it sees', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const base = path.dirname(home);
    const [user, work] = [path.join(base, 'user'), path.join(base, 'work')];
    fs.mkdirSync(work, { recursive: true });
    const bin = path.join(user, '.local', 'bin');
    // npm installed it in a folder of /tmp of its own, not below your home.
    const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'tools '));
    try {
      install(
        path.join(tools, 'node_modules', 'fake-claude', 'cli.sh'),
        path.join(bin, 'claude'),
        'FAKE CLAUDE RUNS',
      );
      // Another inside ~/.docker/, a secret no box sees.
      install(path.join(user, '.docker', 'tools', 'codex.sh'), path.join(bin, 'codex'), 'FAKE CODEX RUNS');
      // A PATH folder inside the secret too: its box does not see it.
      const hiddenBin = path.join(user, '.docker', 'bin');
      fs.mkdirSync(hiddenBin, { recursive: true });
      const PATH = `${bin}:${hiddenBin}:${process.env.PATH}`;
      const env = ptyEnv({
        HOME: user,
        PATH,
        SHELL: '/bin/sh',
        BOTSTER_HOME: undefined,
        BOTSTER_SOCKET: undefined,
      });
      const r = run(['--home', home, '--agent', 'claude'], 140, 30, { env, cwd: work });
      running.push(r);
      await waitScreen(r, /FAKE CLAUDE RUNS in/, 20000);
      expect(hubAgents(home)[0]?.box?.name).toBe('default');
      expect(hubCli(home, ['read', '1']).stdout).toContain(`FAKE CLAUDE RUNS in ${work}`);

      // B: what its box sees of its PATH, and where the program it runs is.
      const said = hubCli(home, ['sandbox', '1']).stdout;
      const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // (each folder on a line of its own; one the box does not see says so)
      expect(said).toMatch(new RegExp(`^ +(PATH: +)?${esc(bin)}$`, 'm'));
      expect(said).toMatch(new RegExp(`^ +${esc(hiddenBin)} \\(not there in its box\\)$`, 'm'));
      expect(said).toMatch(/^  PATH: +\S/m);
      expect(said).toContain(
        `runs:     claude: ${path.join(bin, 'claude')} -> ${path.join(tools, 'node_modules', 'fake-claude', 'cli.sh')}`,
      );

      // The one inside a secret: not started, and why, with its path.
      const made = hubCli(home, ['new', '--json', '--', 'codex'], { cwd: work });
      const id = (JSON.parse(made.stdout || '{}') as { agent?: { id: string } }).agent?.id ?? '2';
      const row = await until(
        'codex did not start',
        () => rows(home).find((a) => a.id === id && a.state === 'exited'),
        20000,
      );
      expect(row.reason).toContain(
        `its box cannot run codex, found on its PATH as ${path.join(bin, 'codex')} (a link to ${path.join(user, '.docker', 'tools', 'codex.sh')}): ${path.join(user, '.docker', 'tools', 'codex.sh')} is inside ${path.join(user, '.docker')}, which its box hides`,
      );
      expect(hubCli(home, ['read', id]).stdout).not.toContain('FAKE CODEX RUNS');
    } finally {
      fs.rmSync(tools, { recursive: true, force: true });
    }
  }, 60000);
});
