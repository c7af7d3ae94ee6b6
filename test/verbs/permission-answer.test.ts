import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { askLine, read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';

// The permission.answer verb: your answer to the permission question your rules left to you
// (agent.permission): allow once, always for this agent (its next identical question is then
// allowed by the rules, "always for this agent"), deny; only on the question shown, only while
// the agent waits, yours alone (the agent itself is refused, by the verb and by typing into its dialog). A turn that ends takes the question
// away. (The web page's buttons through it: test/box/permissions-real-claude.test.ts.)

const fleet = fleetHubs();

const hook = (command: string) =>
  `printf '%s' '${JSON.stringify({
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command, description: 'a step' },
  })}' | botster-tui permission-hook; echo`;

describe('permission.answer', { timeout: 90_000 }, () => {
  it('yours alone, on the question shown while the agent waits; always is remembered for the agent; a turn that ends takes the question away', async () => {
    const { hub, home, socket } = await fleet();
    const go = (n: number) => fs.writeFileSync(path.join(home, `go${n}`), '');
    const s = script(home, 'asker', [
      // (its dialog shows: Claude's Notification hook says it waits; said first here, so the
      // question is not taken for a turn's end by a quiet screen meanwhile)
      "botster-tui report --state waiting --reason 'run git push?'",
      hook('git push origin main'),
      askLine({ op: 'permission.answer', agent: 'asker', answer: 'always' }),
      // (nor by typing into its own dialog: Claude's Enter takes its "Yes")
      askLine({ op: 'send', agent: 'asker', keys: 'enter' }),
      `wait ${path.join(home, 'go1')}`,
      hook('git push origin main'),
      hook('git push origin dev'),
      `wait ${path.join(home, 'go2')}`,
      hook('git push origin dev'),
      'botster-tui report --state running',
      `wait ${path.join(home, 'go3')}`,
      'botster-tui report --state done',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const id = hub.agents.list().find((a) => a.info.name === 'asker')!.id;
    const answer = (a: string, key?: string) =>
      controlRequest(socket, { op: 'permission.answer', agent: id, answer: a, ...(key ? { key } : {}) });
    const pending = () => hub.state.facts.agents[id]?.permission;

    // The agent cannot answer its own question.
    await until('the agent tried', () => (read(s.out).match(/^reply /gm) ?? []).length === 2, 30000);
    const [byVerb, byKeys] = [...read(s.out).matchAll(/^reply (.*)$/gm)].map((m) => JSON.parse(m[1]));
    expect(byVerb).toMatchObject({ ok: false, refused: expect.stringMatching(/permission\.answer/) });
    expect(byKeys).toMatchObject({
      ok: false,
      refused: expect.stringMatching(
        /waits for your answer to its permission question .*no agent answers it/,
      ),
    });
    expect(pending()).toMatchObject({ tool: 'Bash', subject: 'git push origin main' });
    expect(hub.state.agentStates[id]?.state).toBe('waiting');

    // Yours: on the question you were shown only.
    expect(await answer('always', 'not-this-one')).toMatchObject({ ok: false, reason: 'changed' });
    expect(await answer('always', pending()!.key)).toMatchObject({
      ok: true,
      agent: { id, name: 'asker' },
      answer: 'always',
      tool: 'Bash',
      subject: 'git push origin main',
    });
    expect(pending()).toBeUndefined();
    expect(await answer('allow')).toMatchObject({ ok: false, reason: 'no_question' });
    const logFile = path.join(home, 'logs', 'hub.log');
    // (the log is written as it goes: a line is waited for)
    const logged = (line: string) =>
      until(
        `the log says ${line}`,
        () => fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes(line),
        10000,
      );
    await logged(
      `permission: agent ${id} (asker) Bash "git push origin main": allowed always by you (the rules answer it allow for this agent from now on)`,
    );

    // Its next identical question is the rules' allow; another is asked.
    go(1);
    await until('it asked again', () => (read(s.out).match(/rc=/g) ?? []).length >= 6, 30000);
    const out = read(s.out)
      .split(/^rc=\d+$/m)
      .map((t) => t.trim());
    expect(JSON.parse(out[4])).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } },
    });
    expect(out[5]).toBe('');
    await logged(
      `permission: agent ${id} (asker) asks Bash "git push origin main": allow (rule "always for this agent": you allowed it always for agent ${id})`,
    );
    expect(pending()).toMatchObject({ subject: 'git push origin dev' });

    // Deny: said and logged, not remembered.
    expect(await answer('deny', pending()!.key)).toMatchObject({ ok: true, answer: 'deny' });
    await logged(`permission: agent ${id} (asker) Bash "git push origin dev": denied by you`);
    go(2);
    await until('it asked again', () => (read(s.out).match(/rc=/g) ?? []).length >= 8, 30000);
    await until('asked, and at work', () => hub.state.agentStates[id]?.state === 'running', 10000);
    expect(pending()).toMatchObject({ subject: 'git push origin dev' });
    // Not waiting: its dialog is not up, so nothing is answered.
    expect(await answer('allow', pending()!.key)).toMatchObject({ ok: false, reason: 'not_waiting' });
    // Its turn ends: the question goes with it.
    go(3);
    await until(
      'its turn ended',
      () => ['done', 'idle'].includes(hub.state.agentStates[id]?.state ?? ''),
      10000,
    );
    expect(pending()).toBeUndefined();
  });
});
