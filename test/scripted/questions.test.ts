import { describe, expect, it } from 'vitest';
import { runCommandOp } from '../../src/verbs/run.js';
import { useHub } from '../support/use-hub.js';

// Questions in the running hub: a dialog a hook (or a script) opens never takes the keys the user
// is typing; it waits with a badge until the user opens it. Scripted agents, the hub's own time.

const hubs = useHub();

/** A hook that asks whenever the agent sets its title (as a CLI does while it works). */
const ASKS_ON_TITLE = `hooks.on("agent_title_changed", function(ev, app)
  app:select({ "keep", "drop" }, { title = "Asked by a hook" }, function(choice, app) app:notify("hook answer " .. tostring(choice)) end)
end)
commands.register("t.ask", function(app)
  app:select({ { label = "alpha" }, { label = "beta" } }, { title = "Pick one" }, function(choice, app)
    app:notify("chose " .. (choice and choice.label or "nothing"))
  end)
end)
keys.bind("normal", "P", "t.ask")`;

describe('a question raised while the user types', () => {
  it('a paste arriving as the hook asks reaches the agent whole; the question waits with its badge', async () => {
    const t = await hubs.scripted({
      files: { 'user/hooks.lua': ASKS_ON_TITLE },
      agents: [{ command: 'cat', name: 'one' }],
    });
    const paste = `\x1b[200~${'line of a paste\r'.repeat(40)}\x1b[201~`;
    t.agent('one').printRaw('\x1b]0;working\x07');
    t.hub.input(paste.slice(0, 300));
    t.hub.input(paste.slice(300));
    await t.until(() => t.hub.state.questions.length === 1, 'the question');
    await t.settle();
    expect(t.agent('one').received).toContain('line of a paste\r'.repeat(40));
    expect(t.hub.state.client.overlay).toBeNull();
    expect(await t.frame(/ INSERT .*\? 1 question: Ctrl\+g o/)).toMatch(/The hub asks: Asked by a hook/);
    await t.press('echo after\r');
    expect(t.agent('one').received).toMatch(/echo after\r$/);
    await t.press('\x07o');
    expect(await t.frame(/Asked by a hook[\s\S]*keep[\s\S]*drop/)).toMatch(/ DIALOG /);
    await t.press('dr\r');
    await t.frame(/hook answer drop/);
    expect(t.hub.state.questions).toEqual([]);
  });

  it('in normal mode the keys go on driving the hub (j moves the focus), not into the question', async () => {
    const t = await hubs.scripted({
      files: { 'user/hooks.lua': ASKS_ON_TITLE },
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    });
    await t.press('\x07');
    t.agent('one').printRaw('\x1b]0;working\x07');
    await t.until(() => t.hub.state.questions.length === 1, 'the question');
    const before = t.hub.focused?.info.name;
    await t.press('j');
    expect(t.hub.focused?.info.name).not.toBe(before);
    expect(t.hub.state.client.overlay).toBeNull();
  });

  it("a script's dialog is the script's: the user's own dialog keeps its keys, and the script gets its answer", async () => {
    const t = await hubs.scripted({
      files: { 'user/hooks.lua': ASKS_ON_TITLE },
      agents: [{ command: 'cat', name: 'one' }],
    });
    await t.press('\x07P');
    await t.frame(/Pick one/);
    await t.press('b');
    let reply: unknown;
    void runCommandOp(t.hub.control, { op: 'run', command: 't.ask', yes: true }).then((r) => (reply = r));
    await t.until(() => reply !== undefined, "the script's answer");
    expect(reply).toMatchObject({ chosen: ['alpha'], notice: 'chose alpha' });
    const o = t.hub.state.client.overlay;
    expect(o?.kind === 'palette' && o.query).toBe('b'); // what the user typed is still there
    expect(t.hub.state.questions).toEqual([]);
    await t.press('\r');
    await t.frame(/chose beta/);
  });

  it('question.open from a script or a hook does not open it over the user', async () => {
    const t = await hubs.scripted({
      files: { 'user/hooks.lua': ASKS_ON_TITLE },
      agents: [{ command: 'cat', name: 'one' }],
    });
    t.agent('one').printRaw('\x1b]0;working\x07');
    await t.until(() => t.hub.state.questions.length === 1, 'the question');
    let done = false;
    void runCommandOp(t.hub.control, { op: 'run', command: 'question.open' }).then(() => (done = true));
    await t.until(() => done, 'the run');
    expect(t.hub.state.notice?.text).toBe('question.open opens a question only from your keys');
    expect(t.hub.state.client.overlay).toBeNull();
    expect(t.hub.state.questions).toHaveLength(1);
  });
});
