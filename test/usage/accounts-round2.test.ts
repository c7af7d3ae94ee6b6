import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/real-claude.js';
import { accountRows as rows, accountsHome as setup, hubLog } from '../support/accounts.js';

// Accounts round 2 (issue 95 part 1) end to end: a real hub in a real PTY, the shipped Lua
// (lua/default/accounts.lua, account_limits.lua) and a fake Claude Code (fixtures/fake-account-cli).
// An agent keeps its account, or none, through --restore and a server killed with -9; a move rests
// on the account's own figure when the CLI's usage endpoint gives one (here a local server: the
// user's Lua points the CLI's `limits` at it) and then asks nobody; it never cuts a line you type.
// The real Claude Code does the same in accounts-real-claude.test.ts.

/** The CLI's usage endpoint: each token's 5-hour figure; what it was asked, by token. */
async function usageEndpoint(figures: Record<string, number>) {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    asked.push(token);
    const pct = figures[token];
    if (pct === undefined || req.headers['anthropic-beta'] !== 'oauth-2025-04-20') {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"error":"unauthorized"}');
    }
    const resets = new Date(Date.now() + 3600_000).toISOString();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ five_hour: { utilization: pct, resets_at: resets }, seven_day: null }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/oauth/usage`;
  return { url, asked, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** The user's Lua pointing Claude's `limits` at `url` (the rest as shipped). */
const limitsAt = (url: string) => `local l = clis.find("claude").limits
clis.define({ name = "claude", limits = { url = ${JSON.stringify(url)}, token = l.token, headers = l.headers, read = l.read } })`;

/** An account's login, as Claude Code keeps it in its folder. */
const login = (dir: string, token: string) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.credentials.json'),
    JSON.stringify({ claudeAiOauth: { accessToken: token, expiresAt: 4102444800000 } }),
  );
};

describe('accounts round 2 (fake claude)', () => {
  const { running, homes } = stoppedAfterEach();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('--restore and kill -9: claude typed into a shell comes back with no account, in its conversation; one on an account stays on it', async () => {
    const s = setup(['one', 'two']);
    homes.push(s.home);
    const r = run(['--home', s.home], 120, 30, { env: s.env, cwd: s.work });
    running.push(r);
    await until('the shell agent', () => rows(s.home)[0], 20000);
    // Typed into a shell: it runs on the CLI's own folder (~/.claude), no account.
    hubCli(s.home, 'send', '1', 'claude', '--keys', 'enter');
    await waitScreen(r, /new conversation \S+ in \.claude/, 20000);
    const shell = await until(
      'its session',
      () => rows(s.home).find((x) => x.id === '1' && x.session),
      20000,
    );
    expect(shell.account).toBeUndefined();
    hubCli(s.home, 'send', '1', 'said in the shell', '--keys', 'enter');
    await waitScreen(r, /got: said in the shell/, 10000);
    // A second one the hub starts: on the first account.
    expect(hubCli(s.home, 'new', '--', 'claude').status).toBe(0);
    await until('agent 2 on one', () => rows(s.home).find((x) => x.id === '2' && x.account === 'one'), 20000);
    await until('agent 2 session', () => rows(s.home).find((x) => x.id === '2' && x.session), 20000);

    expect(hubCli(s.home, 'kill-server').status).toBe(0);
    await r.exit;
    const again = run(['--home', s.home, '--restore'], 120, 30, { env: s.env, cwd: s.work });
    running.push(again);
    const fail = (err: Error) => {
      throw new Error(`${err.message}\n${screen(again.term)}\n${hubLog(s.home)}`);
    };
    // (resumed in the folder that holds it: no "No conversation found")
    await until(
      'both back',
      () => rows(s.home).filter((x) => x.session && x.command.includes('--resume')).length === 2,
      30000,
    ).catch(fail);
    const back = () => Object.fromEntries(rows(s.home).map((x) => [x.id, x.account ?? 'none']));
    expect(back()).toEqual({ '1': 'none', '2': 'one' });
    expect(hubCli(s.home, 'read', '1').stdout).toMatch(
      /resumed \S+ in \.claude[\s\S]*earlier: said in the shell/,
    );
    expect(hubLog(s.home)).not.toMatch(/No conversation found/);

    // The server killed with -9: its keepers hold the agents, and the next server lists them as they were.
    const server = (JSON.parse(hubCli(s.home, 'ls', '--json').stdout) as { pid: number }).pid;
    process.kill(server, 'SIGKILL');
    await until(
      'the killed hub is gone',
      () => {
        try {
          process.kill(server, 0);
          return false;
        } catch {
          return true;
        }
      },
      20000,
    );
    const third = run(['--home', s.home], 120, 30, { env: s.env, cwd: s.work });
    running.push(third);
    await until('listed again', () => rows(s.home).length === 2, 30000);
    expect(back()).toEqual({ '1': 'none', '2': 'one' });
  }, 120_000);

  it("the account's own figure moves it with no question; under the watermark it stays, whatever the agent says", async () => {
    const endpoint = await usageEndpoint({ 'token-one': 97, 'token-two': 12, 'token-three': 40 });
    closers.push(endpoint.close);
    const s = setup(['one', 'two'], limitsAt(endpoint.url));
    homes.push(s.home);
    login(s.dirs.one, 'token-one');
    login(s.dirs.two, 'token-two');
    s.window('one', 96);
    const r = run(['--home', s.home, '--agent', 'claude'], 140, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const a = await until('its session', () => rows(s.home).find((x) => x.session), 30000);
    expect(a.account).toBe('one');
    hubCli(s.home, 'send', a.id, 'hello there', '--keys', 'enter');
    // The hub asked the endpoint with one's login (97%), then two's (12%): moved, nobody asked.
    await waitScreen(r, /resumed \S+ in claude two/, 20000).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${hubLog(s.home)}`);
    });
    expect(screen(r.term)).not.toMatch(/The hub asks/);
    expect(endpoint.asked).toEqual(expect.arrayContaining(['token-one', 'token-two']));
    expect(hubLog(s.home)).toMatch(
      /accounts: claude\S*: 5h at 97% on account one \(its own figure\); now on account two, same conversation/,
    );

    // An agent that says 96% on an account whose own figure is 40%: it stays, nobody asked.
    const t = setup(['three', 'four'], limitsAt(endpoint.url));
    homes.push(t.home);
    login(t.dirs.three, 'token-three');
    t.window('three', 96);
    const r2 = run(['--home', t.home, '--agent', 'claude'], 140, 30, { env: t.env, cwd: t.work });
    running.push(r2);
    const b = await until('its session', () => rows(t.home).find((x) => x.session), 30000);
    hubCli(t.home, 'send', b.id, 'hello', '--keys', 'enter');
    await until(
      'the log says it stays',
      () => /says 5h at 96%; account three's own figure is 40%: it stays/.test(hubLog(t.home)),
      20000,
    );
    expect(screen(r2.term)).not.toMatch(/The hub asks/);
    expect(rows(t.home).find((x) => x.id === b.id)!.account).toBe('three');
  }, 120_000);

  it('a line you type is never cut: the move waits until it is sent, then goes at the end of that turn', async () => {
    const s = setup(['one', 'two'], 'accounts.ask = false');
    homes.push(s.home);
    s.window('one', 96);
    const r = run(['--home', s.home, '--agent', 'claude'], 140, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const a = await until('its session', () => rows(s.home).find((x) => x.session), 30000);
    await waitScreen(r, /@one/, 20000);
    // You send a line and go on typing the next: the turn ends past 96% while "half a" waits.
    r.pty.write('first\rhalf a');
    await waitScreen(r, /got: first/, 10000);
    await until('the line waits', () => rows(s.home).find((x) => x.id === a.id && x.draft), 10000);
    await until(
      'its turn ended',
      () => rows(s.home).find((x) => x.id === a.id && x.state !== 'running'),
      10000,
    );
    await new Promise((ok) => setTimeout(ok, 1500));
    expect(rows(s.home).find((x) => x.id === a.id)!.account).toBe('one');
    expect(screen(r.term)).not.toMatch(/resumed/);
    // Sent: that turn runs on one, and at its end the agent moves, the whole line in its conversation.
    r.pty.write(' line\r');
    await waitScreen(
      r,
      /resumed \S+ in claude two[\s│]+earlier: first[\s│]+earlier: half a line/,
      20000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${hubLog(s.home)}`);
    });
  }, 60_000);
});
