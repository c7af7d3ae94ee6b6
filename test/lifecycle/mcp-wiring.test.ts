import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { installCliShims } from '../../src/lifecycle/cli-shims.js';
import { CliWiring } from '../../src/lifecycle/cli-wiring.js';
import { mcpServer } from '../../src/lifecycle/mcp-wiring.js';
import { readToolNames } from '../../src/verbs/mcp-tools.js';
import { VERBS } from '../../src/verbs/table.js';
import { VERB_TOOLS } from '../../src/mcp/verb-tools.js';
import type { Hub } from '../../src/app/hub.js';
import { realHome, startHub } from '../support/hub.js';
import { shippedClis } from '../support/status.js';

// Every agent knows the hub it runs in: the shims for claude, codex, gemini, qwen, copilot and opencode add the hub's MCP
// server (`botster-tui mcp`) to one launch as each CLI's file says (a flag, a -c, a settings file),
// with its read-only tools in the CLI's own allow list; settings.mcp = false and BOTSTER_MCP=0 (a
// profile's mcp = false) leave it out. Run for real under sh, with recording stand-ins for the CLIs.

const CLIS = await shippedClis();
/** Gemini skips settings below a folder others may write (/tmp): a home below the user's, which is not. */
const PRIVATE = fs.mkdtempSync(path.join(os.homedir(), '.botster-test-'));
fs.chmodSync(PRIVATE, 0o755);
afterAll(() => fs.rmSync(PRIVATE, { recursive: true, force: true }));

function setup(mcp: boolean) {
  const home = path.join(fs.mkdtempSync(path.join(PRIVATE, 'home ')), '.botster');
  fs.mkdirSync(home);
  const bin = installAgentBin(home);
  new CliWiring({ home, agentBin: bin, warn: (m) => expect.fail(m), readTools: READ_TOOLS }).configure(
    CLIS,
    mcp,
  );
  const fakes = fs.mkdtempSync(path.join(os.tmpdir(), 'botster real clis '));
  // Each prints its arguments, then the variables a launch may be given the server in.
  const vars = ['GEMINI_CLI_SYSTEM_DEFAULTS_PATH', 'QWEN_CODE_SYSTEM_SETTINGS_PATH', 'OPENCODE_CONFIG'];
  for (const cli of ['claude', 'codex', 'gemini', 'qwen', 'copilot', 'opencode'])
    fs.writeFileSync(
      path.join(fakes, cli),
      `#!/bin/sh\nprintf "%s\\n" "$@"\n${vars.map((v) => `echo "ENV:${v}=\${${v}:-}"`).join('\n')}\n`,
      { mode: 0o755 },
    );
  const user = fs.mkdtempSync(path.join(os.tmpdir(), 'botster user home '));
  const launch = (cli: string, args: string[], extra: Record<string, string> = {}) => {
    const env = {
      PATH: `${bin}:${fakes}:/usr/bin:/bin`,
      HOME: user,
      BOTSTER_HOME: home,
      BOTSTER_AGENT_ID: '1',
      ...extra,
    };
    const lines = spawnSync(cli, args, { env, encoding: 'utf8' }).stdout.trim().split('\n');
    const vars = Object.fromEntries(
      lines.filter((l) => l.startsWith('ENV:')).map((l) => l.slice(4).split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    return {
      args: lines.filter((l) => !l.startsWith('ENV:')),
      defaults: vars.GEMINI_CLI_SYSTEM_DEFAULTS_PATH!,
      vars,
    };
  };
  return { home, hooks: path.join(home, 'hooks'), launcher: path.join(home, 'bin', 'botster-tui'), launch };
}

// What the app hands the wiring (src/app/hub.ts): the verbs declared `looks`.
const READ_TOOLS = readToolNames(VERBS);
const CLAUDE_READ = READ_TOOLS.map((t) => `mcp__botster__${t}`).join(',');

describe('the read-only tools', () => {
  it('are the verbs that only look (their tools say readOnlyHint), by the tool names `botster-tui mcp` lists', () => {
    expect(READ_TOOLS).toContain('review_comments');
    expect([...READ_TOOLS].sort()).toEqual(
      VERB_TOOLS.filter((t) => t.annotations?.readOnlyHint)
        .map((t) => t.name)
        .sort(),
    );
  });
});

describe("the hub's MCP server in each CLI's launch", () => {
  it("claude: --mcp-config with the home's own launcher and --allowedTools with the read-only tools, after the hooks' --settings; the prompt stays the prompt", () => {
    const s = setup(true);
    const got = s.launch('claude', ['fix the bug']);
    expect(got.args).toEqual([
      '--settings',
      path.join(s.hooks, 'claude-settings.json'),
      `--mcp-config={"mcpServers":{"botster":{"command":${JSON.stringify(s.launcher)},"args":["mcp"]}}}`,
      `--allowedTools=${CLAUDE_READ}`,
      'fix the bug',
    ]);
    const config = JSON.parse(got.args[2]!.slice('--mcp-config='.length));
    expect(config.mcpServers.botster).toEqual({ command: s.launcher, args: ['mcp'] });
    expect(CLAUDE_READ).not.toMatch(/snapshot|push|send|new/);
    // A --settings of the user's leaves the hooks out, not the server.
    expect(s.launch('claude', ['--settings', 'mine.json']).args.slice(0, 1)).toEqual([got.args[2]]);
    // Its own commands, a profile's mcp = false (BOTSTER_MCP=0), and a non-agent: as they are.
    expect(s.launch('claude', ['mcp', 'list']).args).toEqual(['mcp', 'list']);
    expect(s.launch('claude', ['go'], { BOTSTER_MCP: '0' }).args).toEqual([
      '--settings',
      path.join(s.hooks, 'claude-settings.json'),
      'go',
    ]);
    expect(s.launch('claude', ['go'], { BOTSTER_AGENT_ID: '' }).args).toEqual(['go']);
  });

  it("codex: one -c with the whole [mcp_servers.botster] table, the hub's variables passed on, its read-only tools approved", () => {
    const s = setup(true);
    const got = s.launch('codex', ['resume', 'abc']);
    expect(got.args.slice(0, 2)).toEqual(['-c', expect.stringMatching(/^notify=/)]);
    const tools = READ_TOOLS.map((t) => `${t} = { approval_mode = "approve" }`).join(',');
    expect(got.args.slice(2)).toEqual([
      '-c',
      `mcp_servers.botster={ command = ${JSON.stringify(s.launcher)}, args = ["mcp"], env_vars = ["BOTSTER_HOME", "BOTSTER_SOCKET", "BOTSTER_AGENT_ID"], tools = { ${tools} } }`,
      'resume',
      'abc',
    ]);
    expect(s.launch('codex', ['x'], { BOTSTER_MCP: '0' }).args.slice(2)).toEqual(['x']);
  });

  it('gemini: a system defaults file naming the server, its read-only tools in tools.allowed; one of yours stays', () => {
    const s = setup(true);
    const file = path.join(s.hooks, 'gemini-mcp-defaults.json');
    const got = s.launch('gemini', ['-p', 'hi']);
    expect(got).toMatchObject({ args: ['-p', 'hi'], defaults: file });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { botster: { command: s.launcher, args: ['mcp'] } },
      tools: { allowed: READ_TOOLS.map((t) => `mcp_botster_${t}`) },
    });
    expect(s.launch('gemini', [], { GEMINI_CLI_SYSTEM_DEFAULTS_PATH: '/mine.json' }).defaults).toBe(
      '/mine.json',
    );
    expect(s.launch('gemini', [], { BOTSTER_MCP: '0' }).defaults).toBe('');
  });

  it('qwen: a system settings file of its own naming the server, its read-only tools in permissions.allow; one of yours stays', () => {
    const s = setup(true);
    const file = path.join(s.hooks, 'qwen-mcp-settings.json');
    const got = s.launch('qwen', ['-p', 'hi']);
    expect(got.args).toEqual(['-p', 'hi']);
    expect(got.vars.QWEN_CODE_SYSTEM_SETTINGS_PATH).toBe(file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { botster: { command: s.launcher, args: ['mcp'] } },
      permissions: { allow: READ_TOOLS.map((t) => `mcp__botster__${t}`) },
    });
    expect(
      s.launch('qwen', [], { QWEN_CODE_SYSTEM_SETTINGS_PATH: '/mine.json' }).vars
        .QWEN_CODE_SYSTEM_SETTINGS_PATH,
    ).toBe('/mine.json');
    expect(s.launch('qwen', [], { BOTSTER_MCP: '0' }).vars.QWEN_CODE_SYSTEM_SETTINGS_PATH).toBe('');
  });

  it("copilot: --additional-mcp-config with the home's own launcher and --allow-tool with the read-only tools, after the hooks' --plugin-dir", () => {
    const s = setup(true);
    const got = s.launch('copilot', ['-p', 'fix it']);
    const server = { type: 'local', command: s.launcher, args: ['mcp'], tools: ['*'] };
    expect(got.args).toEqual([
      '--plugin-dir',
      path.join(s.hooks, 'copilot-plugin'),
      `--additional-mcp-config=${JSON.stringify({ mcpServers: { botster: server } })}`,
      `--allow-tool=${READ_TOOLS.map((t) => `botster(${t})`).join(',')}`,
      '-p',
      'fix it',
    ]);
    expect(s.launch('copilot', ['mcp', 'list']).args).toEqual(['mcp', 'list']);
    expect(s.launch('copilot', ['go'], { BOTSTER_MCP: '0' }).args).toEqual([
      '--plugin-dir',
      path.join(s.hooks, 'copilot-plugin'),
      'go',
    ]);
  });

  it('opencode: a config file of its own (OPENCODE_CONFIG) naming the server, asking before its tools but the read-only ones; one of yours stays', () => {
    const s = setup(true);
    const file = path.join(s.hooks, 'opencode-mcp.json');
    const got = s.launch('opencode', ['run', 'hi']);
    expect(got.args).toEqual(['run', 'hi']);
    expect(got.vars.OPENCODE_CONFIG).toBe(file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      mcp: { botster: { type: 'local', command: [s.launcher, 'mcp'] } },
      permission: {
        'botster_*': 'ask',
        ...Object.fromEntries(READ_TOOLS.map((t) => [`botster_${t}`, 'allow'])),
      },
    });
    expect(s.launch('opencode', [], { OPENCODE_CONFIG: '/mine.json' }).vars.OPENCODE_CONFIG).toBe(
      '/mine.json',
    );
    expect(s.launch('opencode', [], { BOTSTER_MCP: '0' }).vars.OPENCODE_CONFIG).toBe('');
  });

  it('settings.mcp = false: no CLI gets the server (the hooks stay), and no file names it', () => {
    const s = setup(false);
    expect(s.launch('claude', ['go']).args).toEqual([
      '--settings',
      path.join(s.hooks, 'claude-settings.json'),
      'go',
    ]);
    expect(s.launch('codex', ['go']).args.slice(2)).toEqual(['go']);
    expect(s.launch('gemini', ['go']).defaults).toBe('');
    expect(fs.existsSync(path.join(s.hooks, 'gemini-mcp-defaults.json'))).toBe(false);
    expect(s.launch('qwen', ['go']).vars.QWEN_CODE_SYSTEM_SETTINGS_PATH).toBe('');
    expect(s.launch('opencode', ['go']).vars.OPENCODE_CONFIG).toBe('');
    expect(s.launch('copilot', ['go']).args.join(' ')).not.toMatch(/mcp-config|allow-tool/);
    for (const f of ['qwen-mcp-settings.json', 'opencode-mcp.json'])
      expect(fs.existsSync(path.join(s.hooks, f))).toBe(false);
  });

  it('a CLI with an mcp but no hooks gets a shim of its own; without the server, none', () => {
    const home = realHome('dot-folder');
    const bin = installAgentBin(home);
    const only = [
      {
        ...CLIS.find((c) => c.name === 'claude')!,
        hooks: undefined,
        name: 'mine',
        command: 'mine',
        programs: ['mine'],
      },
    ];
    expect(installCliShims(home, bin, only, mcpServer(home, READ_TOOLS))).toEqual(['mine']);
    expect(fs.readFileSync(path.join(bin, 'mine'), 'utf8')).toMatch(/with the hub's MCP server\n/);
    expect(installCliShims(home, bin, only)).toEqual([]);
    expect(fs.existsSync(path.join(bin, 'mine'))).toBe(false);
  });
});

describe('settings.mcp and a profile turn it off', () => {
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.dispose();
    hub = undefined;
  });

  it('settings.mcp is on by default, false from a user file; a profile with mcp = false runs with BOTSTER_MCP=0', async () => {
    hub = await startHub({ agents: [] });
    expect(hub.config.settings.mcp).toBe(true);
    await hub.dispose();
    hub = await startHub({
      agents: [],
      home: realHome('dot-folder', {
        'user/settings.lua': 'settings.mcp = false\n',
        'user/profiles.lua':
          'profiles.define("plain", { command = "claude", mcp = false, env = { X = "1" } })\n',
      }),
    });
    expect(hub.config.settings.mcp).toBe(false);
    const plain = hub.config.profiles.find((p) => p.name === 'plain');
    expect(plain?.env).toEqual({ X: '1', BOTSTER_MCP: '0' });
  });
});
