import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { fiveHourHeaders } from '../support/mock-model.js';
import {
  GATEWAY_TOKEN,
  agentScreen,
  claudeConfigDir,
  claudeEnv,
  claudeUp,
  claudeUser,
  askAndWait,
  hubCli,
  useMockModel,
} from '../support/real-claude.js';

// Accounts, switched before the limit (issues 84 part 2, 95 part 1), with a real Claude Code from
// npm (BOTSTER_TEST_CLIS names its bin folder), in its box, against the local mock model: the mock
// answers the first turn with the account's 5-hour window at 96% (the headers Anthropic's API
// sends), which Claude's status line reports to the hub, and its usage endpoint (what Claude's
// /usage reads, asked by the hub with each account's login) says one is at 97% and two at 10%. At
// the end of the turn, its transcript on disk, the hub starts it again on the second account (its
// own CLAUDE_CONFIG_DIR) with `claude --resume ID` with no question (the account's own figure),
// the transcript carried there. The next question reaches the mock with the earlier messages, and
// the list says which account it runs on. No network: HTTPS_PROXY points nowhere; the box reaches
// the mock (127.0.0.2) through the hub's proxy.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

interface Row {
  id: string;
  state: string;
  account?: string;
  session?: string | null;
  usage?: { limits?: Record<string, { used_pct: number }> };
}
const rows = (home: string): Row[] => {
  const out = JSON.parse(hubCli(home, 'agents', '--json').stdout || '[]') as Row[] | { agents: Row[] };
  return Array.isArray(out) ? out : out.agents;
};

describe.skipIf(!has('claude'))('accounts with a real Claude Code (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  const mock = useMockModel();

  it('past 96% of its 5-hour window at the end of a turn, it goes on in the same conversation on the second account', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const base = path.dirname(home);
    const user = path.join(base, 'user-home');
    const work = path.join(base, 'work');
    fs.mkdirSync(work, { recursive: true });
    const one = path.join(user, '.claude-one');
    const two = path.join(user, '.claude-two');
    claudeConfigDir(one, [work]);
    claudeConfigDir(two, [work]);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    const model = await mock.start([{ text: 'The answer is forty-two.' }], '127.0.0.2');
    const usageUrl = `http://127.0.0.2:${model.port}/api/oauth/usage`;
    fs.writeFileSync(
      path.join(home, 'user', 'accounts.lua'),
      `accounts.define("one", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/.claude-one" } })
accounts.define("two", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/.claude-two" } })
sandbox.boxes.default.network = { allow = { "127.0.0.2" } }
local l = clis.find("claude").limits
clis.define({ name = "claude", limits = { url = "${usageUrl}", token = l.token, headers = l.headers, read = l.read } })
`,
    );
    // Each account's login where Claude keeps it, and what its usage endpoint says of each.
    for (const [dir, token] of [
      [one, 'token-one'],
      [two, 'token-two'],
    ])
      fs.writeFileSync(
        path.join(dir, '.credentials.json'),
        JSON.stringify({ claudeAiOauth: { accessToken: token, expiresAt: 4102444800000 } }),
      );
    const resetsAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    const iso = new Date(resetsAt * 1000).toISOString();
    const figures: Record<string, number> = { 'token-one': 97, 'token-two': 10 };
    model.usage = (token) =>
      token in figures ? { five_hour: { utilization: figures[token], resets_at: iso } } : null;
    model.anthropicHeaders = fiveHourHeaders(96, resetsAt);
    const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`, {
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_AUTH_TOKEN: GATEWAY_TOKEN,
    });
    const r = run(['--home', home, '--agent', 'claude'], 140, 40, { env, cwd: work });
    running.push(r);
    const fail = (err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\nagents: ${JSON.stringify(rows(home))}`);
    };
    await waitScreen(r, /❯/, 60000).catch(fail);
    const first = await until('claude reported its session', () => rows(home).find((a) => a.session), 60000);
    expect(first.account).toBe('one');
    hubCli(home, 'send', first.id, 'what is six times seven');
    await new Promise((res) => setTimeout(res, 300));
    hubCli(home, 'send', first.id, '', '--keys', 'enter');
    await waitScreen(r, /forty-two/, 120000).catch(fail);
    // The status line reported the window; the turn ended; the hub moved it to two.
    const moved = await until(
      'the agent runs on account two',
      () => rows(home).find((a) => a.id === first.id && a.account === 'two'),
      90000,
    ).catch(fail);
    expect(moved.session ?? first.session).toBe(first.session);
    const slug = fs.realpathSync(work).replace(/[^a-zA-Z0-9]/g, '-');
    expect(fs.existsSync(path.join(two, 'projects', slug, `${first.session}.jsonl`))).toBe(true);
    // Two has room: the next answers say so.
    model.anthropicHeaders = fiveHourHeaders(10, resetsAt);
    await waitScreen(r, /@two/, 30000).catch(fail);
    // The resumed Claude shows the conversation, and the next question carries it to the model.
    await waitScreen(r, /forty-two[\s\S]*❯/, 60000).catch(fail);
    const next = await askAndWait(home, model, first.id, 'and plus one').catch(fail);
    // (the earlier turn, in the request the resumed Claude sent from account two's folder)
    expect(next).toContain('six times seven');
    const log = fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
    expect(log).toMatch(
      /accounts: claude\S*: 5h at 97% on account one \(its own figure\); now on account two, same conversation/,
    );
    // (asked nobody: the figure was the account's own, which the hub asked with each login)
    expect(log).not.toMatch(/move it to two\?/);
    const usageAsks = model.requests.filter((q) => q.path.endsWith('/api/oauth/usage'));
    expect(usageAsks.map((q) => q.headers.authorization)).toEqual(
      expect.arrayContaining(['Bearer token-one', 'Bearer token-two']),
    );
  }, 400_000);

  it('claude typed into a shell (no account) comes back through --restore with none, in its conversation', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'accounts.lua'),
      `accounts.define("one", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/.claude-one" } })
sandbox.boxes.default.network = { allow = { "127.0.0.2" } }
`,
    );
    claudeConfigDir(path.join(user, '.claude-one'), [work]);
    const model = await mock.start(
      [{ text: 'The answer is forty-two.' }, { text: 'Still forty-two.' }],
      '127.0.0.2',
    );
    // (a shell is not boxed: its claude reaches the mock straight; once resumed, through its box)
    const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`, { NO_PROXY: '127.0.0.1,127.0.0.2' });
    const r = run(['--home', home], 140, 40, { env, cwd: work });
    running.push(r);
    await until('the shell', () => rows(home)[0], 30000);
    hubCli(home, 'send', '1', 'claude', '--keys', 'enter');
    await claudeUp(home, '1');
    const first = await until('its session', () => rows(home).find((a) => a.session), 60000);
    expect(first.account).toBeUndefined();
    await new Promise((res) => setTimeout(res, 3000));
    hubCli(home, 'send', '1', 'what is six times seven');
    await new Promise((res) => setTimeout(res, 300));
    hubCli(home, 'send', '1', '', '--keys', 'enter');
    await until('answered', () => /forty-two/.test(agentScreen(home, '1')), 120000).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${JSON.stringify(rows(home))}`);
    });
    expect(hubCli(home, 'kill-server').status).toBe(0);
    await r.exit;

    const again = run(['--home', home, '--restore'], 140, 40, { env, cwd: work });
    running.push(again);
    const fail = (err: Error) => {
      throw new Error(`${err.message}\n${screen(again.term)}\n${JSON.stringify(rows(home))}`);
    };
    // Resumed where its conversation is (~/.claude), not on account one: the answer shows again.
    await until('resumed', () => /forty-two/.test(agentScreen(home, '1')), 90000).catch(fail);
    const back = rows(home).find((a) => a.id === '1')!;
    expect(back.account).toBeUndefined();
    expect(agentScreen(home, '1')).not.toMatch(/No conversation found/);
    await claudeUp(home, '1');
    const next = await askAndWait(home, model, '1', 'and plus one').catch(fail);
    expect(next).toContain('six times seven');
  }, 400_000);
});
