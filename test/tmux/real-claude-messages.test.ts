import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { agentScreen, claudeEnv, claudeUp, claudeUser, hubCli } from '../support/real-claude.js';
import { startTeamModel, type TeamModel } from '../support/team-model.js';

// Two real Claude Code sessions in the hub message each other (issue 70): SendMessage goes to the
// hub first (the launch's PreToolUse hook). The first asks to message the second; you allow the
// pair in the hub, and the message is typed into the second, whose turn reaches the model. The
// second's answer back is held: nobody allows it, the hub refuses it, and the first never sees it;
// the second's model reads why. The CLI comes from npm, which CI cannot reach: BOTSTER_TEST_CLIS
// names its bin folder.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

const cli = hubCli;
const read = agentScreen;

async function prompt(home: string, id: string, text: string): Promise<void> {
  cli(home, 'send', id, text);
  await new Promise((res) => setTimeout(res, 500));
  cli(home, 'send', id, '--keys', 'enter');
}

describe.skipIf(!has('claude'))("real Claude Code sessions' messages (BOTSTER_TEST_CLIS)", () => {
  const { running, homes } = stoppedAfterEach();
  let model: TeamModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it('one allowed by you reaches the other; the answer nobody allowed is refused', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    model = await startTeamModel([]);
    const env = claudeEnv(user, CLIS!, model.url);
    const r = run(['--home', home, '--agent', 'claude', '--agent', 'claude'], 140, 40, { env, cwd: work });
    running.push(r);
    for (const id of ['1', '2']) await claudeUp(home, id);
    await waitScreen(r, /claude/, 5000);

    await prompt(home, '1', 'send to 2: please look at the failing test');
    // Agent 1 did not start agent 2: the hub asks you; you allow the pair.
    await until(
      'the hub asks',
      () => {
        const allowed = cli(home, 'run', 'agent.allow_drive');
        return /may now type into/.test(allowed.stdout);
      },
      60000,
    );
    await until(
      "agent 2's model got the message",
      () =>
        model!.asked.some((a) =>
          /Message from agent claude \(1\), through the hub:\s+please look at the failing test/.test(a),
        ),
      60000,
    );
    await until('agent 1 was told it went through the hub', () => model!.results.length >= 1, 30000);
    expect(model.results[0]).toMatch(
      /Not sent by SendMessage: the hub typed it into agent claude-2 \(id:2\)/,
    );

    // Agent 2 answers back: nobody allows that pair, so it is refused and agent 1 never sees it.
    await prompt(home, '2', 'send to 1: done, all green');
    await until('agent 2 was refused', () => model!.results.length >= 2, 60000);
    expect(model.results[1]).toMatch(
      /The hub refused this message: agent 2 may not send a message to agent claude \(id:1\): it did not start it/,
    );
    expect(model.asked.some((a) => /done, all green/.test(a) && /Message from/.test(a))).toBe(false);
    expect(read(home, '1')).not.toMatch(/done, all green/);
  }, 240_000);
});
