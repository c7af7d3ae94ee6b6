import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { startTeamModel, type TeamModel } from '../support/team-model.js';
import { claudeEnv, claudeHome } from '../support/real-claude.js';

// A real Claude Code team in the hub (issue 70): a lead asked to spawn two teammates splits its
// pane through the hub's tmux; both teammates are agents of the hub under it, running a real
// Claude each; the user types to one and its turn reaches the model; the lead's message to a
// teammate passes, one teammate's to the other is held; ending the lead ends them.
// The CLI comes from npm, which CI cannot reach: BOTSTER_TEST_CLIS names its bin folder.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

function cli(home: string, ...args: string[]): string {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  return r.stdout;
}

describe.skipIf(!has('claude'))('a real Claude Code team (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  let model: TeamModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it('teammates are agents under the lead, typed into by the user, ended with it', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const base = path.dirname(home);
    const user = path.join(base, 'user-home');
    const work = path.join(base, 'work');
    fs.mkdirSync(work);
    claudeHome(user, [work]);
    model = await startTeamModel(['alpha', 'beta']);
    const env = claudeEnv(user, CLIS!, model.url, { CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS: '1' });
    const r = run(['--home', home], 140, 40, { env, cwd: work });
    running.push(r);
    await waitScreen(r, /\$ /, 20000);
    r.pty.write('claude\r');
    // (a first run may offer auto mode: keep asking, as the user's settings say)
    const first = await waitScreen(r, /❯|auto mode/, 60000);
    if (/auto mode/.test(first)) {
      r.pty.write('\x1b[B');
      await new Promise((res) => setTimeout(res, 300));
      r.pty.write('\r');
    }
    await waitScreen(r, /❯ *\n/, 30000).catch(() => undefined);
    r.pty.write('spawn the team');
    await new Promise((res) => setTimeout(res, 300));
    r.pty.write('\r');
    type Row = { id: string; name: string; lead?: string; program?: string };
    const rows = () => JSON.parse(cli(home, 'agents', '--json') || '[]') as Row[];
    // (a teammate can be listed a moment under another name, "cat", before Claude's name for it)
    await until(
      'two teammates listed under the lead, by their names',
      () =>
        rows()
          .filter((a) => a.lead === '1')
          .map((a) => a.name)
          .join(' ') === 'alpha beta',
      90000,
    );
    expect(rows()).toMatchObject([
      { id: '1' },
      { id: '2', name: 'alpha', lead: '1' },
      { id: '3', name: 'beta', lead: '1' },
    ]);
    // The list folds the team under its lead.
    await waitScreen(r, /1 sh[\s\S]*└ 2 alpha[\s\S]*└ 3 beta/, 20000);
    // Each teammate is a real Claude of its own, its first task from the lead.
    await until('alpha ran its task', () => cli(home, 'read', '2').includes('heard'), 60000);
    // The user types to a teammate: its turn reaches the model.
    cli(home, 'send', '2', 'what is two plus two');
    await new Promise((res) => setTimeout(res, 500));
    cli(home, 'send', '2', '--keys', 'enter');
    await until(
      'alpha answered the user',
      () => cli(home, 'read', '2').includes('heard: what is two plus two'),
      60000,
    );
    expect(model.asked.some((a) => a.includes('what is two plus two'))).toBe(true);
    // Messages (SendMessage goes to the hub first): the lead's to a teammate is team mail and
    // passes; one teammate's to its sibling is not (neither started the other): the hub asks you,
    // nobody answers, it is refused and the sibling never gets it; the sender's model reads why.
    cli(home, 'send', '1', 'send to alpha: hello alpha from the lead');
    await new Promise((res) => setTimeout(res, 500));
    cli(home, 'send', '1', '--keys', 'enter');
    await until(
      "the lead's message reached alpha's model",
      () => model!.asked.some((a) => a.includes('hello alpha from the lead') && !a.includes('send to alpha')),
      60000,
    );
    cli(home, 'send', '2', 'send to beta: hello beta from alpha');
    await new Promise((res) => setTimeout(res, 500));
    cli(home, 'send', '2', '--keys', 'enter');
    await until(
      'alpha was refused',
      () => model!.results.some((r) => /The hub refused this message/.test(r)),
      60000,
    );
    expect(model.results.find((r) => /The hub refused/.test(r))).toMatch(
      /agent 2 may not send a message to agent beta \(id:3\): it did not start it/,
    );
    expect(model.asked.some((a) => a.includes('hello beta from alpha') && !/send to beta/.test(a))).toBe(
      false,
    );
    // Ending the lead ends its team (Claude asks first: it has teammates at work).
    cli(home, 'send', '1', '/exit');
    await new Promise((res) => setTimeout(res, 500));
    cli(home, 'send', '1', '--keys', 'enter');
    await until(
      'the team is gone',
      () => {
        if (/Background work is running/.test(cli(home, 'read', '1')))
          cli(home, 'send', '1', '--keys', 'enter');
        return rows().length === 1;
      },
      60000,
    );
    console.log(`the hub after the team:\n${screen(r.term)}`);
  }, 240_000);
});
