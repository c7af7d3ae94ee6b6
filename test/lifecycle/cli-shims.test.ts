import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { installCliShims } from '../../src/lifecycle/cli-shims.js';
import { realHome } from '../support/hub.js';
import { shippedClis } from '../support/status.js';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { cliOut } from '../support/cli.js';

// The agent says it first: the shims the hub writes for claude, codex and gemini add its hooks to
// one launch (flags, environment), never to the user's files. Run for real under sh, with
// recording stand-ins for the CLIs; then a shell agent in a real hub where `claude` is typed.

const HOOK_CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/fixtures/hook-cli');
/** A folder no one else may write, as a user's home is (the system's temp folder is not). */
const CLIS = await shippedClis();
const PRIVATE = fs.mkdtempSync(path.join(os.homedir(), '.botster-test-'));
fs.chmodSync(PRIVATE, 0o755);
afterAll(() => fs.rmSync(PRIVATE, { recursive: true, force: true }));

/** A home with the shims, and a folder of recording stand-ins (each prints its argv and the env it was given). */
function setup(base?: string) {
  const home = base ? path.join(base, '.botster') : realHome('spaces');
  if (base) fs.mkdirSync(home, { recursive: true });
  const bin = installAgentBin(home);
  installCliShims(home, bin, CLIS);
  const fakes = fs.mkdtempSync(path.join(os.tmpdir(), 'botster real clis '));
  for (const cli of ['claude', 'codex', 'gemini', 'copilot', 'droid', 'pi'])
    fs.writeFileSync(
      path.join(fakes, cli),
      '#!/bin/sh\nprintf "%s\\n" "$0" "$@"; echo "SYS=${GEMINI_CLI_SYSTEM_SETTINGS_PATH:-}"; echo "AGENT=${BOTSTER_AGENT_ID:-}" >&2\n',
      { mode: 0o755 },
    );
  const user = fs.mkdtempSync(path.join(os.tmpdir(), 'botster user home '));
  const env = (extra: Record<string, string | undefined> = {}) => {
    const e: Record<string, string | undefined> = {
      PATH: `${bin}:${bin}/:${fakes}:/usr/bin:/bin`,
      HOME: user,
      BOTSTER_HOME: home,
      BOTSTER_AGENT_ID: '1',
      ...extra,
    };
    for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
    return e as Record<string, string>;
  };
  /** What the real CLI got: its path, then its arguments; and the system settings it was pointed at. */
  const launch = (cli: string, args: string[], extra?: Record<string, string | undefined>) => {
    const r = spawnSync(cli, args, { env: env(extra), encoding: 'utf8' });
    const lines = r.stdout.trim().split('\n');
    return {
      status: r.status,
      stderr: r.stderr,
      real: lines[0],
      args: lines.slice(1, -1),
      sys: lines.at(-1)!,
    };
  };
  return { home, bin, fakes, user, launch, env };
}

describe('the shims for claude, codex and gemini', () => {
  it('claude: the real one (past our folder, listed twice on PATH) with --settings pointing at the hooks; its own commands and non-agents untouched', () => {
    const s = setup();
    const got = s.launch('claude', ['fix the bug']);
    expect(got.real).toBe(path.join(s.fakes, 'claude'));
    const settings = path.join(s.home, 'hooks', 'claude-settings.json');
    expect(got.args).toEqual(['--settings', settings, 'fix the bug']);
    const hooks = JSON.parse(fs.readFileSync(settings, 'utf8')).hooks;
    expect(Object.keys(hooks)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse',
      'Notification',
      'Stop',
      'StopFailure',
      'PermissionRequest',
    ]);
    // Its permission questions go to your rules first (docs/permissions.md).
    expect(hooks.PermissionRequest).toEqual([
      {
        matcher: '*',
        hooks: [
          {
            type: 'command',
            command: '[ -z "$BOTSTER_AGENT_ID" ] || "$BOTSTER_HOME/bin/botster-tui" permission-hook',
            timeout: 30,
          },
        ],
      },
    ]);
    expect(hooks.Notification[0].hooks[0].command).toMatch(
      /"\$BOTSTER_HOME\/bin\/botster-tui" report --if-in-hub --stdin --state waiting/,
    );
    // Beside the state report, SendMessage goes to the hub first (docs/teams.md), with Claude's config folder.
    expect(hooks.PreToolUse.map((g: { matcher: string }) => g.matcher)).toEqual(['*', 'SendMessage']);
    expect(hooks.PreToolUse[1].hooks[0]).toMatchObject({
      command: expect.stringMatching(
        /"\$BOTSTER_HOME\/bin\/botster-tui" message-hook --config "\$\{CLAUDE_CONFIG_DIR:-\$HOME\/\.claude\}"$/,
      ),
      timeout: 120,
    });
    expect(s.launch('claude', ['mcp', 'list']).args).toEqual(['mcp', 'list']);
    // The user's own --settings would replace ours (the last wins): theirs alone, as they asked.
    expect(s.launch('claude', ['--settings', 'mine.json', 'go']).args).toEqual([
      '--settings',
      'mine.json',
      'go',
    ]);
    expect(s.launch('claude', ['x'], { BOTSTER_AGENT_ID: undefined }).args).toEqual(['x']);
    expect(s.launch('claude', ['x'], { BOTSTER_HOOKS: '0' }).args).toEqual(['x']);
    // A CLI run by a wired one (claude -p from Claude's Bash tool) is not the agent: unwired, and
    // without the agent's id (its own hooks, if any, report nothing for the agent).
    const nested = s.launch('claude', ['-p', 'inner'], { BOTSTER_WIRED: 'claude' });
    expect(nested).toMatchObject({ args: ['-p', 'inner'], stderr: 'AGENT=\n' });
    expect(s.launch('claude', ['-p', 'outer']).stderr).toBe('AGENT=1\n');
    expect(s.launch('claude', ['x'], { BOTSTER_WIRED: 'codex' }).args).toEqual(['x']);
    // The user installed the hub's hooks in their own settings (botster-tui hooks claude): once is enough.
    fs.mkdirSync(path.join(s.user, '.claude'));
    fs.writeFileSync(
      path.join(s.user, '.claude', 'settings.json'),
      '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"\\"$BOTSTER_HOME/bin/botster-tui\\" report --if-in-hub --stdin --state done"}]}]}}',
    );
    expect(s.launch('claude', ['x']).args).toEqual(['x']);
    expect(fs.readFileSync(path.join(s.user, '.claude', 'settings.json'), 'utf8')).not.toMatch(
      /SessionStart/,
    );
  });

  it('codex: -c notify for this launch, unless the user has a notify of their own', () => {
    const s = setup();
    const got = s.launch('codex', ['resume', 'abc']);
    expect(got.args[0]).toBe('-c');
    expect(got.args[1]).toMatch(
      /^notify=\["sh", "-c", ".*botster-tui\\" report --if-in-hub \\"\$@\\"", "botster-tui-notify"\]$/,
    );
    expect(got.args.slice(2)).toEqual(['resume', 'abc']);
    fs.mkdirSync(path.join(s.user, '.codex'));
    fs.writeFileSync(path.join(s.user, '.codex', 'config.toml'), 'model = "x"\nnotify = ["my-notifier"]\n');
    expect(s.launch('codex', ['resume', 'abc']).args).toEqual(['resume', 'abc']);
  });

  it('gemini: its system settings file for this launch, unless one is set already', () => {
    // Gemini CLI refuses a settings file below a folder others may write (/tmp): a home that is not.
    const s = setup(fs.mkdtempSync(path.join(PRIVATE, 'home ')));
    const file = path.join(s.home, 'hooks', 'gemini-system-settings.json');
    const got = s.launch('gemini', ['-p', 'hi']);
    expect(got.args).toEqual(['-p', 'hi']);
    expect(got.sys).toBe(`SYS=${file}`);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).hooks)).toContain('Notification');
    expect(s.launch('gemini', [], { GEMINI_CLI_SYSTEM_SETTINGS_PATH: '/mine.json' }).sys).toBe(
      'SYS=/mine.json',
    );
    // Below /tmp (others may write it): run as it is, with no settings file it would refuse.
    expect(setup().launch('gemini', ['-p', 'hi'])).toMatchObject({ args: ['-p', 'hi'], sys: 'SYS=' });
  });

  it('opencode: an inline configuration naming the hub plugin for this launch, unless one is set already', () => {
    const s = setup();
    fs.writeFileSync(
      path.join(s.fakes, 'opencode'),
      '#!/bin/sh\necho "$0"; echo "$OPENCODE_CONFIG_CONTENT"\n',
      {
        mode: 0o755,
      },
    );
    const run = (extra: Record<string, string> = {}) =>
      spawnSync('opencode', ['-c'], {
        env: { ...process.env, ...s.env(extra) },
        encoding: 'utf8',
      }).stdout.split('\n')[1];
    const plugin = path.join(s.home, 'hooks', 'opencode-plugin.js');
    expect(JSON.parse(run())).toEqual({ plugin: [pathToFileURL(plugin).href] });
    expect(run({ OPENCODE_CONFIG_CONTENT: '{"model":"mine"}' })).toBe('{"model":"mine"}');
  });

  it('copilot, droid, pi, qwen, kilo: each wired for the launch as its file says', () => {
    const s = setup();
    const hooks = path.join(s.home, 'hooks');
    const copilot = s.launch('copilot', ['-i', 'go']);
    expect(copilot.args).toEqual(['--plugin-dir', path.join(hooks, 'copilot-plugin'), '-i', 'go']);
    expect(
      JSON.parse(fs.readFileSync(path.join(hooks, 'copilot-plugin', 'plugin.json'), 'utf8')),
    ).toMatchObject({
      hooks: 'hooks.json',
    });
    const events = JSON.parse(
      fs.readFileSync(path.join(hooks, 'copilot-plugin', 'hooks.json'), 'utf8'),
    ).hooks;
    expect(events.notification[0].bash).toMatch(/botster-tui" report --if-in-hub --stdin --state waiting$/);
    expect(events.agentStop[0].bash).toMatch(/--state done$/);
    expect(s.launch('copilot', ['--version']).args).toEqual(['--version']);
    expect(s.launch('droid', ['go']).args).toEqual([
      '--settings',
      path.join(hooks, 'droid-settings.json'),
      'go',
    ]);
    expect(s.launch('droid', ['--settings', 'mine.json']).args).toEqual(['--settings', 'mine.json']);
    expect(s.launch('pi', ['go']).args).toEqual(['-e', path.join(hooks, 'pi-extension.ts'), 'go']);
    for (const [cli, v] of [
      ['qwen', 'QWEN_CODE_SYSTEM_DEFAULTS_PATH'],
      ['kilo', 'KILO_CONFIG_CONTENT'],
    ])
      fs.writeFileSync(path.join(s.fakes, cli), `#!/bin/sh\necho "$0"; echo "$${v}"\n`, { mode: 0o755 });
    const env = (cli: string, extra: Record<string, string> = {}) =>
      spawnSync(cli, [], { env: { ...process.env, ...s.env(extra) }, encoding: 'utf8' }).stdout.split(
        '\n',
      )[1];
    expect(env('qwen')).toBe(path.join(hooks, 'qwen-system-defaults.json'));
    expect(
      Object.keys(JSON.parse(fs.readFileSync(path.join(hooks, 'qwen-system-defaults.json'), 'utf8')).hooks),
    ).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'Notification', 'Stop']);
    expect(env('qwen', { QWEN_CODE_SYSTEM_DEFAULTS_PATH: '/mine.json' })).toBe('/mine.json');
    expect(JSON.parse(env('kilo'))).toEqual({
      plugin: [pathToFileURL(path.join(hooks, 'opencode-plugin.js')).href],
    });
  });

  it('copilot older than 1.0.11 (as its npm package says) runs as it is: --plugin-dir came in 1.0.11; a newer one, or one with no package, is wired', () => {
    const s = setup();
    const hooks = path.join(s.home, 'hooks');
    const roots: string[] = [];
    /** A copilot installed by npm at this release: node_modules/.bin/copilot -> ../@github/copilot/index.js. */
    const installed = (version: string, name = '@github/copilot') => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'botster npm copilot '));
      roots.push(root);
      const pkg = path.join(root, 'node_modules', '@github', 'copilot');
      fs.mkdirSync(pkg, { recursive: true });
      fs.mkdirSync(path.join(root, 'node_modules', '.bin'));
      fs.writeFileSync(path.join(pkg, 'index.js'), fs.readFileSync(path.join(s.fakes, 'copilot')), {
        mode: 0o755,
      });
      fs.writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({ name, version, bin: { copilot: 'index.js' } }, null, 2),
      );
      fs.symlinkSync('../@github/copilot/index.js', path.join(root, 'node_modules', '.bin', 'copilot'));
      return `${s.bin}:${path.join(root, 'node_modules', '.bin')}:/usr/bin:/bin`;
    };
    const wired = ['--plugin-dir', path.join(hooks, 'copilot-plugin'), '-i', 'go'];
    for (const old of ['0.0.354', '1.0.10', '1.0.4-0'])
      expect(s.launch('copilot', ['-i', 'go'], { PATH: installed(old) }).args, old).toEqual(['-i', 'go']);
    for (const v of ['1.0.11', '1.0.102', '2.0.0', '1.1.0'])
      expect(s.launch('copilot', ['-i', 'go'], { PATH: installed(v) }).args, v).toEqual(wired);
    // Another package's manifest beside it says nothing of copilot's release.
    expect(s.launch('copilot', ['-i', 'go'], { PATH: installed('0.0.1', 'something-else') }).args).toEqual(
      wired,
    );
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it("opencode's plugin: its bus events become reports, in order, a repeated status once", async () => {
    const s = setup();
    const log = path.join(s.home, 'reports.log');
    // The hub's CLI, recording instead of reporting.
    fs.writeFileSync(path.join(s.bin, 'botster-tui'), `#!/bin/sh\necho "$*" >> '${log}'\n`, { mode: 0o755 });
    const saved = { ...process.env };
    Object.assign(process.env, { BOTSTER_HOME: s.home, BOTSTER_AGENT_ID: '1' });
    try {
      const mod = await import(pathToFileURL(path.join(s.home, 'hooks', 'opencode-plugin.js')).href);
      const hooks = await mod.BotsterHub({});
      const sid = 'ses_1';
      for (const event of [
        { type: 'session.created', properties: { info: { id: sid } } },
        { type: 'session.status', properties: { sessionID: sid, status: { type: 'busy' } } },
        { type: 'session.status', properties: { sessionID: sid, status: { type: 'busy' } } },
        { type: 'message.updated', properties: { sessionID: sid } },
        {
          type: 'permission.asked',
          properties: { sessionID: sid, permission: 'bash', patterns: ['make test'] },
        },
        { type: 'permission.replied', properties: { sessionID: sid, reply: 'once' } },
        { type: 'session.idle', properties: { sessionID: sid } },
      ])
        await hooks.event({ event });
      const end = Date.now() + 10000;
      while (
        (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').length : 0) < 6 &&
        Date.now() < end
      )
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.env = saved;
    }
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'report --if-in-hub --state idle --session ses_1',
      'report --if-in-hub --state running --session ses_1',
      'report --if-in-hub --state waiting --reason bash: make test --session ses_1',
      'report --if-in-hub --state running --session ses_1',
      'report --if-in-hub --state done --session ses_1',
    ]);
  });

  it('none installed past our folder: a clear "command not found" and 127', () => {
    const s = setup();
    fs.rmSync(path.join(s.fakes, 'claude'));
    const r = spawnSync('claude', [], {
      env: { PATH: `${s.bin}:/usr/bin:/bin`, HOME: s.user, BOTSTER_AGENT_ID: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(127);
    expect(r.stderr).toMatch(
      /claude: command not found \(botster-tui's shim in .* found no other claude on PATH\)/,
    );
  });
});

describe("a CLI's own hooks reach the hub with no file written by hand", () => {
  const { running, homes } = stoppedAfterEach();

  it('`claude` typed into a shell agent: its hooks (added for that launch) say waiting, with the reason and its session', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const log = path.join(path.dirname(home), 'launches.log');
    const env = ptyEnv({
      SHELL: '/bin/sh',
      PS1: '$ ',
      BOTSTER_HOME: undefined,
      BOTSTER_SOCKET: undefined,
      HOOK_CLI_LOG: log,
      PATH: `${HOOK_CLI}:${process.env.PATH}`,
    });
    const r = run(['--home', home], 120, 30, { env, cwd: path.dirname(home) });
    running.push(r);
    await waitScreen(r, /\$ /);
    r.pty.write('claude\r');
    await waitScreen(r, /1 sh › claude waiting/);
    const agents = JSON.parse(
      cliOut(['agents', '--json', '--home', home], { encoding: 'utf8', env }),
    ) as Array<{ state: string; reason: string; session?: string }>;
    expect(agents[0]).toMatchObject({ state: 'waiting', reason: 'Claude needs your permission to use Bash' });
    expect(JSON.stringify(agents[0])).toContain('sess-42');
    // (and the hub's MCP server, on by default: docs/mcp.md)
    const launched = JSON.parse(fs.readFileSync(log, 'utf8').trim()) as string[];
    expect(launched.slice(0, 2)).toEqual(['--settings', path.join(home, 'hooks', 'claude-settings.json')]);
    expect(launched[2]).toContain(JSON.stringify(path.join(home, 'bin', 'botster-tui')));
    expect(fs.existsSync(path.join(path.dirname(home), '.claude'))).toBe(false);
  });
});
