import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runHooks } from '../../src/cli/hooks-command.js';
import { hookFacts } from '../../src/cli/agent-side/hook-input.js';
import { notifyList } from '../../src/agents/hook-snippets.js';
import { shippedClis } from '../support/status.js';

const CLIS = await shippedClis();
import { cliSync } from '../support/cli.js';

// `botster-tui hooks claude|codex|gemini --install` in a temp HOME (never this machine's own
// ~/.claude or ~/.codex): merged, backed up, idempotent, and a malformed file is left alone.

const tempHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster-hooks-'));

function hooks(
  args: string[],
  install: boolean,
  env: NodeJS.ProcessEnv,
): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runHooks(
    args,
    install,
    CLIS,
    env,
    env.HOME ?? '/nonexistent',
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out, err };
}
const runInstall = (cli: string, env: NodeJS.ProcessEnv) => hooks([cli], true, env);
const backups = (file: string) =>
  fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(`${path.basename(file)}.botster-backup-`));

const USER_CLAUDE = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '~/bin/guard.sh' }] }],
  },
};

describe('hooks claude --install', () => {
  it('merges into existing settings (the user keeps theirs), writes a backup, and a second install changes nothing', () => {
    const home = tempHome();
    const file = path.join(home, '.claude', 'settings.json');
    fs.mkdirSync(path.dirname(file));
    const before = `${JSON.stringify(USER_CLAUDE, null, 4)}\n`;
    fs.writeFileSync(file, before);
    const first = runInstall('claude', { HOME: home });
    expect(first.code).toBe(0);
    expect(first.out[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.]/g, '\\.')}: added SessionStart -> idle; added UserPromptSubmit -> running; .*added Stop -> done; added StopFailure -> done$`,
      ),
    );
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(s.model).toBe('opus');
    expect(s.permissions).toEqual(USER_CLAUDE.permissions);
    expect(s.hooks.Stop[0]).toEqual(USER_CLAUDE.hooks.Stop[0]);
    expect(s.hooks.Stop[1].hooks[0].command).toBe(
      '[ -z "$BOTSTER_AGENT_ID" ] || "$BOTSTER_HOME/bin/botster-tui" report --if-in-hub --stdin --state done',
    );
    expect(s.hooks.PreToolUse[0]).toEqual(USER_CLAUDE.hooks.PreToolUse[0]);
    expect(s.hooks.PreToolUse[1]).toMatchObject({ matcher: '*' });
    expect(s.hooks.Notification).toEqual([
      {
        matcher: 'permission_prompt|elicitation_dialog',
        hooks: [expect.objectContaining({ command: expect.stringContaining('--state waiting') })],
      },
    ]);
    expect(Object.keys(s.hooks)).toEqual([
      'Stop',
      'PreToolUse',
      'SessionStart',
      'UserPromptSubmit',
      'Notification',
      'StopFailure',
    ]);
    const [backup] = backups(file);
    expect(fs.readFileSync(path.join(path.dirname(file), backup), 'utf8')).toBe(before);
    expect(first.out).toContain(`the file as it was: ${path.join(path.dirname(file), backup)}`);

    const after = fs.readFileSync(file, 'utf8');
    const second = runInstall('claude', { HOME: home });
    expect(second).toEqual({
      code: 0,
      out: [`${file}: the hooks are already installed; nothing changed`],
      err: [],
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(after);
    expect(backups(file)).toHaveLength(1);
  });

  it('honours $CLAUDE_CONFIG_DIR, creates a missing file, and updates an older hook of ours in place', () => {
    const dir = path.join(tempHome(), 'claude-config');
    const file = path.join(dir, 'settings.json');
    expect(runInstall('claude', { HOME: tempHome(), CLAUDE_CONFIG_DIR: dir }).out[0]).toMatch(
      /: created; added SessionStart/,
    );
    expect(backups(file)).toEqual([]);
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    s.hooks.Stop[0].hooks[0].command = 'botster-tui report --state done';
    fs.writeFileSync(file, JSON.stringify(s));
    const r = runInstall('claude', { HOME: tempHome(), CLAUDE_CONFIG_DIR: dir });
    expect(r.out[0]).toBe(`${file}: updated Stop -> done`);
    const t = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(t.hooks.Stop).toHaveLength(1);
    expect(t.hooks.Stop[0].hooks[0].command).toContain('--if-in-hub');
  });

  it('a malformed settings.json is an error naming it; nothing is written', () => {
    const home = tempHome();
    for (const [text, message] of [
      ['{"model": "opus",', /is not valid JSON/],
      ['["a"]', /does not hold a JSON object/],
      ['{"hooks": []}', /"hooks" is not an object/],
      ['{"hooks": {"Stop": {}}}', /hooks\.Stop is not a list/],
    ] as const) {
      const file = path.join(home, '.claude', 'settings.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      const r = runInstall('claude', { HOME: home });
      expect(r.code).toBe(1);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toContain(file);
      expect(r.err[0]).toMatch(message);
      expect(r.err[0]).toMatch(/nothing was written$/);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      expect(backups(file)).toEqual([]);
    }
  });
});

const NOTIFY = `notify = ${notifyList()}`;

describe('hooks codex --install', () => {
  it('replaces an existing notify (kept as a comment and in the backup), keeps the rest byte for byte; twice changes nothing', () => {
    const home = tempHome();
    const file = path.join(home, '.codex', 'config.toml');
    fs.mkdirSync(path.dirname(file));
    const before =
      'model = "o3" # the best\napproval_policy = "on-request"\nnotify = [\n  "notify-send", # desktop\n  "Codex [done]",\n]\n\n[tui]\nnotifications = true\n\n[mcp_servers.docs]\ncommand = "docs"\nargs = ["--notify = x"]\n';
    fs.writeFileSync(file, before);
    const r = runInstall('codex', { HOME: home });
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain('replaced the notify it had');
    expect(r.out[0]).toContain('"notify-send", # desktop "Codex [done]", ]');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(
      'model = "o3" # the best\napproval_policy = "on-request"\n# botster-tui hooks replaced:\n# notify = [\n#   "notify-send", # desktop\n#   "Codex [done]",\n# ]\n' +
        `${NOTIFY}\n\n[tui]\nnotifications = true\n\n[mcp_servers.docs]\ncommand = "docs"\nargs = ["--notify = x"]\n`,
    );
    expect(backups(file).map((b) => fs.readFileSync(path.join(path.dirname(file), b), 'utf8'))).toEqual([
      before,
    ]);
    expect(runInstall('codex', { HOME: home }).out).toEqual([
      `${file}: the hooks are already installed; nothing changed`,
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(backups(file)).toHaveLength(1);
  });

  it('adds notify at the top level, before the first table, in $CODEX_HOME', () => {
    const dir = path.join(tempHome(), 'codex');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, 'model = "o3"\n[profiles.fast]\nnotify = "not the top level"\n');
    expect(runInstall('codex', { HOME: tempHome(), CODEX_HOME: dir }).out[0]).toBe(`${file}: added notify`);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `model = "o3"\n\n# botster-tui: reports to the hub it runs in (botster-tui hooks)\n${NOTIFY}\n\n[profiles.fast]\nnotify = "not the top level"\n`,
    );
  });

  it('the notify line is TOML Codex reads as an argv (checked with python tomllib when there is one)', () => {
    const py = spawnSync(
      'python3',
      ['-c', 'import sys, tomllib, json; print(json.dumps(tomllib.loads(sys.stdin.read())["notify"]))'],
      { input: NOTIFY, encoding: 'utf8' },
    );
    if (py.status !== 0) return; // no python 3.11 here
    expect(JSON.parse(py.stdout)).toEqual([
      'sh',
      '-c',
      '[ -z "$BOTSTER_AGENT_ID" ] || exec "$BOTSTER_HOME/bin/botster-tui" report --if-in-hub "$@"',
      'botster-tui-notify',
    ]);
  });

  it('a config.toml it cannot read is an error naming it (with the line); nothing is written', () => {
    const home = tempHome();
    const file = path.join(home, '.codex', 'config.toml');
    fs.mkdirSync(path.dirname(file));
    for (const text of ['model = "o3\n', 'notify = ["a",\n', 'notify = ["a"]\nnotify = ["b"]\n']) {
      fs.writeFileSync(file, text);
      const r = runInstall('codex', { HOME: home });
      expect(r.code).toBe(1);
      expect(r.err[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+: .*; nothing was written$`));
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
    }
    expect(backups(file)).toEqual([]);
  });
});

describe('hooks gemini and the printed snippets', () => {
  it('gemini --install writes its settings.json hooks under $GEMINI_CLI_HOME', () => {
    const gh = tempHome();
    const file = path.join(gh, '.gemini', 'settings.json');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '{"security": {"auth": {"selectedType": "oauth-personal"}}}');
    expect(runInstall('gemini', { HOME: tempHome(), GEMINI_CLI_HOME: gh }).code).toBe(0);
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(s.security.auth.selectedType).toBe('oauth-personal');
    expect(Object.keys(s.hooks)).toEqual([
      'SessionStart',
      'BeforeAgent',
      'BeforeTool',
      'Notification',
      'AfterAgent',
    ]);
    expect(s.hooks.AfterAgent[0].hooks[0]).toEqual({
      name: 'botster-report-AfterAgent',
      type: 'command',
      command: expect.stringContaining('--state done'),
      timeout: 5000,
    });
  });

  it('the CLI prints only the snippet on stdout, where it goes on stderr; an unknown CLI exits 2', () => {
    const env = { ...process.env, HOME: tempHome(), BOTSTER_AGENT_ID: '', CLAUDE_CONFIG_DIR: '' };
    const claude = cliSync(['hooks', 'claude'], { encoding: 'utf8', env });
    expect(claude.status).toBe(0);
    expect(Object.keys(JSON.parse(claude.stdout).hooks)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse',
      'Notification',
      'Stop',
      'StopFailure',
      'PermissionRequest',
    ]);
    expect(claude.stderr).toContain(path.join(env.HOME, '.claude', 'settings.json'));
    const codex = cliSync(['hooks', 'codex'], { encoding: 'utf8', env });
    expect(codex.stdout).toBe(`${NOTIFY}\n`);
    const bad = cliSync(['hooks', 'cursor'], { encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'hooks: no CLI named "cursor" (botster-tui hooks [claude|codex|droid|gemini|qwen] [--install])\n',
    );
    const none = cliSync(['hooks', 'aider'], { encoding: 'utf8', env });
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      'hooks: aider has no hooks to install in its own config (no hooks: its screen only)\n',
    );
    // Every CLI and how it reports: per launch, or its screen only.
    const all = hooks([], false, {});
    expect(all.code).toBe(0);
    expect(all.out.find((l) => l.startsWith('claude '))).toMatch(
      /per launch: --settings \$BOTSTER_HOME\/hooks\/claude-settings.json .*Stop -> done/,
    );
    expect(all.out.find((l) => l.startsWith('opencode '))).toMatch(/per launch: OPENCODE_CONFIG_CONTENT=/);
    expect(all.out.find((l) => l.startsWith('aider '))).toMatch(/no hooks: its screen only/);
    expect(hooks([], true, {}).code).toBe(2);
  });
});

describe("what report reads from a hook's JSON", () => {
  it.each([
    [
      {
        hook_event_name: 'Notification',
        message: 'Claude needs your permission to use Bash',
        session_id: 's',
      },
      { state: 'waiting', reason: 'Claude needs your permission to use Bash', session: 's' },
    ],
    [
      {
        hook_event_name: 'Notification',
        message: 'Claude is waiting for your input',
        notification_type: 'idle_prompt',
      },
      { forced: 'idle', reason: null },
    ],
    [
      { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'make test\nmake lint' } },
      { state: 'running', reason: 'Bash: make test' },
    ],
    [
      { hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: 'src/a.ts' } },
      { state: 'running', reason: 'Edit: src/a.ts' },
    ],
    [
      { hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'ls' } },
      { state: 'running', reason: 'run_shell_command: ls' },
    ],
    [
      {
        hook_event_name: 'Notification',
        notification_type: 'ToolPermission',
        message: 'Allow run_shell_command?',
        details: {},
      },
      { state: 'waiting', reason: 'Allow run_shell_command?' },
    ],
    [
      { hook_event_name: 'Stop', last_assistant_message: '\n  All tests pass.\nMore.' },
      { state: 'done', reason: 'All tests pass.' },
    ],
    [
      {
        hook_event_name: 'StopFailure',
        error: 'rate_limit',
        last_assistant_message: "You've hit your 5-hour limit · resets 3pm",
      },
      { state: 'done', reason: "You've hit your 5-hour limit · resets 3pm" },
    ],
    [
      { hook_event_name: 'StopFailure', error: 'server_error' },
      { state: 'done', reason: 'server_error' },
    ],
    [
      { hook_event_name: 'AfterAgent', prompt_response: 'Done.' },
      { state: 'done', reason: 'Done.' },
    ],
    [
      { hook_event_name: 'UserPromptSubmit', prompt: 'fix it' },
      { state: 'running', reason: null },
    ],
    [{ hook_event_name: 'SomethingNew', session_id: 'x' }, { session: 'x' }],
    [
      { type: 'agent-turn-complete', 'thread-id': 't', 'last-assistant-message': 'ok' },
      { state: 'done', reason: 'ok', session: 't' },
    ],
    [
      { type: 'exec-approval-request', command: ['git', 'push'] },
      { state: 'waiting', reason: 'git push' },
    ],
    [{ type: 'something-else' }, {}],
    // Copilot CLI (its plugin's hooks name no event; the state comes from --state): seen in 1.0.102.
    [
      {
        sessionId: 'c-1',
        hook_event_name: 'Notification',
        notification_type: 'permission_prompt',
        title: 'Permission needed',
        message: 'Run command: make test',
      },
      { session: 'c-1', state: 'waiting', reason: 'Run command: make test' },
    ],
    [
      {
        sessionId: 'c-1',
        toolName: 'bash',
        toolArgs: { command: 'make test', description: 'run the tests' },
      },
      { session: 'c-1', reason: 'bash: make test' },
    ],
    [{ sessionId: 'c-1', stopReason: 'end_turn' }, { session: 'c-1' }],
    // Cline 3.0.65's hook files (~/.cline/hooks/TaskStart, TaskComplete, ...): payloads as seen here.
    [
      {
        clineVersion: '',
        taskId: 'conv_1',
        sessionContext: { rootSessionId: '1795609313756_q87uf' },
        hookName: 'agent_start',
        taskStart: { taskMetadata: {} },
      },
      { session: '1795609313756_q87uf', state: 'running', reason: null },
    ],
    [
      {
        clineVersion: '',
        taskId: 'conv_1',
        sessionContext: { rootSessionId: 'r1' },
        hookName: 'tool_call',
        preToolUse: { toolName: 'run_commands', parameters: { command: 'make test' } },
      },
      { session: 'r1', state: 'running', reason: 'run_commands: make test' },
    ],
    [
      {
        clineVersion: '',
        taskId: 'conv_1',
        sessionContext: { rootSessionId: 'r1' },
        hookName: 'agent_end',
        turn: { outputText: 'Sure, done.\nMore.', status: 'completed' },
      },
      { session: 'r1', state: 'done', reason: 'Sure, done.' },
    ],
    [
      { taskId: 'conv_1', hookName: 'agent_abort' },
      { state: 'idle', reason: null },
    ],
    // A "hookName" without Cline's fields is not Cline's.
    [{ hookName: 'agent_end' }, {}],
    [null, {}],
    [[1], {}],
  ])('%j', (json, facts) => {
    expect(hookFacts(json)).toEqual(facts);
  });
});
