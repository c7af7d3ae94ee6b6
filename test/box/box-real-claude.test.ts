import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import {
  agentScreen,
  claudeEnv,
  claudeUser,
  hubAgents,
  hubCli,
  useMockModel,
} from '../support/real-claude.js';

// A real Claude Code started by the hub runs in its box by default (issue 81): against a local mock
// model it edits, runs a command and commits in its folder, its hooks say when it asks and when it
// is done, the hub's MCP tools are offered, its first-run state is the one you had (your
// ~/.claude.json copied into its folder); what it tries outside its box fails. The CLI comes from
// npm (BOTSTER_TEST_CLIS names its bin folder; see docs/mcp.md).

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

const agents = hubAgents;

describe.skipIf(!has('claude') || !hasBwrap)('a real Claude Code in its box (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  const models = useMockModel();

  it('commits in its folder, reports through its hooks, has the hub tools; cannot write your Lua or read your keys', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    spawnSync('git', ['init', '-q', work]);
    fs.mkdirSync(path.join(user, '.ssh'), { mode: 0o700 });
    fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET-KEY\n');
    // Its network: the mock model's host only (127.0.0.2, this machine's loopback, reached through
    // the hub's proxy); another local server (127.0.0.3) is refused.
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    // (what the box stops is this test's: no permission rules, so every question is asked and
    // its try at ~/.ssh runs, in the box; the rules are test/box/permissions-real-claude.test.ts's)
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\npermissions.rules = {}\n',
    );
    const other = http.createServer((_q, res) => res.end('OTHER-SERVER\n'));
    await new Promise<void>((res) => other.listen(0, '127.0.0.3', res));
    const otherPort = (other.address() as net.AddressInfo).port;
    const model = await models.start(
      [
        // The hub's MCP server, run from inside the box, answers through the box's socket.
        { tool: 'agent_list', input: {} },
        // An edit with its own tool (a file it writes in its folder).
        { tool: 'Write', input: { file_path: path.join(work, 'notes.md'), content: 'written in a box\n' } },
        {
          tool: 'Bash',
          input: {
            command:
              'echo boxed > made.txt && git add made.txt && git -c user.email=t@t -c user.name=t commit -qm boxed && echo COMMITTED',
            description: 'Commit a file',
          },
        },
        {
          tool: 'Bash',
          input: {
            command: `echo evil >> "${home}/user/hooks.lua"; cat ~/.ssh/id_rsa; curl -s http://127.0.0.3:${otherPort}/; echo TRIED`,
            description: 'Try outside',
          },
        },
        { text: 'All done here.' },
      ],
      '127.0.0.2',
    );
    const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`);
    const r = run(['--home', home, '--agent', 'claude'], 120, 40, { env, cwd: work });
    running.push(r);
    // Your onboarding, copied in: its prompt, not its first-run screens.
    await waitScreen(r, /❯/, 60000);
    await until('its box', () => agents(home)[0]?.box?.name === 'default', 10000);
    expect(fs.existsSync(path.join(user, '.claude', '.claude.json'))).toBe(true);
    // (its MCP servers connect a moment after its prompt shows)
    await new Promise((res) => setTimeout(res, 4000));
    r.pty.write('commit a file');
    await new Promise((res) => setTimeout(res, 300));
    r.pty.write('\r');
    const result = (word: string) => model.results().find((t) => t.includes(word)) ?? '';
    await waitScreen(r, /Do you want to (create|make this edit|proceed)/, 90000);
    // (Claude Code drops a key that comes as its dialog opens: one typed ahead must not approve)
    await new Promise((res) => setTimeout(res, 1500));
    r.pty.write('\r');
    await until('its edit', () => fs.existsSync(path.join(work, 'notes.md')), 60000);
    expect(fs.readFileSync(path.join(work, 'notes.md'), 'utf8')).toBe('written in a box\n');
    for (const word of ['COMMITTED', 'TRIED']) {
      await waitScreen(r, /Do you want to proceed/, 90000);
      // Its Notification hook, through the hub's socket from inside the box.
      await until(`asking before ${word}`, () => agents(home)[0]?.state === 'waiting', 20000);
      r.pty.write('\r');
      await until(word, () => result(word) !== '', 60000);
    }
    await waitScreen(r, /All done here/, 60000);
    await until('done (its Stop hook)', () => ['done', 'idle'].includes(agents(home)[0]?.state ?? ''), 20000);
    expect(model.tools()).toEqual(expect.arrayContaining(['mcp__botster__agent_list']));
    expect(model.results().some((t) => t.includes('"agents"') && t.includes('claude'))).toBe(true);
    const [committed, tried] = [result('COMMITTED'), result('TRIED')];
    expect(committed).toContain('COMMITTED');
    expect(spawnSync('git', ['-C', work, 'log', '--format=%s'], { encoding: 'utf8' }).stdout).toContain(
      'boxed',
    );
    expect(fs.readFileSync(path.join(work, 'made.txt'), 'utf8')).toBe('boxed\n');
    expect(tried).toContain('TRIED');
    expect(tried).not.toContain('SECRET-KEY');
    expect(tried).not.toContain('OTHER-SERVER');
    expect(tried).toMatch(/127\.0\.0\.3 is not in the box's allow list/);
    other.close();
    const lua = path.join(home, 'user', 'hooks.lua');
    expect(fs.existsSync(lua) ? fs.readFileSync(lua, 'utf8') : '').not.toContain('evil');
  }, 300000);

  it('a folder you trust and an MCP server you add after its first start reach its box (issue 94 item 4)', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    const later = path.join(path.dirname(work), 'later folder');
    fs.mkdirSync(later);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\n',
    );
    const model = await models.start([{ text: 'Fine.' }], '127.0.0.2');
    const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`);
    const r = run(['--home', home, '--agent', 'claude'], 120, 40, { env, cwd: work });
    running.push(r);
    await waitScreen(r, /❯/, 60000);
    await until('its box', () => agents(home)[0]?.box?.name === 'default', 10000);
    // Outside the hub, you trust another folder and add an MCP server to your ~/.claude.json.
    const yours = path.join(user, '.claude.json');
    const mine = JSON.parse(fs.readFileSync(yours, 'utf8'));
    mine.projects[later] = { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true };
    mine.mcpServers = { 'later-docs': { command: 'true' } };
    fs.writeFileSync(yours, JSON.stringify(mine));
    const started = hubCli(home, 'new', '--no-focus', '--cwd', later, '--', 'claude');
    expect(started.status, started.stderr).toBe(0);
    await until('the second claude', () => agents(home).length === 2, 20000);
    const id = agents(home).find((a) => a.cwd === later)!.id;
    // Its prompt, not the trust dialog a one-time copy made it show again.
    await until('its prompt', () => /❯/.test(agentScreen(home, id)), 60000);
    expect(agentScreen(home, id)).not.toMatch(/trust/i);
    const copy = JSON.parse(fs.readFileSync(path.join(user, '.claude', '.claude.json'), 'utf8'));
    expect(copy.mcpServers).toEqual({ 'later-docs': { command: 'true' } });
  }, 180000);
});
