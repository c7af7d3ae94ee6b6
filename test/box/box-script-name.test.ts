import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/cli.js';

// What a program is is told from the program, not from a script's file name (issue 94): Cursor's
// CLI is installed as `agent`, and `python3 agent.py` was taken for it, named after it and boxed
// as it. python3 runs a script there: no agent CLI, no box. `./agent`, an executable of that
// name, is Cursor's CLI as far as the hub can tell, and runs in its box.

const { running, homes } = stoppedAfterEach();
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const hasPython = spawnSync('python3', ['--version']).status === 0;

type Row = { id: string; name: string; program: string; box?: { name: string } };
const rows = (home: string) => JSON.parse(hubCli(home, ['agents', '--json']).stdout || '[]') as Row[];

describe.skipIf((!hasBwrap || !hasPython) && !process.env.CI)('a script named like an agent CLI', () => {
  it('python3 agent.py is python3, unboxed; ./agent is the agent CLI, boxed', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const work = path.join(path.dirname(home), 'work');
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'agent.py'), 'print("SCRIPT RUNS")\ninput()\n');
    fs.writeFileSync(path.join(work, 'agent'), '#!/bin/sh\necho "AGENT CLI RUNS"\nexec cat\n', {
      mode: 0o755,
    });
    const env = ptyEnv({ SHELL: '/bin/sh', BOTSTER_HOME: undefined, BOTSTER_SOCKET: undefined });
    const r = run(['--home', home, '--agent', 'python3 agent.py', '--agent', './agent'], 140, 30, {
      env,
      cwd: work,
    });
    running.push(r);
    await waitScreen(r, /SCRIPT RUNS/, 20000);
    await until('the CLI runs', () => hubCli(home, ['read', '2']).stdout.includes('AGENT CLI RUNS'), 20000);
    const [script, cli] = await until('both listed', () => {
      const list = rows(home);
      return list.length === 2 && list;
    });
    expect(script).toMatchObject({ name: 'python3', program: 'python3' });
    expect(script.box).toBeUndefined();
    expect(cli).toMatchObject({ name: 'agent', box: { name: 'default' } });
    // B says so too.
    expect(hubCli(home, ['sandbox', '1']).stdout).toMatch(/python3 runs unboxed/);
  }, 60000);
});
