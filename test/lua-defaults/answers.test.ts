// Answering a waiting agent without going into it (lua/default/answers.lua over app:send): real
// PTYs, the real keymap and Lua.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { tempHome, waitForFrame } from '../support/hub.js';
import { until } from '../support/wait.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

const ASKER = `sh -c 'printf "Proceed? (y/n) "; read a; echo "got [$a]"; sleep 30'`;
const stateOf = (h: Hub, name: string) => h.appData().agents.find((a) => a.name === name)?.state;

describe('answering an agent from normal mode', () => {
  it('w jumps to the waiting agent, a y answers it as its CLI wants; the hub stays in normal mode', async () => {
    hub = await hubs.real({
      home: tempHome(),
      agents: [
        { command: 'cat', name: 'front' },
        { command: ASKER, name: 'asker' },
      ],
    });
    await until('asker waiting', () => stateOf(hub!, 'asker') === 'waiting');
    hub.input('\x07w');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('asker');
    hub.input('ay');
    await waitForFrame(hub, /got \[y\]/);
    expect(hub.currentMode).toBe('normal');
    await until('asker answered', () => stateOf(hub!, 'asker') !== 'waiting');
    // asking nothing now: nothing is sent, and it says so
    hub.input('an');
    await waitForFrame(hub, /asker is not waiting for an answer/);
    expect(hub.screen().toText()).not.toMatch(/got \[y\][\s\S]*n\s*$/m);
  });

  it('a a allows the permission question your rules left to you, always for this agent; with none it types nothing', async () => {
    hub = await hubs.real({
      home: tempHome(),
      agents: [
        { command: ASKER, name: 'asker' },
        { command: ASKER, name: 'other' },
      ],
    });
    await until(
      'both waiting',
      () => stateOf(hub!, 'asker') === 'waiting' && stateOf(hub!, 'other') === 'waiting',
    );
    const push = { tool: 'Bash', input: { command: 'git push' } };
    // Its CLI asked, and the shipped rules left it to you ("push").
    expect(await hub.permissions.ask('1', push, false)).toMatchObject({ decision: 'ask', rule: 'push' });
    expect(hub.state.facts.agents['1'].permission).toMatchObject({ subject: 'git push' });
    hub.input('\x07aa');
    await waitForFrame(hub, /got \[y\]/);
    expect(hub.state.facts.agents['1'].permission).toBeUndefined();
    expect(await hub.permissions.ask('1', push, false)).toMatchObject({
      decision: 'allow',
      rule: 'always for this agent',
    });
    // Where no question was left to you, a a says so and types nothing.
    hub.input('j');
    await until('other focused', () => hub!.focused?.info.name === 'other');
    hub.input('aa');
    await waitForFrame(hub, /other asks no permission question your rules left to you/);
    expect(hub.screen().toText()).not.toMatch(/got \[y\][\s\S]*got \[y\]/);
    // What you allowed always is that agent's only.
    expect(await hub.permissions.ask('2', push, false)).toMatchObject({ decision: 'ask', rule: 'push' });
  });

  it('"not waiting" goes once that agent asks, or once a later answer goes through (issue 94)', async () => {
    const home = tempHome();
    const gate = path.join(home, 'ask-now');
    // later asks only once the gate is there
    const late = `sh -c 'until [ -e "${gate}" ]; do sleep 0.05; done; printf "Go on? (y/n) "; read a; echo "late got [$a]"; sleep 30'`;
    hub = await hubs.real({
      home,
      agents: [
        { command: 'cat', name: 'front' },
        { command: late, name: 'later' },
        { command: ASKER, name: 'asker' },
      ],
    });
    const notice = () => hub!.state.notice?.text ?? '';
    await until('asker waiting', () => stateOf(hub!, 'asker') === 'waiting');
    // front asks nothing: said; then the answer to asker goes through, and the line goes with it.
    hub.input('\x07ay');
    await until('front refused', () => /front is not waiting for an answer/.test(notice()));
    hub.input('jj');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('asker');
    hub.input('ay');
    await waitForFrame(hub, /got \[y\]/);
    expect(notice()).not.toMatch(/not waiting/);
    expect(hub.screen().toText()).not.toMatch(/front is not waiting/);
    // later asks nothing yet: said; once it asks, that is no longer so.
    await until('later idle', () => stateOf(hub!, 'later') === 'idle');
    hub.input('k');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('later');
    hub.input('ay');
    await until('later refused', () => /later is not waiting for an answer/.test(notice()));
    fs.writeFileSync(gate, '');
    await until('later waiting', () => stateOf(hub!, 'later') === 'waiting');
    expect(notice()).not.toMatch(/not waiting/);
    hub.input('ay');
    await waitForFrame(hub, /late got \[y\]/);
  });

  it('answers per CLI, from user files; an improvement cannot type into agents', async () => {
    hub = await hubs.real({
      home: tempHome({ 'user/hooks.lua': 'answers.asker = { yes = { text = "sure", keys = "enter" } }' }),
      agents: [{ command: ASKER, name: 'asker' }],
      collaborativeWaitMs: 0,
    });
    await until('asker waiting', () => stateOf(hub!, 'asker') === 'waiting');
    // An improvement (an agent's code) binding a key that types into agents: refused when pressed.
    const reply = await hub.improvements.push({
      name: 'typer',
      source: 'keys.bind("normal", "T", function(app) app:send(nil, "evil", "enter") end, { desc = "type" })',
      agent_id: '1',
    });
    // The policy asks you first (it can type into agents); accepted, it is still refused when pressed.
    expect(reply).toMatchObject({
      decision: 'collaborative',
      reasoning: expect.stringMatching(/can type into agents/),
    });
    await hub.improvements.answer(true, 'typer');
    hub.input('\x07T');
    await waitForFrame(hub, /improvement \S+ cannot type into agents/);
    expect(hub.screen().toText()).not.toMatch(/got \[evil\]/);
    hub.input('ay');
    await waitForFrame(hub, /got \[sure\]/);
  });

  it('app:send checks its arguments at the caller', async () => {
    const { ConfigRuntime } = await import('../../src/lua/runtime/config-runtime.js');
    const { readConfigFiles } = await import('../../src/reload/config-files.js');
    const { BUILTIN_COMMANDS } = await import('../../src/commands/builtin-commands.js');
    const home = tempHome({
      'user/hooks.lua':
        'commands.register("t.bad", function(app) app:send(nil, "x", "ctrl+nope") end)\ncommands.register("t.ok", function(app) app:send(9, "hi", "enter") end)',
    });
    const rt = await ConfigRuntime.build(
      readConfigFiles({ home }),
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    try {
      const app = {
        agents: [
          { id: '7', name: 'a', command: 'x', cwd: '/', status: 'idle', exit_code: null, title: '' },
          { id: '9', name: 'b', command: 'x', cwd: '/', status: 'idle', exit_code: null, title: '' },
        ],
        focused_id: '7',
        selected: 1,
        mode: 'normal',
        size: { width: 80, height: 24 },
        error: null,
      };
      expect(() => rt.runCommand('t.bad', app)).toThrow(/user\/hooks\.lua:1: app:send: /);
      // (a number is an agent's id; the call is the send verb, waiting for its answer)
      expect(rt.runCommand('t.ok', app)).toEqual([
        {
          type: 'verb',
          name: 'send',
          args: { agent: 'id:9', text: 'hi', keys: 'enter' },
          dialog: 1,
          tell: true,
          as: 'app:send',
        },
      ]);
    } finally {
      rt.dispose();
    }
  });
});
