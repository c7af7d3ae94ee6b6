import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultName, specProgram } from '../../src/agents/command-line.js';
import { packageBin, scriptBin, scriptProgram, setCliPackages } from '../../src/agents/package-bin.js';
import { lineProgram, programName } from '../../src/agents/program-name.js';
import { shippedClis } from '../support/status.js';

// The packages the shipped CLI files name (lua/default/clis/*.lua: `packages`), as the hub sets them.
setCliPackages(await shippedClis());

// No disk: these rows must not depend on what is installed here. The scripts they name as
// installed programs (a package's bin, an executable of its own) are these; any other is a script
// its interpreter runs.
const INSTALLED: Record<string, string> = {
  '/opt/x/bin/cursor-agent': 'cursor-agent',
  '/usr/lib/node_modules/.bin/claude': 'claude',
  '/usr/bin/npx': 'npx',
  '/home/u/.local/bin/aider': 'aider',
  '/usr/local/bin/agent': 'agent',
};
const noBin = (script: string) => INSTALLED[script] ?? null;
const name = (argv: string[]) => programName(argv, noBin);

describe('programName: an argv seen through its launchers', () => {
  test.each<[string[], string]>([
    [['/usr/local/bin/claude', '--resume'], 'claude'],
    [['claude'], 'claude'], // a program that set its process title
    [['/x/node_modules/@anthropic-ai/claude-code/bin/claude.exe'], 'claude'], // the npm package's native binary
    [['/x/node_modules/opencode-ai/bin/opencode.exe', 'run'], 'opencode'],
    [['-bash'], 'bash'], // login shell
    [['/bin/zsh', '-l'], 'zsh'],
    [['env', 'FOO=1', 'codex'], 'codex'],
    [['/usr/bin/env', '-i', '-u', 'HOME', 'A=1', 'B=2', 'aider', '--yes'], 'aider'],
    [['env', '--unset=X', '--chdir=/tmp', 'gemini'], 'gemini'],
    [['env'], 'env'],
    [['env', 'FOO=1'], 'env'],
    [['/usr/bin/env', '-S node --no-warnings', '/opt/x/bin/cursor-agent'], 'cursor-agent'],
    [['npx', '@openai/codex@latest'], 'codex'],
    [['npx', '-y', '@google/gemini-cli'], 'gemini'],
    [['npx', '--yes', '@anthropic-ai/claude-code@1.0.3', '--resume'], 'claude'],
    [['npx', '-p', '@github/copilot', 'copilot'], 'copilot'],
    [['npx', '--package=opencode-ai', 'opencode'], 'opencode'],
    [['npx', 'opencode-ai@latest'], 'opencode'],
    [['npx', 'cowsay@1.5.0', 'hi'], 'cowsay'],
    [['npx', '@scope/some-tool'], 'some-tool'],
    [['npx', '-c', 'FOO=1 codex --full-auto'], 'codex'],
    [['npx'], 'npx'],
    [['npm', 'exec', '--', '@openai/codex'], 'codex'],
    [['npm', 'x', '-y', '@github/copilot'], 'copilot'],
    [['npm', 'run', 'dev'], 'npm'],
    [['pnpm', 'dlx', '@google/gemini-cli@0.1'], 'gemini'],
    [['pnpm', 'exec', 'claude'], 'claude'],
    [['yarn', 'dlx', '@openai/codex'], 'codex'],
    [['bunx', '--bun', '@anthropic-ai/claude-code'], 'claude'],
    [['bun', 'x', 'opencode-ai'], 'opencode'],
    [['uvx', 'aider-chat'], 'aider'],
    [['uvx', '--from', 'aider-chat[playwright]==0.80', 'aider'], 'aider'],
    [['uvx', 'kimi-cli'], 'kimi'],
    [['uv', 'tool', 'run', 'aider-chat@latest'], 'aider'],
    [['uv', 'run', '--with', 'rich', 'python', 'agent.py'], 'python'],
    [['pipx', 'run', 'aider-chat'], 'aider'],
    [['node', '/home/u/bin/fake-claude.js'], 'node'], // a script's file name is no program's
    [['node', '--no-warnings', '-r', 'dotenv/config', '/opt/tool/cli.mjs', '--x'], 'node'],
    [['/usr/bin/node', '--enable-source-maps', '/usr/lib/node_modules/.bin/claude'], 'claude'],
    [['node', '/usr/bin/npx', '@openai/codex'], 'codex'], // npx as `#!/usr/bin/env node` runs it
    [['node', '-e', 'setInterval(() => {}, 1000)'], 'node'],
    [['node'], 'node'],
    [['nodejs', 'agent.cjs'], 'nodejs'],
    [['tsx', 'src/agent.ts'], 'tsx'],
    [['bun', 'run', '/srv/bot/index.ts'], 'bun'],
    [['bun', 'dev'], 'bun'],
    [['deno', 'run', '-A', 'npm:@anthropic-ai/claude-code'], 'claude'],
    [['deno', 'run', '--allow-net', 'https://example.com/tools/agent.ts'], 'deno'],
    [['python3', '-X', 'utf8', '/home/u/.local/bin/aider', '--model', 'x'], 'aider'],
    [['python3.12', '-u', 'scripts/mcode.py'], 'python3.12'],
    // Cursor's CLI is installed as `agent`: a script of that name is not it (issue 94), the program is.
    [['python3', 'agent.py'], 'python3'],
    [['python3', 'agent'], 'python3'],
    [['python3', '/usr/local/bin/agent'], 'agent'], // `agent` typed: its #! line ran python3 on it
    [['./agent', '--x'], 'agent'],
    [['/usr/bin/agent'], 'agent'],
    [['python', '-m', 'aider.main'], 'aider'],
    [['python', '-c', 'print(1)'], 'python'],
    [['ruby', '-w', 'bot.rb'], 'ruby'],
    [['perl', '-I', 'lib', 'agent.pl'], 'perl'],
    [['perl', '-e', 'sleep 9'], 'perl'],
    [['sudo', '-u', 'agent', '-E', 'claude'], 'claude'],
    [['sudo', '-i'], 'sudo'],
    [['nice', '-n', '10', 'codex'], 'codex'],
    [['nice', '-5', 'codex'], 'codex'],
    [['nohup', 'gemini'], 'gemini'],
    [['time', '-p', 'claude'], 'claude'],
    [['exec', '-a', 'x', 'claude'], 'claude'],
    [['timeout', '-k', '5', '1h', 'codex', 'exec'], 'codex'],
    [['sudo', 'nice', 'env', 'A=1', 'npx', '-y', '@openai/codex'], 'codex'],
    [['/bin/sh', '-c', 'FOO=1 codex --full-auto'], 'codex'],
    [['bash', '-lc', 'cd ~/proj && exec claude'], 'claude'],
    [['sh', '-c', 'echo hi; sleep 5'], 'sh'], // several programs: the shell runs them
    [['sh', '-c', 'cd /srv && . ./env.sh && FOO=1 exec codex'], 'codex'],
    [['sh', '-c', ''], 'sh'],
    [['sh', '-c', 'exit 4'], 'sh'], // the shell's own work: no program of its own
    [['sh', '-c', 'read x; exit 3'], 'sh'],
    [['sh', 'script.sh'], 'sh'],
    [['FOO=1', 'codex'], 'codex'],
  ])('%j -> %s', (argv, expected) => {
    expect(name(argv)).toBe(expected);
  });
});

describe('lineProgram and agent names', () => {
  test.each<[string, string]>([
    ['env FOO=1 codex', 'codex'],
    ['FOO=1 BAR=2 /usr/bin/env x', 'x'],
    [`python3 -c 'print(1)'`, 'python3'],
    ['/usr/local/bin/claude --resume', 'claude'],
    ['cd ~/proj && claude', 'claude'],
    ['source .venv/bin/activate; aider --yes', 'aider'],
    ['npx -y @google/gemini-cli', 'gemini'],
    ['cd /tmp', 'cd'],
    ['', ''],
  ])('%j -> %j', (line, expected) => {
    expect(lineProgram(line, noBin)).toBe(expected);
  });

  test('specs: a line, or a program with args; the default name is the program', () => {
    expect(specProgram({ command: 'env FOO=1 codex' })).toBe('codex');
    expect(specProgram({ command: '/usr/bin/env', args: ['FOO=1', 'sleep', '5'] })).toBe('sleep');
    expect(defaultName({ command: 'env FOO=1 codex' })).toBe('codex');
    expect(defaultName({ command: 'npx @openai/codex@latest' })).toBe('codex');
    expect(defaultName({ command: '  ' })).toBe('agent');
  });

  test('packageBin: scope, version and well-known packages', () => {
    expect(packageBin('@google/gemini-cli@0.1.2')).toBe('gemini');
    expect(packageBin('npm:@openai/codex')).toBe('codex');
    expect(packageBin('left-pad')).toBe('left-pad');
    expect(packageBin('@x/y@^2')).toBe('y');
    expect(packageBin('github:someone/tool')).toBe('tool');
  });
});

describe('scriptBin: a package entry read from disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'botster-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };

  test('the bin whose path is the script; a nested {"type"} package.json is skipped', () => {
    write(
      'tool/package.json',
      JSON.stringify({ name: 'fake-claude', bin: { claude: 'bin/fake-claude.js' } }),
    );
    write('tool/bin/fake-claude.js', '');
    write('tool/dist/package.json', JSON.stringify({ type: 'module' }));
    write('tool/dist/index.js', '');
    expect(scriptBin(join(dir, 'tool/bin/fake-claude.js'))).toBe('claude');
    expect(programName(['node', join(dir, 'tool/bin/fake-claude.js')])).toBe('claude');
    // Not the bin and not an installed package: no name from it (node runs a script).
    expect(scriptBin(join(dir, 'tool/dist/index.js'))).toBe(null);
    expect(programName(['node', join(dir, 'tool/dist/index.js')])).toBe('node');
  });

  test('through a symlink (npm puts bins in node_modules/.bin); inside node_modules a known package', () => {
    write(
      'node_modules/@google/gemini-cli/package.json',
      JSON.stringify({ name: '@google/gemini-cli', bin: { gemini: 'bundle/gemini.js' } }),
    );
    write('node_modules/@google/gemini-cli/bundle/gemini.js', '');
    write('node_modules/@google/gemini-cli/dist/index.js', '');
    write(
      'node_modules/@anthropic-ai/claude-code/package.json',
      JSON.stringify({ name: '@anthropic-ai/claude-code', bin: 'cli.js' }),
    );
    write('node_modules/@anthropic-ai/claude-code/cli.js', '');
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync('../@google/gemini-cli/bundle/gemini.js', join(dir, 'node_modules/.bin/gem'));
    expect(scriptBin(join(dir, 'node_modules/.bin/gem'))).toBe('gemini');
    expect(programName(['node', join(dir, 'node_modules/@google/gemini-cli/dist/index.js')])).toBe('gemini');
    expect(
      programName(['node', '--no-warnings', join(dir, 'node_modules/@anthropic-ai/claude-code/cli.js')]),
    ).toBe('claude');
    expect(scriptBin('relative/cli.js')).toBe(null);
    expect(scriptBin(join(dir, 'missing.js'))).toBe(null);
  });
});

describe('scriptProgram: a script is a program as installed, never by its file name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'botster-own-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an executable #! file is the program of its name; a script handed to python3 is python3', () => {
    writeFileSync(join(dir, 'agent'), '#!/usr/bin/env python3\nprint(1)\n', { mode: 0o755 });
    writeFileSync(join(dir, 'agent.py'), 'print(1)\n');
    writeFileSync(join(dir, 'notes'), 'not run\n', { mode: 0o755 }); // executable, no #!
    expect(scriptProgram(join(dir, 'agent'))).toBe('agent');
    expect(scriptProgram(join(dir, 'agent.py'))).toBe(null);
    expect(scriptProgram(join(dir, 'notes'))).toBe(null);
    expect(programName(['python3', join(dir, 'agent')])).toBe('agent');
    expect(programName(['python3', join(dir, 'agent.py')])).toBe('python3');
    // A spec's relative script is read in its folder.
    expect(specProgram({ command: 'python3 agent.py', cwd: dir })).toBe('python3');
    expect(specProgram({ command: 'python3', args: ['agent.py'], cwd: dir })).toBe('python3');
    expect(specProgram({ command: 'python3 ./agent', cwd: dir })).toBe('agent');
    expect(specProgram({ command: './agent', cwd: dir })).toBe('agent');
  });
});
