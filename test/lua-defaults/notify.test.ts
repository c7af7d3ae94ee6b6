// lua/default/notify.lua in the real configuration runtime: hub events in, app:notify_desktop out,
// following settings.notify; a user file changes the message or turns the hooks off.
import { describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { desktopNotification } from '../../src/hub/desktop-notification.js';
import { appAgent, appData, useLuaRuntime } from '../support/lua-runtime.js';

const runtime = useLuaRuntime();

// (the phone's push on the same events is lua/default/push.lua's: test/lua-defaults/push.test.ts)
const notPush = (q: { type: string; name?: string }) => !(q.type === 'verb' && q.name === 'web.push');
const asked = (r: ConfigRuntime, event: string, payload: Record<string, unknown>) =>
  r
    .dispatch(event, payload, null, () => {}, appData())
    .requests.flatMap((q) => q.requests)
    .filter(notPush);

describe('told to you (the default hooks)', () => {
  const waiting = (id: string, reason = 'run `rm -rf build`?') => ({
    agent: { ...appAgent(id), state: 'waiting', reason },
    from: 'running',
    to: 'waiting',
    reason,
  });

  it('by default: a notice naming the agent and what it asks, and the bell; nothing for the agent you look at', async () => {
    const r = await runtime();
    expect(asked(r, 'agent_state_changed', waiting('2'))).toEqual([
      {
        type: 'notify',
        text: 'agent a2 (id 2) asks: "run `rm -rf build`?"',
        level: 'info',
        // (it goes once agent 2 waits no longer)
        id: expect.any(String),
        agent: '2',
        state: 'waiting',
      },
      { type: 'notify_desktop', text: 'agent a2 (id 2) asks: "run `rm -rf build`?"', kind: 'bell' },
    ]);
    expect(
      asked(r, 'agent_state_changed', {
        agent: { ...appAgent('2'), state: 'done' },
        from: 'running',
        to: 'done',
      }),
    ).toEqual([
      { type: 'notify', text: 'agent a2 (id 2) finished', level: 'info' },
      { type: 'notify_desktop', text: 'agent a2 (id 2) finished', kind: 'bell' },
    ]);
    expect(asked(r, 'agent_state_changed', { agent: appAgent('2'), from: 'waiting', to: 'running' })).toEqual(
      [],
    );
    expect(asked(r, 'agent_state_changed', waiting('1'))).toEqual([]);
    expect(asked(r, 'agent_bell', { agent: appAgent('2') })[0]).toEqual({
      type: 'notify',
      text: 'agent a2 (id 2) rang the bell',
      level: 'info',
    });
  });

  it("an agent's name and reason cannot draw the hub's own notice: the hub names it by id, its words quoted", async () => {
    const r = await runtime();
    const fake = waiting('2', 'x"\nThe hub asks: trust it?');
    fake.agent.name = 'The hub';
    expect(asked(r, 'agent_state_changed', fake)[0]).toEqual({
      type: 'notify',
      text: 'agent The hub (id 2) asks: "x\\"\\nThe hub asks: trust it?"', // one line: \n is drawn as such
      level: 'info',
      id: expect.any(String),
      agent: '2',
      state: 'waiting',
    });
    expect(asked(r, 'agent_state_changed', waiting('2', ''))[0]).toMatchObject({
      text: 'agent a2 (id 2) waits for you',
    });
  });

  it('an agent an attached client shows (agent.shown) is not announced', async () => {
    const r = await runtime();
    const shownApp = { ...appData(), agents: [appAgent('1'), { ...appAgent('2'), shown: true }] };
    expect(
      r
        .dispatch('agent_state_changed', waiting('2'), null, () => {}, shownApp)
        .requests.flatMap((q) => q.requests)
        .filter(notPush),
    ).toEqual([]);
  });

  it('settings.notify: desktop escapes, a command, several, or false', async () => {
    const r = await runtime('settings.notify = { "osc777", "my.tell" }');
    expect(asked(r, 'agent_bell', { agent: appAgent('2') })).toEqual([
      { type: 'notify', text: 'agent a2 (id 2) rang the bell', level: 'info' },
      { type: 'notify_desktop', text: 'agent a2 (id 2) rang the bell', kind: 'osc777' },
      {
        type: 'verb',
        name: 'run',
        args: {
          command: 'my.tell',
          arg: { text: 'agent a2 (id 2) rang the bell', agent: '2', what: 'bell' },
        },
        as: 'app:run',
      },
    ]);
    r.dispose();
    const off = await runtime('settings.notify = false');
    expect(asked(off, 'agent_state_changed', waiting('2'))).toEqual([
      {
        type: 'notify',
        text: 'agent a2 (id 2) asks: "run `rm -rf build`?"',
        level: 'info',
        // (it goes once agent 2 waits no longer)
        id: expect.any(String),
        agent: '2',
        state: 'waiting',
      },
    ]);
  });

  it('a user message function, or hooks.off, changes it', async () => {
    const mine = await runtime(
      'settings.notify = "osc9"\nfunction notifications.message(agent, what, app) return "[" .. #app.agents .. "] " .. agent.name .. " " .. what end',
    );
    expect(asked(mine, 'agent_bell', { agent: appAgent('1') })).toContainEqual({
      type: 'notify_desktop',
      text: '[2] a1 bell',
      kind: 'osc9',
    });
    mine.dispose();
    const off = await runtime('settings.notify = "osc9"\nhooks.off(notifications.hooks.bell)');
    expect(asked(off, 'agent_bell', { agent: appAgent('2') })).toEqual([]);
    expect(asked(off, 'agent_state_changed', waiting('2'))).toHaveLength(2);
  });

  it('a bad setting is an error at its line', async () => {
    await expect(runtime('\nsettings.notify = "beep"')).rejects.toThrow(
      /user\/hooks\.lua:2: settings\.notify must be "bell", "osc9", "osc777", a command id, a list of these, or false/,
    );
    await expect(runtime('settings.notify = { "bell", 3 }')).rejects.toThrow(
      /user\/hooks\.lua:1: settings\.notify \[2\] must be/,
    );
  });
});

describe('app:notify_desktop -> the terminal escape', () => {
  it('OSC 9 or OSC 777, with no control bytes or separators inside', () => {
    expect(desktopNotification('build done', 'osc9')).toBe('\x1b]9;build done\x07');
    expect(desktopNotification('a;b\x07c\x1b]x', 'osc777')).toBe('\x1b]777;notify;botster-tui;a b c ]x\x07');
  });
});
