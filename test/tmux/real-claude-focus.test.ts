import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach } from '../support/cli-pty.js';
import { claudeEnv, claudeUp, claudeUser, hubCli, useMockModel } from '../support/real-claude.js';

// A real Claude Code in the hub asks the hub's tmux about focus-events (`tmux show -gv
// focus-events`) and, told `off` or nothing, advised "add 'set -g focus-events on' to
// ~/.tmux.conf" for a tmux that is not there (issue 94). The surface says `on`, as the hub passes
// focus reports on: no advice. The CLI comes from npm (BOTSTER_TEST_CLIS names its bin folder).

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

describe.skipIf(!has('claude'))('a real Claude Code and the hub as its tmux (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  const models = useMockModel();

  it('gives no advice about a ~/.tmux.conf', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    // (its box reaches the mock model's host unasked)
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'hooks.lua'),
      'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\n',
    );
    const model = await models.start([{ text: 'All set here.' }], '127.0.0.2');
    const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`);
    const r = run(['--home', home, '--agent', 'claude'], 140, 40, { env, cwd: work });
    running.push(r);
    // Every screen the user sees, from its start to its answer, is looked at for the advice.
    const advised: string[] = [];
    const look = () => {
      const s = screen(r.term);
      if (/focus-events|tmux\.conf/.test(s)) advised.push(s);
      return s;
    };
    await until('claude is up', () => /❯/.test(look()), 60000);
    await claudeUp(home, '1');
    hubCli(home, 'send', '1', 'hello');
    await new Promise((res) => setTimeout(res, 300));
    hubCli(home, 'send', '1', '--keys', 'enter');
    await until('its answer', () => /All set here/.test(look()), 60000).catch((e: Error) => {
      throw new Error(`${e.message}\n${screen(r.term)}\n${hubCli(home, 'read', '1').stdout}`);
    });
    expect(advised).toEqual([]);
  }, 180000);
});
