import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/real-claude.js';
import { accountRows as rows, accountsHome as setup, answerMove } from '../support/accounts.js';

// Accounts, switched before the limit (issue 84 part 2), end to end: a real hub in a real PTY,
// lua/default/accounts.lua's policy, and a fake Claude Code (fixtures/fake-account-cli: its
// transcript where the real one keeps it, its 5-hour window as its status line reports it). The
// real Claude Code does the same in accounts-real-claude.test.ts.

describe('accounts: an agent past the watermark moves at the end of its turn, once you say so (fake claude)', () => {
  const { running, homes } = stoppedAfterEach();

  it('starts on the first account, moves to the second in the same conversation, and the list says so', async () => {
    const s = setup(['one', 'two']);
    homes.push(s.home);
    s.window('one', 96);
    s.window('two', 10);
    const r = run(['--home', s.home, '--agent', 'claude'], 120, 30, { env: s.env, cwd: s.work });
    running.push(r);
    await waitScreen(r, /new conversation \S+ in claude one/, 20000);
    const first = await until('the session is reported', () => rows(s.home).find((a) => a.session), 30000);
    expect(first.account).toBe('one');
    await waitScreen(r, /@one/, 20000);
    // A turn on account one ends past 95% of its window: the hub asks, and the agent moves to two.
    hubCli(s.home, 'send', first.id, 'hello there', '--keys', 'enter');
    await answerMove(r, 'two');
    await waitScreen(r, /resumed \S+ in claude two/, 20000).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}`);
    });
    const moved = await until(
      'agent 1 runs on two',
      // (its conversation id as the resumed CLI reports it again)
      () => rows(s.home).find((a) => a.id === first.id && a.account === 'two' && a.session),
      30000,
    );
    expect(moved.session).toBe(first.session);
    // The conversation went with it: its transcript is in two's folder, and the resumed CLI shows it.
    await waitScreen(r, /earlier: hello there/, 20000);
    const slug = fs.realpathSync(s.work).replace(/[^a-zA-Z0-9]/g, '-');
    expect(fs.existsSync(path.join(s.dirs.two, 'projects', slug, `${first.session}.jsonl`))).toBe(true);
    // The list names the account; a notice and the log say what happened.
    await waitScreen(r, /@two/, 20000);
    const log = fs.readFileSync(path.join(s.home, 'logs', 'hub.log'), 'utf8');
    expect(log).toMatch(
      /accounts: claude\S*: 5h at 96% on account one; now on account two, same conversation/,
    );
  }, 60_000);

  it('never while it waits on a question: it moves once the answer ends the turn', async () => {
    const s = setup(['one', 'two']);
    homes.push(s.home);
    s.window('one', 96);
    const r = run(['--home', s.home, '--agent', 'claude'], 120, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const a = await until('the session is reported', () => rows(s.home).find((x) => x.session), 30000);
    hubCli(s.home, 'send', a.id, 'ask', '--keys', 'enter');
    // Waiting, its window past 95%: it stays on one.
    await until(
      'waiting, 5h at 96%',
      () => rows(s.home).find((x) => x.state === 'waiting' && x.usage?.limits?.five_hour?.used_pct === 96),
      30000,
    );
    hubCli(s.home, 'send', a.id, 'y', '--keys', 'enter');
    await answerMove(r, 'two');
    // The answer went to the agent on one (it is in the conversation the resumed one shows).
    await waitScreen(r, /resumed \S+ in claude two[\s│]+earlier: ask[\s│]+earlier: y/, 20000).catch(
      (err: Error) => {
        const log = fs.readFileSync(path.join(s.home, 'logs', 'hub.log'), 'utf8');
        const files = fs.readdirSync(s.dirs.two, { recursive: true });
        throw new Error(
          `${err.message}\n${screen(r.term)}\n${log}\n${JSON.stringify(files)}\n${r.output().slice(-3000)}`,
        );
      },
    );
  }, 60_000);

  it('with no account with room: it stays, and one notice says when the first window resets', async () => {
    const s = setup(['one', 'two']);
    homes.push(s.home);
    s.window('one', 97);
    s.window('two', 99);
    const r = run(['--home', s.home, '--agent', 'claude'], 140, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const a = await until('the session is reported', () => rows(s.home).find((x) => x.session), 30000);
    // Two's window is heard of only once an agent runs there: learn it from a second agent on two.
    hubCli(s.home, 'send', a.id, 'first', '--keys', 'enter');
    await answerMove(r, 'two');
    await waitScreen(r, /resumed \S+ in claude two/, 20000);
    hubCli(s.home, 'send', a.id, 'second', '--keys', 'enter');
    await waitScreen(
      r,
      /no Claude Code account has room \(5h past 95%\); the first window resets at \d\d:\d\d/,
      20000,
    );
    const b = rows(s.home).find((x) => x.id === a.id)!;
    expect(b.account).toBe('two');
    expect(screen(r.term).match(/no Claude Code account has room/g)?.length).toBe(1);
  }, 60_000);

  it('before_account_switch refuses: the agent stays on its account', async () => {
    const s = setup(
      ['one', 'two'],
      `hooks.on("before_account_switch", function(ev) return false, "not now" end)`,
    );
    homes.push(s.home);
    s.window('one', 96);
    const r = run(['--home', s.home, '--agent', 'claude'], 120, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const a = await until('the session is reported', () => rows(s.home).find((x) => x.session), 30000);
    hubCli(s.home, 'send', a.id, 'hello', '--keys', 'enter');
    await until(
      'the log says it stays',
      () =>
        /accounts: claude\S* stays on one: not now/.test(
          fs.readFileSync(path.join(s.home, 'logs', 'hub.log'), 'utf8'),
        ),
      30000,
    );
    expect(rows(s.home).find((x) => x.id === a.id)!.account).toBe('one');
  }, 60_000);

  it('a forged 97% from inside its box and a transcript linked to a key: a question, not a move; moving refuses the link', async () => {
    const s = setup(['one', 'two']);
    homes.push(s.home);
    const user = path.dirname(s.home);
    fs.mkdirSync(path.join(user, '.ssh'), { mode: 0o700 });
    fs.writeFileSync(path.join(user, '.ssh', 'id_ed25519'), 'PRIVATE KEY\n');
    const r = run(['--home', s.home, '--agent', 'claude'], 140, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const a = await until('the session is reported', () => rows(s.home).find((x) => x.session), 30000);
    expect((rows(s.home).find((x) => x.id === a.id) as { box?: unknown }).box).toBeTruthy();
    hubCli(s.home, 'send', a.id, 'forge', '--keys', 'enter');
    // The hub asks; nothing moved meanwhile.
    await waitScreen(r, /The hub asks: .*says 5h at 97% on account one: move it to two\?/, 20000);
    const slug = fs.realpathSync(s.work).replace(/[^a-zA-Z0-9]/g, '-');
    const carried = path.join(s.dirs.two, 'projects', slug, `${a.session}.jsonl`);
    expect(fs.existsSync(carried)).toBe(false);
    expect(rows(s.home).find((x) => x.id === a.id)!.account).toBe('one');
    // Told to move: the link is not followed, the key goes nowhere, the agent stays.
    r.pty.write('\x07o');
    await waitScreen(r, /restart it on account/, 10000);
    r.pty.write('move\r');
    const log = () => fs.readFileSync(path.join(s.home, 'logs', 'hub.log'), 'utf8');
    await until(
      'the log says why not',
      () => /not moved to account two: files\.carry: .*is a link \(not followed\)/.test(log()),
      20000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${log()}`);
    });
    expect(fs.existsSync(carried)).toBe(false);
    expect(rows(s.home).find((x) => x.id === a.id)!.account).toBe('one');
  }, 60_000);
});
