import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The permission.ask verb: an agent's CLI asks before a tool and your rules in Lua answer (the
// shipped three here: lua/default/permissions.lua). From inside an agent: `botster-tui permission
// ask`, and Claude Code's PermissionRequest hook program (`botster-tui permission-hook`, fed the
// JSON Claude hands it) answering Claude's decision JSON; the question left to you is the agent's
// `permission`; each answer is a line of the hub log naming its rule. You may try the rules for
// any agent (nothing recorded); an agent asks for itself only. (A real Claude Code:
// test/box/permissions-real-claude.test.ts.)

const fleet = fleetHubs();

/** A line of an agent's script: Claude's PermissionRequest JSON for a Bash command, to the hook. */
const hook = (command: string) =>
  `printf '%s' '${JSON.stringify({
    hook_event_name: 'PermissionRequest',
    session_id: 's1',
    cwd: '/work/app',
    tool_name: 'Bash',
    tool_input: { command, description: 'a step' },
  })}' | botster-tui permission-hook; echo`;

const logOf = (home: string) => {
  const f = path.join(home, 'logs', 'hub.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
};
/** Waits for the hub log to hold a line matching `re` (it is written as it goes). */
const logged = (home: string, re: RegExp) => until(`the log says ${re}`, () => re.test(logOf(home)), 10000);

describe('botster-tui permission ask, and the permission hook', { timeout: 90_000 }, () => {
  it("answers an agent's questions from the rules: allow, deny with the reason its model reads, ask (left to you, on its record); each logged with its rule", async () => {
    const { hub, home, cli } = await fleet([{ command: 'cat', name: 'other' }]);
    const s = script(home, 'asker', [
      "botster-tui permission ask Bash --input command='npm test' --input description=tests --json",
      hook('npm test'),
      hook('cat ~/.ssh/id_rsa'),
      // (its dialog shows: Claude's Notification hook says it waits; said first here, so the
      // question is not taken for a turn's end by a quiet screen meanwhile)
      "botster-tui report --state waiting --reason 'run git push?'",
      hook('git push origin main'),
      "botster-tui permission ask Bash --input command='npm test' --for other --json",
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 60000);
    // Each line's output, then its exit code.
    const out = said.split(/^rc=(\d+)$/m).map((t) => t.trim());
    const [asked, , allow, , deny, , , , ask, , other, code] = out;
    expect(out.filter((_, i) => i % 2 === 1).slice(0, 5)).toEqual(['0', '0', '0', '0', '0']);
    expect(JSON.parse(asked)).toMatchObject({
      ok: true,
      decision: 'allow',
      rule: 'tests and status',
      subject: 'npm test',
      key: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // Claude's PermissionRequest answers: allow, deny with the rule's reason, nothing for ask.
    expect(JSON.parse(allow)).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } },
    });
    expect(JSON.parse(deny)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: {
          behavior: 'deny',
          message:
            'The user\'s permission rules in the hub denied this (rule "ssh keys"): your SSH keys are not for agents to read or change',
        },
      },
    });
    expect(ask).toBe('');
    // An agent asks for itself only.
    expect(other).toMatch(/asks for itself only, not for agent other \(id:1\)/);
    expect(code).toBe('1');

    const me = hub.agents.list().find((a) => a.info.name === 'asker')!.id;
    const agents = JSON.parse((await cli(['agents', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(agents.find((a) => a.id === me)).toMatchObject({
      permission: {
        tool: 'Bash',
        subject: 'git push origin main',
        key: expect.stringMatching(/^[0-9a-f]{16}$/),
      },
    });
    await logged(
      home,
      new RegExp(
        `permission: agent ${me} \\(asker\\) asks Bash "npm test": allow \\(rule "tests and status"`,
      ),
    );
    await logged(
      home,
      new RegExp(
        `permission: agent ${me} \\(asker\\) asks Bash "cat ~/\\.ssh/id_rsa": deny \\(rule "ssh keys"`,
      ),
    );
    await logged(
      home,
      new RegExp(`permission: agent ${me} \\(asker\\) asks Bash "git push origin main": ask \\(rule "push"`),
    );

    // Yours, a try: the rules' answer for that agent, nothing recorded on it.
    const tried = await cli([
      'permission',
      'ask',
      'Bash',
      '--input',
      'command=rm -rf build',
      '--for',
      me,
      '--json',
    ]);
    expect(tried.status, tried.stderr).toBe(0);
    expect(JSON.parse(tried.stdout)).toMatchObject({ ok: true, decision: 'ask', rule: null });
    expect(hub.state.facts.agents[me].permission?.subject).toBe('git push origin main');
    await logged(home, /asks Bash "rm -rf build": ask \(no rule: .*\) \(a try: nothing recorded\)/);
  });

  it('rules that cannot answer leave the question to you (never allow), and say why', async () => {
    const { hub, home } = await fleet([], {
      'user/permissions.lua': 'permissions.rules = { { name = "broken", allow = { rnu = "npm test" } } }\n',
    });
    const s = script(home, 'asker', [hook('npm test')]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 60000);
    expect(said.split('\n').slice(0, 2)).toEqual(['', 'rc=0']);
    await logged(
      home,
      /asks Bash "npm test": ask: the hub's permission rules could not answer \(permissions\.rules\[1\] \("broken"\): unknown field "rnu" in allow/,
    );
    await until('you are told', () => /permission rules: .*"rnu"/.test(hub.state.notice?.text ?? ''));
  });
});
