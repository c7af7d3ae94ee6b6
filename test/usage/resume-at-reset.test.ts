import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/real-claude.js';
import { accountRows as rows, accountsHome, hubLog } from '../support/accounts.js';

// Going on when the window resets (issue 95 part 2), end to end: a real hub, the shipped
// lua/default/resume_at_reset.lua, and a fake Claude Code whose one account's window is used up
// for a few seconds (fixtures/fake-account-cli: "You've hit your 5-hour limit", its StopFailure
// hook, its status line at 100% with the reset). With settings.resume_at_reset it is sent
// "continue" once the window resets, once; not while it asks you; not when before_resume says no.
// The real Claude Code against the mock model: resume-at-reset-real-claude.test.ts.

const RESET_IN = 8;

/** A hub whose only claude account is used up for RESET_IN seconds; `extra` Lua in user/. */
function limitedHub(extra: string) {
  const s = accountsHome(['one'], `settings.resume_at_reset = true\n${extra}`);
  const r = run(['--home', s.home, '--agent', 'claude'], 140, 30, { env: s.env, cwd: s.work });
  return { s, r };
}

const count = (text: string, re: RegExp) => text.match(new RegExp(re.source, 'g'))?.length ?? 0;

describe('settings.resume_at_reset (fake claude)', () => {
  const { running, homes } = stoppedAfterEach();

  it('stopped by its limit with no account left: continued once when the window resets, in the same conversation', async () => {
    const { s, r } = limitedHub('');
    homes.push(s.home);
    running.push(r);
    const a = await until('its session', () => rows(s.home).find((x) => x.session), 30000);
    s.window('one', 100, RESET_IN);
    hubCli(s.home, 'send', a.id, 'build it', '--keys', 'enter');
    await waitScreen(r, /You've hit your 5-hour limit/, 10000);
    await waitScreen(
      r,
      /stopped by its five_hour limit; it goes on when the window resets at \d\d:\d\d/,
      10000,
    );
    expect(screen(r.term)).not.toMatch(/got: continue/);
    // The window resets: it is sent "continue", and goes on in its conversation.
    await waitScreen(r, /got: continue/, 20000).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${hubLog(s.home)}`);
    });
    expect(hubLog(s.home)).toMatch(
      /resume_at_reset: claude\S*: its five_hour window reset at \d\d:\d\d; sent "continue"/,
    );
    expect(rows(s.home).find((x) => x.id === a.id)!.session).toBe(a.session);
    // Once: its next turn's end asks for nothing more.
    await until(
      'its turn ended',
      () => rows(s.home).find((x) => x.id === a.id && x.state !== 'running'),
      10000,
    );
    await new Promise((ok) => setTimeout(ok, 2500));
    expect(count(hubCli(s.home, 'read', a.id).stdout, /got: continue/)).toBe(1);
  }, 60_000);

  it('never while it asks you: the reset passes while it waits, and nothing is typed into it', async () => {
    const { s, r } = limitedHub('');
    homes.push(s.home);
    running.push(r);
    const a = await until('its session', () => rows(s.home).find((x) => x.session), 30000);
    s.window('one', 100, RESET_IN);
    hubCli(s.home, 'send', a.id, 'build it', '--keys', 'enter');
    await waitScreen(r, /it goes on when the window resets/, 10000);
    hubCli(s.home, 'send', a.id, 'ask', '--keys', 'enter');
    await until('it asks', () => rows(s.home).find((x) => x.id === a.id && x.state === 'waiting'), 10000);
    await new Promise((ok) => setTimeout(ok, (RESET_IN + 3) * 1000));
    expect(hubCli(s.home, 'read', a.id).stdout).not.toMatch(/got: continue/);
    expect(rows(s.home).find((x) => x.id === a.id)!.state).toBe('waiting');
    // You answer: it goes on by itself, so there is nothing to continue.
    hubCli(s.home, 'send', a.id, 'y', '--keys', 'enter');
    await waitScreen(r, /got: y/, 10000);
    await new Promise((ok) => setTimeout(ok, 2500));
    expect(hubCli(s.home, 'read', a.id).stdout).not.toMatch(/got: continue/);
  }, 60_000);

  it('a before_resume handler refuses: not continued, and the notice says why', async () => {
    const { s, r } = limitedHub(
      'hooks.on("before_resume", function(ev) return false, "not while I sleep" end)',
    );
    homes.push(s.home);
    running.push(r);
    const a = await until('its session', () => rows(s.home).find((x) => x.session), 30000);
    s.window('one', 100, RESET_IN);
    hubCli(s.home, 'send', a.id, 'build it', '--keys', 'enter');
    await waitScreen(r, /it goes on when the window resets/, 10000);
    await waitScreen(r, /its five_hour window reset; not continued: not while I sleep/, 20000);
    expect(hubCli(s.home, 'read', a.id).stdout).not.toMatch(/got: continue/);
  }, 60_000);
});
