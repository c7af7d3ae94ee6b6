import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import type { Hub } from '../../src/app/hub.js';

// Agents' own messages obey the drive rules (issue 70): Claude Code's SendMessage hook
// (`botster-tui message-hook`, as its --settings names it in a hub launch) run by a real agent's
// own process, with what Claude hands a PreToolUse hook on stdin. To an agent it started: typed
// into it as a prompt, and Claude's own delivery denied with the hub's words. To one it did not
// start: the user is asked; unanswered it is refused and nothing is typed; allowed, it goes. A
// teammate of its own Claude team, or a name no agent of the hub goes by: left to Claude.

const hubs = fleetHubs();
// The receivers here are `cat`, standing for an agent CLI: the hub types prompts only into programs
// that read them (prompts.reads: one a CLI file knows), so this home says cat reads them.
const CAT_READS = {
  'user/prompts.lua':
    'local reads = prompts.reads\nfunction prompts.reads(ev) if ev.agent.program == "cat" then return true end return reads(ev) end\n',
};

const screen = (hub: Hub, name: string) => {
  const a = hub.agents.list().find((x) => x.info.name === name);
  return a ? readAgent(a).join('\n') : '';
};

/** A line of the script: Claude's PreToolUse input for SendMessage piped into the hook. */
const send = (config: string, to: string, message: string) =>
  `printf '%s' '${JSON.stringify({
    session_id: 'lead-session',
    hook_event_name: 'PreToolUse',
    tool_name: 'SendMessage',
    tool_input: { to, message },
  })}' | botster-tui message-hook --config "${config}"`;

describe("agents' messages (Claude's SendMessage) go by the drive rules", () => {
  it('typed into its own agent, refused for one it did not start until you allow it, its team and strangers left to Claude', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], CAT_READS, { collaborativeWaitMs: 300 });
    const config = path.join(h.home, 'claude config');
    fs.mkdirSync(path.join(config, 'sessions'), { recursive: true });
    // Its team (Claude's teams/NAME/config.json): it leads, alpha is a member.
    fs.mkdirSync(path.join(config, 'teams', 'session-1'), { recursive: true });
    fs.writeFileSync(
      path.join(config, 'teams', 'session-1', 'config.json'),
      JSON.stringify({
        leadAgentId: 'team-lead@session-1',
        leadSessionId: 'lead-session',
        members: [
          { agentId: 'team-lead@session-1', name: 'team-lead', tmuxPaneId: 'leader' },
          { agentId: 'alpha@session-1', name: 'alpha', tmuxPaneId: '%9' },
        ],
      }),
    );
    // Another team, where it is a member (its pane, %2): to its lead is team mail; to a fellow
    // member (mine, %1) it is not.
    fs.mkdirSync(path.join(config, 'teams', 'session-2'), { recursive: true });
    fs.writeFileSync(
      path.join(config, 'teams', 'session-2', 'config.json'),
      JSON.stringify({
        leadAgentId: 'boss@session-2',
        leadSessionId: 'another-session',
        members: [
          { agentId: 'boss@session-2', name: 'boss', tmuxPaneId: 'leader' },
          { agentId: 'me@session-2', name: 'me', tmuxPaneId: '%2' },
          { agentId: 'mine@session-2', name: 'mine', tmuxPaneId: '%1' },
        ],
      }),
    );
    const go = path.join(h.home, 'go');
    const s = script(h.home, 'lead', [
      'botster-tui new --name helper -- cat',
      send(config, 'helper', 'please run the tests'),
      send(config, 'mine', 'echo pwned'),
      send(config, 'alpha', 'team mail'),
      send(config, 'boss', 'team mail to my lead'),
      send(config, 'somebody-else', 'to a stranger'),
      `wait ${go}`,
      // Claude lists sessions by their names: the hub finds the agent by the session's process.
      send(config, 'worker-session [ab12cd]', 'found by its session'),
      send(config, 'mine', 'allowed now'),
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'lead' }, { focus: false });
    await until('the first six ran', () => read(s.out).match(/rc=/g)?.length === 6 && read(s.out), 30000);
    const first = read(s.out);
    expect(first.match(/rc=(\d+)/g)).toEqual(['rc=0', 'rc=0', 'rc=0', 'rc=0', 'rc=0', 'rc=0']);
    const denials = [...first.matchAll(/^\{"hookSpecificOutput".*$/gm)].map(
      (m) => JSON.parse(m[0]).hookSpecificOutput,
    );
    // Two answers only: helper's (delivered) and mine's (refused: a fellow member's is no team mail);
    // alpha's and boss's (team mail) and the stranger's are Claude's.
    expect(denials).toHaveLength(2);
    expect(denials[0]).toMatchObject({
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringMatching(
        /^Not sent by SendMessage: the hub typed it into agent helper \(id:3\) as a prompt.*Do not send it again\.$/,
      ),
    });
    await until('helper got it', () =>
      /Message from agent lead \(2\), through the hub: please run the tests/.test(screen(h.hub, 'helper')),
    );
    expect(denials[1].permissionDecisionReason).toMatch(
      /^The hub refused this message: agent 2 may not send a message to agent mine \(id:1\): it did not start it/,
    );
    expect(screen(h.hub, 'mine')).not.toMatch(/pwned/);
    await until('the question', () =>
      h.hub.state.questions.some((q) => /asks to send a message to agent mine/.test(q.overlay.title)),
    );
    expect(screen(h.hub, 'helper')).not.toMatch(/team mail|to a stranger/);

    // The user lets the pair; the session file Claude keeps for helper names its process.
    expect((await h.cli(['run', 'agent.allow_drive'])).status).toBe(0);
    const helper = h.hub.agents.list().find((a) => a.info.name === 'helper')!;
    fs.writeFileSync(
      path.join(config, 'sessions', `${helper.info.pid}.json`),
      JSON.stringify({ pid: helper.info.pid, sessionId: 'x', name: 'worker-session' }),
    );
    fs.writeFileSync(go, '');
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out.match(/rc=(\d+)/g)).toHaveLength(8);
    await until('helper got the one sent by its session name', () =>
      /through the hub: found by its session/.test(screen(h.hub, 'helper')),
    );
    await until('mine got it once allowed', () => /through the hub: allowed now/.test(screen(h.hub, 'mine')));
    expect(screen(h.hub, 'mine')).not.toMatch(/pwned/);
  }, 60000);

  it('the message verb from your shell: typed into the agent; a before_agent_message handler may refuse it; a name no agent goes by is an error (exit 6)', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {
      ...CAT_READS,
      'user/hooks.lua':
        'hooks.on("before_agent_message", function(ev) if ev.text:find("secret") then return false, "no secrets" end end)\n',
    });
    const sent = await h.cli(['message', 'mine', 'hello there', '--json']);
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ route: 'hub', agent: { id: '1', name: 'mine' } });
    await until('typed', () =>
      /Message from the user, through the hub: hello there/.test(screen(h.hub, 'mine')),
    );
    const refused = await h.cli(['message', 'mine', 'a secret']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/the message was not sent: .*user\/hooks\.lua:1: no secrets/);
    // A typo is an error naming it (the hook alone has Claude's delivery to fall back on).
    const stranger = await h.cli(['message', 'nobdy', 'hi']);
    expect(stranger.status).toBe(6);
    expect(stranger.stdout).toBe('');
    expect(stranger.stderr).toContain('botster-tui message: no agent "nobdy"; the agents: 1 mine');
    const strangerJson = await h.cli(['message', 'nobdy', 'hi', '--json']);
    expect(strangerJson.status).toBe(6);
    expect(JSON.parse(strangerJson.stdout)).toMatchObject({ ok: false, reason: 'no_agent' });
  }, 60000);
});
