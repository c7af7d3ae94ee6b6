import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { cliExec } from '../support/cli.js';
import {
  CLAUDE_TEST_KEY,
  claudeEnv,
  claudeHome,
  claudeMcpConnected,
  hubCli,
  useMockModel,
} from '../support/real-claude.js';
import { hasPodman } from '../support/podman.js';
import { BIN_DIR } from '../support/remote.js';
import { luaList, usePod } from '../support/engines.js';

// A real Claude Code moved to another machine in the middle of its conversation (issue 98): it
// runs in a hub here against the local mock model, in a worktree with a commit of its work, two
// turns done; `botster-tui move c pod` carries its branch and its transcript into a podman
// container (its own file system and home), it resumes there with `claude --resume`, and its third
// turn reaches the model with the first two. The agent here is gone. The CLI is the one
// BOTSTER_TEST_CLIS names (its bin folder), else a scratch install's, else the PATH's.

const CLIS = [
  process.env.BOTSTER_TEST_CLIS,
  '/root/scratch-claude/node_modules/.bin',
  ...(process.env.PATH ?? '').split(':'),
].find((d) => !!d && fs.existsSync(path.join(d, 'claude')));

interface Row {
  id: string;
  name: string;
  state: string;
  machine?: string;
  session?: string | null;
}
const rows = (home: string): Row[] => {
  const out = JSON.parse(hubCli(home, 'agents', '--json').stdout || '[]') as Row[] | { agents: Row[] };
  return Array.isArray(out) ? out : out.agents;
};

/** The user's turns a request to the model carries. */
function userTexts(body: Record<string, unknown>): string {
  const out: string[] = [];
  for (const m of (body.messages as Array<Record<string, unknown>> | undefined) ?? []) {
    if (m.role !== 'user') continue;
    const c = m.content;
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c))
      for (const x of c as Array<Record<string, unknown>>) if (typeof x.text === 'string') out.push(x.text);
  }
  return out.join('\n');
}

describe.skipIf(!CLIS || !hasPodman)('moving a real Claude Code to another machine', () => {
  const { running, homes } = stoppedAfterEach();
  const mock = useMockModel();
  const pod = usePod();

  it('it resumes there in the same conversation and folder, its commit in its branch, and is gone here', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-move-claude-'));
    const home = path.join(base, 'hub');
    homes.push(home);
    const user = path.join(base, 'user');
    const repo = path.join(base, 'work');
    const wt = path.join(base, 'work-topic');
    const git = (cwd: string, ...a: string[]) => execFileSync('git', ['-C', cwd, ...a], { encoding: 'utf8' });
    fs.mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
    git(repo, 'worktree', 'add', '-q', '-b', 'topic', wt);
    claudeHome(user, [wt]);
    const model = await mock.start([{ text: 'Noted.' }]);

    // The other machine: a container with its own home, where the same Claude Code is installed.
    const cliRoot = path.dirname(fs.realpathSync(CLIS!));
    const p = pod([cliRoot], {
      PATH: `${CLIS}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      ANTHROPIC_BASE_URL: model.url,
      ANTHROPIC_API_KEY: CLAUDE_TEST_KEY,
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    });
    const there = path.join(base, 'there');
    claudeHome(there, [wt]);
    fs.mkdirSync(path.join(there, '.botster', 'user'), { recursive: true });
    // (a container is its box: its hub runs agents unboxed, as this one does here)
    fs.writeFileSync(path.join(there, '.botster', 'user', 'settings.lua'), 'settings.sandbox = false\n');
    // Another hub there, whose user takes no agent from elsewhere.
    fs.mkdirSync(path.join(there, 'closed', 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(there, 'closed', 'user', 'hooks.lua'),
      'hooks.on("before_agent_arrive", function(ev) return false, "no room for " .. ev.agent.name end)\n',
    );
    p.sh('rm -rf /home/agent');
    p.cp(there, '/home/agent');

    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'machines.lua'),
      [
        'settings.sandbox = false',
        `machines.define("pod", { exec = ${luaList(p.exec)}, env = { CONTAINERS_CONF = ${JSON.stringify(p.env.CONTAINERS_CONF)} }, command = ${JSON.stringify(path.join(BIN_DIR, 'botster-tui'))} })`,
        `machines.define("closed", { exec = ${luaList(p.exec)}, home = "/home/agent/closed", env = { CONTAINERS_CONF = ${JSON.stringify(p.env.CONTAINERS_CONF)} }, command = ${JSON.stringify(path.join(BIN_DIR, 'botster-tui'))} })`,
        '',
      ].join('\n'),
    );
    const env = claudeEnv(user, CLIS!, model.url);
    const r = run(['--home', home], 140, 40, { env, cwd: wt });
    running.push(r);
    const fail = (err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\nagents: ${JSON.stringify(rows(home))}`);
    };
    await waitScreen(r, /Botster Hub/, 30000).catch(fail);
    expect(hubCli(home, 'new', '--name', 'c', '--cwd', wt, '--', 'claude').status).toBe(0);
    const c = await until(
      'claude reported its session',
      () => rows(home).find((a) => a.name === 'c' && a.session),
      60000,
    ).catch(fail);
    // (its MCP server, the hub's, connected: the mock model answers a turn only once it offers its tools)
    await claudeMcpConnected(user).catch(fail);
    const say = async (text: string) => {
      hubCli(home, 'send', 'c', text);
      await new Promise((res) => setTimeout(res, 300));
      hubCli(home, 'send', 'c', '', '--keys', 'enter');
    };
    const asked = (word: string) =>
      model.requests
        .filter((q) => q.path.endsWith('/messages'))
        .map((q) => userTexts(q.body))
        .find((t) => t.includes(word));
    const turnOver = () => ['idle', 'done'].includes(rows(home).find((a) => a.name === 'c')?.state ?? '');

    await say('remember the word apricot');
    await until('the first turn reached the model', () => asked('apricot'), 60000).catch(fail);
    await until('its first turn is over', turnOver, 60000).catch(fail);
    // Its work: a commit in its worktree.
    fs.writeFileSync(path.join(wt, 'notes.md'), 'apricot\n');
    git(wt, 'add', 'notes.md');
    git(wt, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'notes of the first turn');
    await say('and the word banana');
    await until('the second turn reached the model', () => asked('banana'), 60000).catch(fail);
    await until('its second turn is over', turnOver, 60000).catch(fail);

    await until(
      'both connected',
      () => /pod +connected[\s\S]*closed +connected/.test(hubCli(home, 'machines').stdout),
      45000,
    ).catch(fail);
    // A machine that refuses it: it runs on here, in its conversation, and nothing of it runs there.
    const refused = await cliExec(['move', 'c', 'closed', '--home', home], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/closed: this machine does not take c: \S+hooks.lua:1: no room for c/);
    expect(
      rows(home)
        .filter((a) => a.name === 'c')
        .map((a) => [a.machine ?? 'local', a.state]),
    ).toEqual([['local', expect.stringMatching(/^(idle|done)$/)]]);
    expect(p.sh(`ls ${wt} 2>&1 || true`)).toMatch(/No such file/);
    const moved = await cliExec(['move', 'c', 'pod', '--json', '--home', home], env);
    expect(moved.status, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({
      from: 'local',
      to: 'pod',
      resumed: true,
      branch: 'topic',
    });
    // There: its branch with its commit, its transcript where Claude Code looks in that home.
    expect(p.sh(`git -C ${wt} log --format=%s topic`).trim().split('\n')).toEqual([
      'notes of the first turn',
      'init',
    ]);
    const slug = wt.replace(/[^a-zA-Z0-9]/g, '-');
    expect(p.sh(`ls /home/agent/.claude/projects/${slug}`)).toContain(`${c.session}.jsonl`);
    // Here: gone, listed from there (one agent named c), still in the same conversation.
    const now = rows(home).filter((a) => a.name === 'c');
    expect(now.map((a) => a.machine)).toEqual(['pod']);

    // Claude Code there is up: its first-run offer answered as the user's settings say, its MCP
    // server (that machine's hub's) connected.
    await until(
      'claude is up there',
      () => /❯|auto mode/.test(hubCli(home, 'read', 'c').stdout),
      60000,
    ).catch(fail);
    if (/auto mode/.test(hubCli(home, 'read', 'c').stdout)) {
      hubCli(home, 'send', 'c', '--keys', 'down');
      await new Promise((res) => setTimeout(res, 300));
      hubCli(home, 'send', 'c', '--keys', 'enter');
    }
    // (its conversation, as its hooks report it to that machine's hub, which records it)
    const thereRows = () =>
      JSON.parse(p.sh(`${path.join(BIN_DIR, 'botster-tui')} agents --json`) || '[]') as Row[];
    await until(
      'its hooks there report the same conversation',
      () => thereRows().find((a) => a.name === 'c')?.session === c.session,
      30000,
    ).catch(fail);
    await until(
      "claude's MCP log there says the hub's server connected",
      () =>
        /mcp-logs-botster/.test(
          p.sh('grep -rl "Connection established" /home/agent/.cache 2>/dev/null || true'),
        ),
      60000,
    ).catch(fail);
    // The third turn, typed here, answered there: the model gets the first two with it.
    await say('which two words did I give you?');
    const third = await until(
      'the third turn reached the model',
      () => asked('which two words'),
      60000,
    ).catch(fail);
    expect(third).toContain('apricot');
    expect(third).toContain('banana');
    await until('answered there', () => /Noted\./.test(hubCli(home, 'read', 'c').stdout), 30000).catch(fail);
    expect(spawnSync('git', ['-C', wt, 'status', '--porcelain'], { encoding: 'utf8' }).stdout).toBe('');
  }, 240_000);
});
