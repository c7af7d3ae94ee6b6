// The shipped profiles' resume functions (each lua/default/clis/<cli>.lua) in the real configuration
// runtime, against fake ~/.claude, ~/.codex and ~/.gemini folders made here: which command resumes
// which agent's conversation, from reported ids or from the CLI's own transcripts.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime, type ResumeAnswer } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { loadImprovement } from '../../src/lua/runtime/improvement-unit.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
const savedHome = process.env.HOME;
afterEach(() => {
  rt?.dispose();
  rt = null;
  process.env.HOME = savedHome;
});

async function runtime(files: Record<string, string> = {}): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome(files) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

const NOW = Date.now() / 1000;

/** An agent as the hub hands it to resume (hub-sessions.ts resumeFacts). */
function agent(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'a',
    command: 'claude',
    args: null,
    cwd: '/src/my.app',
    program: 'claude',
    command_program: 'claude',
    profile: null,
    env: {},
    started: NOW - 600,
    session: null,
    sessions: [],
    screen: [],
    worktree: null,
    ...extra,
  };
}

/** A file with this text, last modified `ago` seconds before now. */
function file(p: string, text: string, ago: number): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  const t = NOW - ago;
  fs.utimesSync(p, t, t);
}

const one = (r: ConfigRuntime, a: Record<string, unknown>): ResumeAnswer => r.resume([a])[0];

describe('Claude Code', () => {
  it('the id its SessionStart hook reported wins; without one, the newest transcript of the folder since the agent started', async () => {
    const home = tempHome();
    process.env.HOME = home;
    const projects = path.join(home, '.claude', 'projects', '-src-my-app');
    file(path.join(projects, 'old-before-start.jsonl'), '{}\n', 3600);
    file(path.join(projects, 'mine.jsonl'), '{}\n', 60);
    file(path.join(home, '.claude', 'projects', '-src-other', 'newer-elsewhere.jsonl'), '{}\n', 1);
    const r = await runtime();
    expect(one(r, agent({ sessions: [{ id: 'from-hook', program: 'claude', at: 'x' }] }))).toEqual({
      profile: 'claude',
      command: 'claude',
      args: ['--resume', 'from-hook'],
      session: 'from-hook',
    });
    expect(one(r, agent())).toEqual({
      profile: 'claude',
      command: 'claude',
      args: ['--resume', 'mine'],
      session: 'mine',
    });
    // Started after the only transcript of its folder was written: nothing of its own to resume.
    expect(one(r, agent({ started: NOW - 10 }))).toEqual({ profile: 'claude', none: true });
    expect(one(r, agent({ cwd: '/src/nothing/here' }))).toEqual({ profile: 'claude', none: true });
  });

  it('two agents in one folder: one reported its id, the other gets the transcript that is not that one; CLAUDE_CONFIG_DIR is followed', async () => {
    const dir = path.join(tempHome(), 'claude-config');
    const projects = path.join(dir, 'projects', '-src-my-app');
    file(path.join(projects, 'reported.jsonl'), '{}\n', 5);
    file(path.join(projects, 'unreported.jsonl'), '{}\n', 30);
    const r = await runtime();
    const env = { CLAUDE_CONFIG_DIR: dir };
    // The agent without a reported id comes first: it must still not take the other's.
    const [a, b] = r.resume([agent({ env }), agent({ env, sessions: [{ id: 'reported', at: 'x' }] })]);
    expect(a).toMatchObject({ args: ['--resume', 'unreported'] });
    expect(b).toMatchObject({ args: ['--resume', 'reported'] });
  });

  it("what runs: a profile agent keeps its profile's command and args; a command line's prompt is dropped; a shell agent running claude runs claude", async () => {
    const r = await runtime();
    const s = [{ id: 'S1', program: 'claude', at: 'x' }];
    expect(
      one(r, agent({ profile: 'claude', command: 'claude', args: ['--model', 'opus'], sessions: s })),
    ).toMatchObject({ command: 'claude', args: ['--model', 'opus', '--resume', 'S1'] });
    expect(one(r, agent({ profile: 'claude', command: 'claude --model opus', sessions: s }))).toMatchObject({
      command: 'claude --model opus --resume S1',
    });
    expect(one(r, agent({ command: 'claude', args: ['fix the bug'], sessions: s }))).toMatchObject({
      command: 'claude',
      args: ['--resume', 'S1'],
    });
    expect(one(r, agent({ command: '/opt/bin/claude', args: ['fix it'], sessions: s }))).toMatchObject({
      command: '/opt/bin/claude',
      args: ['--resume', 'S1'],
    });
    expect(one(r, agent({ command: '/opt/bin/claude "fix it"', sessions: s }))).toMatchObject({
      command: '/opt/bin/claude',
      args: ['--resume', 'S1'],
    });
    expect(one(r, agent({ command: 'env FOO=1 claude', sessions: s }))).toMatchObject({
      command: 'claude',
      args: ['--resume', 'S1'],
    });
    // bash, with claude in its foreground when recorded; codex ran in it before (its id is older).
    const shell = agent({
      command: '/bin/bash',
      args: [],
      command_program: 'bash',
      program: 'claude',
      sessions: [{ id: 'C1', program: 'codex', at: 'x' }, ...s],
    });
    expect(one(r, shell)).toEqual({
      profile: 'claude',
      command: 'claude',
      args: ['--resume', 'S1'],
      session: 'S1',
    });
    // A shell at its prompt, or a program no profile resumes: started again as it ran.
    expect(
      one(r, agent({ command: '/bin/bash', args: [], command_program: 'bash', program: 'bash' })),
    ).toEqual({ none: true });
    expect(one(r, agent({ command: 'vim', command_program: 'vim', program: 'vim' }))).toEqual({ none: true });
  });

  it("a path longer than Claude's 200 characters is found under its shortened name", async () => {
    const home = tempHome();
    process.env.HOME = home;
    const cwd = `/src/${'x'.repeat(220)}`;
    const slug = cwd.replace(/[^a-zA-Z0-9]/g, '-');
    file(path.join(home, '.claude', 'projects', `${slug.slice(0, 200)}-1k2j3h`, 'long.jsonl'), '{}\n', 5);
    const r = await runtime();
    expect(one(r, agent({ cwd }))).toMatchObject({ args: ['--resume', 'long'] });
  });
});

describe('Codex', () => {
  const meta = (id: string, cwd: string) =>
    `${JSON.stringify({ timestamp: 'x', type: 'session_meta', payload: { session_id: id, id, cwd, originator: 'codex_cli_rs', base_instructions: { text: 'y'.repeat(70000) } } })}\n{"type":"event"}\n`;

  it('the reported id, else the newest rollout since the agent started whose session_meta records its folder', async () => {
    const home = tempHome();
    process.env.HOME = home;
    const day = path.join(home, '.codex', 'sessions', '2026', '11', '23');
    file(
      path.join(day, 'rollout-2026-11-23T00-48-20-01a205e0-13d6-7bb0-bb98-2f22f53e32ab.jsonl'),
      meta('01a205e0-13d6-7bb0-bb98-2f22f53e32ab', '/src/my.app'),
      100,
    );
    file(
      path.join(day, 'rollout-2026-11-23T00-50-00-0000aaaa-13d6-7bb0-bb98-2f22f53e32ab.jsonl'),
      meta('0000aaaa-13d6-7bb0-bb98-2f22f53e32ab', '/src/elsewhere'),
      50,
    );
    file(
      path.join(
        home,
        '.codex',
        'sessions',
        '2026',
        '11',
        '20',
        'rollout-old-11111111-1111-1111-1111-111111111111.jsonl',
      ),
      meta('11111111-1111-1111-1111-111111111111', '/src/my.app'),
      3 * 86400,
    );
    const r = await runtime();
    const codex = (extra: Record<string, unknown>) =>
      agent({ command: 'codex', command_program: 'codex', program: 'codex', ...extra });
    expect(one(r, codex({ sessions: [{ id: 'T9', at: 'x' }] }))).toEqual({
      profile: 'codex',
      command: 'codex',
      args: ['resume', 'T9'],
      session: 'T9',
    });
    expect(one(r, codex({}))).toEqual({
      profile: 'codex',
      command: 'codex',
      args: ['resume', '01a205e0-13d6-7bb0-bb98-2f22f53e32ab'],
      session: '01a205e0-13d6-7bb0-bb98-2f22f53e32ab',
    });
    expect(one(r, codex({ cwd: '/src/nowhere' }))).toEqual({ profile: 'codex', none: true });
    expect(one(r, codex({ started: NOW - 20 }))).toEqual({ profile: 'codex', none: true });
    // CODEX_HOME in the agent's env: another folder, with nothing in it.
    expect(one(r, codex({ env: { CODEX_HOME: path.join(home, 'none') } }))).toEqual({
      profile: 'codex',
      none: true,
    });
  });
});

describe('Gemini CLI', () => {
  it("the reported id, else the newest session since the start in the folder whose .project_root names the agent's", async () => {
    const home = tempHome();
    process.env.HOME = home;
    const tmp = path.join(home, '.gemini', 'tmp');
    file(path.join(tmp, 'my-app', '.project_root'), '/src/my.app', 1000);
    file(
      path.join(tmp, 'my-app', 'chats', 'session-2026-11-23T00-48-abcd1234.jsonl'),
      `${JSON.stringify({ sessionId: 'abcd1234-0000-4000-8000-000000000000', projectHash: 'h', kind: 'main' })}\n`,
      30,
    );
    file(path.join(tmp, 'other', '.project_root'), '/src/other', 1000);
    file(
      path.join(tmp, 'other', 'chats', 'session-2026-11-23T00-49-ffff0000.jsonl'),
      `${JSON.stringify({ sessionId: 'ffff0000-0000-4000-8000-000000000000' })}\n`,
      1,
    );
    const r = await runtime();
    const gemini = (extra: Record<string, unknown>) =>
      agent({ command: 'gemini', command_program: 'gemini', program: 'gemini', ...extra });
    expect(one(r, gemini({ sessions: [{ id: 'G1', at: 'x' }] }))).toMatchObject({
      command: 'gemini',
      args: ['--resume', 'G1'],
    });
    expect(one(r, gemini({}))).toMatchObject({
      command: 'gemini',
      args: ['--resume', 'abcd1234-0000-4000-8000-000000000000'],
    });
    expect(one(r, gemini({ started: NOW - 5 }))).toEqual({ profile: 'gemini', none: true });
  });
});

describe('Aider', () => {
  it('--restore-chat-history, its files and flags kept; not twice', async () => {
    const r = await runtime();
    const aider = (extra: Record<string, unknown>) =>
      agent({ command: 'aider', command_program: 'aider', program: 'aider', ...extra });
    expect(one(r, aider({ args: ['--model', 'sonnet', 'src/a.py'] }))).toEqual({
      profile: 'aider',
      command: 'aider',
      args: ['--model', 'sonnet', 'src/a.py', '--restore-chat-history'],
    });
    expect(one(r, aider({ command: 'aider src/a.py' }))).toEqual({
      profile: 'aider',
      command: 'aider src/a.py --restore-chat-history',
    });
    expect(one(r, aider({ args: ['--restore-chat-history'] }))).toEqual({
      profile: 'aider',
      command: 'aider',
      args: ['--restore-chat-history'],
    });
  });
});

describe('your own profiles', () => {
  it('a redefined "claude" keeps the shipped resume (resume = false drops it); a profile of yours resumes its agents', async () => {
    const r = await runtime({
      'user/profiles.lua': [
        'profiles.define("claude", { command = "claude", args = { "--model", "opus" } })',
        'profiles.define("codex", { command = "codex", resume = false })',
        'profiles.define("mine", { command = "mycli", match = "mycli", resume = function(agent) return { command = "mycli", args = { "--continue", agent.session or "last" } } end })',
      ].join('\n'),
    });
    expect(
      one(r, agent({ profile: 'claude', args: ['--model', 'opus'], sessions: [{ id: 'S', at: 'x' }] })),
    ).toMatchObject({ args: ['--model', 'opus', '--resume', 'S'] });
    expect(
      one(
        r,
        agent({
          command: 'codex',
          command_program: 'codex',
          program: 'codex',
          sessions: [{ id: 'T', at: 'x' }],
        }),
      ),
    ).toEqual({ none: true });
    expect(
      one(r, agent({ command: 'mycli', command_program: 'mycli', program: 'mycli', session: 'X1' })),
    ).toEqual({ profile: 'mine', command: 'mycli', args: ['--continue', 'X1'] });
    // The shipped profiles are not in the spawn dialog; yours are.
    expect(
      r
        .export()
        .profiles.filter((p) => p.listed !== false)
        .map((p) => p.name),
    ).toEqual(['claude', 'codex', 'mine']);
    expect(r.export().profiles.find((p) => p.name === 'gemini')).toMatchObject({
      listed: false,
      resumes: true,
    });
  });

  it('a resume that fails or returns nonsense is an answer with file:line, the others are still answered', async () => {
    const r = await runtime({
      'user/profiles.lua': [
        'profiles.define("boom", { command = "boom", match = "boom", resume = function(agent) error("no transcript folder") end })',
        'profiles.define("odd", { command = "odd", match = "odd", resume = function(agent) return { args = {} } end })',
      ].join('\n'),
    });
    const [boom, odd, claude] = r.resume([
      agent({ program: 'boom' }),
      agent({ program: 'odd' }),
      agent({ sessions: [{ id: 'S', at: 'x' }] }),
    ]);
    expect(boom).toEqual({
      profile: 'boom',
      error: expect.stringMatching(/\/user\/profiles\.lua:1: no transcript folder$/),
    });
    expect(odd).toEqual({
      profile: 'odd',
      error: expect.stringMatching(
        /\/user\/profiles\.lua:2: resume of profile "odd" must return \{ command = "\.\.\.", args = \{ \.\.\. \} \} or nil$/,
      ),
    });
    expect(claude).toMatchObject({ args: ['--resume', 'S'] });
  });

  it('profiles.define checks resume, match and listed', async () => {
    await expect(
      runtime({ 'user/profiles.lua': 'profiles.define("x", { command = "x", resume = "yes" })' }),
    ).rejects.toThrow(
      /user\/profiles\.lua:1: profiles.define "x": resume must be a function\(agent, restore\) or false/,
    );
    await expect(
      runtime({ 'user/profiles.lua': 'profiles.define("x", { command = "x", match = 3 })' }),
    ).rejects.toThrow(/user\/profiles\.lua:1: profiles.define "x": match must be a program name pattern/);
    await expect(
      runtime({ 'user/profiles.lua': 'profiles.define("x", { command = "x", listed = "no" })' }),
    ).rejects.toThrow(/user\/profiles\.lua:1: profiles.define "x": listed must be true or false/);
  });
});

describe('files (the primitive resume functions read with)', () => {
  it('glob: newest first, * and ? per segment, limit, no dotfiles for *, a relative pattern is an error; read_line and json_line say why not', async () => {
    const home = tempHome();
    process.env.HOME = home;
    file(path.join(home, 'd', 'a1', 'x.jsonl'), '{"n":1}\nnot json\n{"n":3}', 30);
    file(path.join(home, 'd', 'a2', 'y.jsonl'), '{"n":2}\n', 10);
    file(path.join(home, 'd', '.hidden', 'z.jsonl'), '{}\n', 1);
    file(path.join(home, 'd', 'b1', 'w.jsonl'), '{}\n', 1);
    const r = await runtime({
      'user/hooks.lua': `commands.register("t.files", function(app, arg)
        local out = {}
        for _, f in ipairs(files.glob("~/d/a?/*.jsonl")) do out[#out + 1] = f.name end
        out[#out + 1] = #files.glob("~/d/*/*.jsonl", { limit = 1 })
        out[#out + 1] = files.json_line("${home}/d/a1/x.jsonl").n
        out[#out + 1] = files.json_line("${home}/d/a1/x.jsonl", 3).n
        out[#out + 1] = select(2, files.json_line("${home}/d/a1/x.jsonl", 2))
        out[#out + 1] = select(2, files.read_line("${home}/nothing"))
        out[#out + 1] = files.read_line("${home}/d/a1/x.jsonl", 2)
        out[#out + 1] = select(2, pcall(files.glob, "relative/*"))
        app:notify(table.concat(out, "|"))
      end)`,
    });
    const [n] = r.runCommand('t.files', {
      agents: [],
      focused_id: null,
      selected: null,
      mode: 'normal',
      size: { width: 80, height: 24 },
      error: null,
    }) as Array<{ text: string }>;
    expect(n.text.split('|')).toEqual([
      'y.jsonl',
      'x.jsonl',
      '1',
      '1',
      '3',
      expect.stringMatching(/x\.jsonl:2: not JSON/),
      `${home}/nothing: ENOENT`,
      'not json',
      expect.stringMatching(/files\.glob: "relative\/\*" is not an absolute path/),
    ]);
  });

  it("os.getenv reads the hub's environment; improvements cannot read files", async () => {
    process.env.BOTSTER_TEST_RESUME_VAR = 'seen';
    const r = await runtime({
      'user/hooks.lua':
        'commands.register("t.env", function(app) app:notify(os.getenv("BOTSTER_TEST_RESUME_VAR")) end)',
    });
    expect(
      r.runCommand('t.env', {
        agents: [],
        focused_id: null,
        selected: null,
        mode: 'normal',
        size: { width: 80, height: 24 },
        error: null,
      }),
    ).toEqual([{ type: 'notify', text: 'seen', level: 'info' }]);
    delete process.env.BOTSTER_TEST_RESUME_VAR;
    // An improvement (an agent's code, sandboxed) has no files and no real environment.
    const unit = await loadImprovement(
      'peek',
      'assert(files == nil, "files is there"); assert(os.getenv == nil, "getenv is there")',
      readConfigFiles({ home: tempHome() }).filter((f) => f.layer === 'core'),
      () => {},
    );
    unit.dispose();
  });
});
