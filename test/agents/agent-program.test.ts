import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AgentManager } from '../../src/agents/agent-manager.js';
import type { Agent } from '../../src/agents/agent.js';
import { waitForScreen, waitUntil } from '../support/agents.js';

// Real agents on real PTYs: which program is in the foreground, and what the agent is named.

const managers: AgentManager[] = [];
function manager(): AgentManager {
  const m = new AgentManager({ env: { PS1: '$ ' }, defaultSize: { cols: 100, rows: 24 } });
  managers.push(m);
  return m;
}
beforeAll(() => manager().ready());
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.dispose()));
});

/** Calls refreshProgram, as the state detector does when output arrives, until `name` shows. */
function programBecomes(a: Agent, name: string, ms?: number): Promise<void> {
  return waitUntil(
    () => {
      a.refreshProgram();
      return a.program === name;
    },
    `program ${name} (is ${a.program})`,
    ms,
  );
}

// A stand-in for an npm-installed CLI: a package whose bin `claude` is bin/fake-claude.js.
const pkg = mkdtempSync(join(tmpdir(), 'botster-fake-cli-'));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));
beforeAll(() => {
  mkdirSync(join(pkg, 'bin'));
  mkdirSync(join(pkg, '.bin'));
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'fake-claude-code', bin: { claude: 'bin/fake-claude.js' } }),
  );
  writeFileSync(
    join(pkg, 'bin/fake-claude.js'),
    '#!/usr/bin/env node\nconsole.log("FAKE CLAUDE READY");\nsetInterval(() => {}, 1000);\n',
  );
  chmodSync(join(pkg, 'bin/fake-claude.js'), 0o755);
  symlinkSync('../bin/fake-claude.js', join(pkg, '.bin/claude'));
});

describe('Agent.program: the program in the foreground of its terminal', () => {
  test('a shell agent: a program typed into it, back at the prompt, then exec', async () => {
    const m = manager();
    const a = m.spawn({ command: 'sh' });
    expect(a.name).toBe('sh');
    expect(a.program).toBe('sh');
    expect(a.info.program).toBe('sh');
    await waitForScreen(a, /^\$/m);
    expect(a.refreshProgram()).toBe(false); // still the shell

    a.write('sleep 30\r');
    await programBecomes(a, 'sleep');
    expect(a.info.program).toBe('sleep');
    expect(a.refreshProgram()).toBe(false); // no change since

    a.write('\x03');
    await programBecomes(a, 'sh');

    a.write('exec sleep 30\r');
    await programBecomes(a, 'sleep');
  });

  test('bash: the same', async () => {
    const a = manager().spawn({ command: 'bash --norc --noprofile' });
    expect(a.name).toBe('bash');
    await waitForScreen(a, /^\$/m);
    a.write('sleep 30\r');
    await programBecomes(a, 'sleep');
    a.write('\x03');
    await programBecomes(a, 'bash');
  });

  test('a node CLI typed into a shell, by path and through its `claude` symlink (#!/usr/bin/env node): claude', async () => {
    const a = manager().spawn({ command: 'sh' });
    await waitForScreen(a, /^\$/m);
    a.write(`node ${join(pkg, 'bin/fake-claude.js')}\r`);
    await waitForScreen(a, /FAKE CLAUDE READY/);
    await programBecomes(a, 'claude');
    a.write('\x03');
    await programBecomes(a, 'sh');
    a.write(`${join(pkg, '.bin/claude')}\r`);
    await programBecomes(a, 'claude');
  });

  test('a program that set its process title is named by it', async () => {
    const a = manager().spawn({
      command: 'node',
      args: ['-e', 'process.title = "claude"; console.log("TITLED"); setInterval(() => {}, 1000)'],
    });
    expect(a.program).toBe('node');
    await waitForScreen(a, /TITLED/);
    await programBecomes(a, 'claude');
  });

  test('agents are named after the program their command runs', async () => {
    const m = manager();
    const env = m.spawn({ command: 'env FOO=1 sleep 5' });
    expect(env.name).toBe('sleep');
    expect(env.program).toBe('sleep');
    await programBecomes(env, 'sleep');

    const viaShell = m.spawn({ command: 'FOO=1 sleep 6' }); // sh -c stays: the child is found
    expect(viaShell.name).toBe('sleep-2');
    await programBecomes(viaShell, 'sleep');

    const cli = m.spawn({ command: join(pkg, '.bin/claude') });
    expect(cli.name).toBe('claude');
    await waitForScreen(cli, /FAKE CLAUDE READY/);
    expect(cli.refreshProgram()).toBe(false); // the foreground agrees
    expect(cli.program).toBe('claude');

    const node = m.spawn({ command: `node ${join(pkg, 'bin/fake-claude.js')}` });
    expect(node.name).toBe('claude-2');
  });

  test('after exit: the last program it knew, refreshProgram false', async () => {
    const a = manager().spawn({ command: 'sh', args: ['-c', 'sleep 0.5'] });
    await programBecomes(a, 'sleep');
    await a.exited;
    expect(a.refreshProgram()).toBe(false);
    expect(a.program).toBe('sleep');
  });
});
