import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { fiveHourHeaders } from '../support/mock-model.js';
import {
  GATEWAY_TOKEN,
  agentScreen,
  claudeEnv,
  claudeUser,
  hubAgents,
  hubCli,
  useMockModel,
  userTexts,
} from '../support/real-claude.js';

// Going on when the window resets (issue 95 part 2) with a real Claude Code from npm
// (BOTSTER_TEST_CLIS), in its box, against the local mock model whose account window is used up
// for a few seconds: Claude says "You've hit your 5-hour limit · resets ..." and ends its turn
// (its StopFailure hook), its status line reports the window at 100% with its reset; with
// settings.resume_at_reset the hub sends "continue" once the window resets, and the request that
// reaches the model carries the earlier question: the same conversation. Once.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

describe.skipIf(!has('claude'))('resume at reset with a real Claude Code (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  const mock = useMockModel();

  it('stopped by its 5-hour limit: continued once when the window resets, in the same conversation', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\nsettings.resume_at_reset = true\n',
    );
    const model = await mock.start([{ text: 'The answer is forty-two.' }], '127.0.0.2');
    const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`, {
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_AUTH_TOKEN: GATEWAY_TOKEN,
    });
    const r = run(['--home', home, '--agent', 'claude'], 140, 40, { env, cwd: work });
    running.push(r);
    const log = () => fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
    const fail = (err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${JSON.stringify(hubAgents(home))}\n${log()}`);
    };
    await waitScreen(r, /❯/, 60000).catch(fail);
    await until('claude reported its session', () => hubAgents(home).find((a) => 'session' in a), 60000);
    // (its MCP servers connect a moment after its prompt shows)
    await new Promise((ok) => setTimeout(ok, 3000));
    const resetsAt = Math.floor(Date.now() / 1000) + 20;
    model.limited = { resetsAt };
    model.anthropicHeaders = fiveHourHeaders(40, resetsAt + 5 * 3600);
    hubCli(home, 'send', '1', 'what is six times seven');
    await new Promise((ok) => setTimeout(ok, 300));
    hubCli(home, 'send', '1', '--keys', 'enter');
    await until('its limit', () => /hit your 5-hour limit/.test(agentScreen(home, '1')), 60000).catch(fail);
    await waitScreen(r, /stopped by its five_hour limit; it goes on when the window resets at/, 30000).catch(
      fail,
    );
    expect(agentScreen(home, '1')).not.toMatch(/forty-two/);
    // The window resets: "continue", and the model's answer in the same conversation.
    const asked = model.requests.length;
    await until('the model answered', () => /forty-two/.test(agentScreen(home, '1')), 90000).catch(fail);
    const sent = model.requests
      .slice(asked)
      .filter((q) => q.path.endsWith('/messages'))
      .map((q) => userTexts(q.body))
      .find((t) => /continue/.test(t));
    expect(sent).toContain('six times seven');
    expect(log()).toMatch(
      /resume_at_reset: claude\S*: its five_hour window reset at \d\d:\d\d; sent "continue"/,
    );
    // Once.
    await until('its turn ended', () => hubAgents(home)[0]?.state !== 'running', 30000);
    await new Promise((ok) => setTimeout(ok, 3000));
    expect(log().match(/resume_at_reset: .*sent "continue"/g)?.length, log()).toBe(1);
  }, 300_000);
});
