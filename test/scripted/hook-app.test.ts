// One `self` everywhere: hook handlers get the same app as keys and commands (facts and actions),
// in the user's configuration and in an improvement's sandbox; what they ask for happens.
import { describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../src/agents/types.js';
import { realHome } from '../support/hub.js';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { catScript, type Script, type ScriptedPty } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// A scripted hub: real Lua, hooks and improvements; what the agents print is the test's.

const hubs = useHub();

const QUITTER = `sh -c 'sleep 0.4; exit 4'`;
const TITLED = `sh -c "read x; printf '\\033]2;hello\\007'; sleep 30"`;
const DING = `sh -c "read x; printf 'ding\\a'; sleep 30"`;
const SPAWNED = "sh -c 'echo SPAWNED-BY-IMPROVEMENT; sleep 30'";
/** Prints `text` once it read a line (as `read x; printf ...`). */
const afterALine =
  (text: string): Script =>
  (pty) => {
    const off = pty.onInput((d) => {
      if (!d.includes('\r')) return;
      off();
      pty.printRaw(text);
    });
  };
/** 300 bells in three reads of the terminal (a shell's loop prints them that fast), then STORM-DONE, once it read a line. */
const storm: Script = (pty) => {
  const off = pty.onInput(async (d) => {
    if (!d.includes('\r')) return;
    off();
    for (let i = 0; i < 3; i++) {
      pty.printRaw('\x07'.repeat(100));
      await new Promise((r) => setImmediate(r));
    }
    pty.print('STORM-DONE\n');
  });
};
const scripts = (command: string): Script | undefined =>
  ({
    cat: catScript,
    [TITLED]: afterALine('\x1b]2;hello\x07'),
    [DING]: afterALine('ding\x07'),
    [SPAWNED]: (pty: ScriptedPty) => pty.print('SPAWNED-BY-IMPROVEMENT\n'),
  })[command] ?? (command.includes("printf '\\a'") ? storm : undefined);

async function hub(
  files: Record<string, string>,
  agents: AgentSpec[] = [
    { command: 'cat', name: 'first' },
    { command: 'cat', name: 'second' },
  ],
): Promise<ScriptedHub> {
  return hubs.scripted({
    home: realHome('dot-folder', files),
    agents,
    cols: 160,
    collaborativeWaitMs: 0,
    scripts,
  });
}

describe('hooks receive the app', () => {
  it('a user handler reads the facts and acts through app:* (notify, focus)', async () => {
    const t = await hub(
      {
        'user/hooks.lua': `hooks.on("agent_exited", function(ev, app)
  app:notify(ev.agent.name .. " exited " .. ev.exit_code .. "; " .. #app.agents .. " agents, focused " .. app.focused.name .. ", mode " .. app.mode)
  app:focus(ev.agent.id)
end)`,
      },
      [
        { command: 'cat', name: 'first' },
        { command: QUITTER, name: 'quitter' },
      ],
    );
    const h = t.hub;
    await t.advance(400);
    t.agent('quitter').exit(4);
    await t.frame(/quitter exited 4; 2 agents, focused first, mode insert/);
    expect(h.focused?.info.name).toBe('quitter');
  });

  it('a client attaching and detaching is an event Lua hears, with how many are attached', async () => {
    const t = await hub({
      'user/hooks.lua': `hooks.on("client_attached", function(ev, app) app:notify("hello " .. ev.client .. ", " .. ev.clients .. " attached, " .. ev.cols .. "x" .. ev.rows) end)
hooks.on("client_detached", function(ev, app) app:notify("bye " .. ev.client .. ", " .. ev.clients .. " left") end)`,
    });
    t.hub.clients.attach('laptop', 100, 30);
    await t.frame(/hello laptop, \d attached, 100x30/);
    t.hub.clients.detach('laptop');
    await t.frame(/bye laptop, \d left/);
  });

  it('handlers whose requests keep causing events stop after a few rounds, with a note', async () => {
    const t = await hub({
      'user/hooks.lua': `hooks.on("focus_changed", function(ev, app)
  for _, a in ipairs(app.agents) do if a.id ~= ev.to then app:focus(a.id) end end
end)`,
    });
    const h = t.hub;
    await t.press('\x07j');
    await t.frame(
      /focus_changed handlers: their requests were dropped: handlers caused events 8 deep \(a loop\?\)/,
    );
    // the hub stays drivable
    await t.press('j');
    expect(h.focused).toBeDefined();
  });

  it("an improvement's handler gets the same app in its sandbox", async () => {
    const t = await hub({}, [
      { command: 'cat', name: 'first' },
      { command: TITLED, name: 'second' },
    ]);
    const h = t.hub;
    // Pushed by agent 2: a hook moves the view only to what its agent may drive (itself).
    const reply = await h.improvements.push({
      name: 'follow',
      agent_id: '2',
      source: `hooks.on("agent_title_changed", function(ev, app)
  if app.focused and app.focused.id ~= ev.agent.id then app:notify("title of " .. ev.agent.name .. " while on " .. app.focused.name); app:focus(ev.agent.id) end
end)`,
    });
    // A hook that moves your view is asked about first (the shipped policy, rule 3d).
    expect(reply).toMatchObject({ decision: 'collaborative' });
    expect(String(reply.reasoning)).toMatch(/move your view to/);
    await h.improvements.answer(true, 'follow');
    // In normal mode nothing you type goes to an agent: the hook may move the view.
    h.input('\x07');
    await h.whenIdle();
    h.agents.list()[1].write('go\r');
    await t.frame(/title of second while on first/);
    expect(h.focused?.info.name).toBe('second');
  });

  it("an improvement's key function sees the attention the configuration's App:attention works out", async () => {
    const t = await hub({}, [
      { command: 'cat', name: 'first' },
      { command: DING, name: 'second' },
    ]);
    const h = t.hub;
    const reply = await h.improvements.push({
      name: 'jump',
      agent_id: '1',
      source:
        'keys.bind("normal", "z", function(app) for _, a in ipairs(app.agents) do if a.attention then return app:focus(a.id) end end app:notify("nobody") end)',
    });
    expect(reply).toMatchObject({ decision: 'autonomous', live: true });
    h.agents.list()[1].write('go\r');
    await t.frame(/second ! /);
    await t.press('\x07z');
    expect(h.focused?.info.name).toBe('second');
  });

  it('an improvement replaces the spawn dialog (collaborative: it overrides a shipped command) with its own app:select; a new command is autonomous', async () => {
    const t = await hub({});
    const h = t.hub;
    const added = await h.improvements.push({
      name: 'extra',
      agent_id: '1',
      source: 'commands.register("agent.hello", function(app) app:notify("hello") end)',
    });
    expect(added).toMatchObject({ decision: 'autonomous', rule: 'new-only', live: true });
    const reply = await h.improvements.push({
      name: 'spawner',
      agent_id: '1',
      source: `commands.register("agent.spawn", function(app, arg)
  app:select({ { label = "echo", description = "a test agent", cmd = "${SPAWNED}" } }, { title = "Pick (from an improvement)" }, function(choice, app2)
    if choice then app2:spawn({ command = choice.cmd, name = "picked" }); app2:set_mode("insert") end
  end)
end)`,
    });
    expect(reply).toMatchObject({ decision: 'collaborative', rule: 'overrides-command', waiting: true });
    // (an older id registers its verb's command: agent.spawn is agent.new)
    expect(String(reply.reasoning)).toMatch(/agent\.new \(lua\/default\/dialogs\.lua:\d+\)/);
    await t.frame(/\? 1 question/); // it waits behind the badge (its notice comes first)
    await t.press('\x07:improvements.accept\r');
    await t.frame(/improvement spawner is live/);
    await t.press('c');
    await t.frame(/Pick \(from an improvement\)[\s\S]*echo +a test agent/);
    await t.press('\r');
    await t.frame(/SPAWNED-BY-IMPROVEMENT/);
    expect(h.focused?.info.name).toBe('picked');
    expect(h.currentMode).toBe('insert');
  });

  it('a storm of bells reaches handlers as a few agent_bell events, not one per bell', async () => {
    const t = await hub(
      {
        'user/hooks.lua':
          'local n = 0\nhooks.on("agent_bell", function(ev, app) n = n + 1; app:notify("bells seen " .. n) end)',
      },
      [
        {
          command: 'sh',
          args: [
            '-c',
            "read x; i=0; while [ $i -lt 300 ]; do printf '\\a'; i=$((i+1)); done; echo STORM-DONE; sleep 30",
          ],
          name: 'storm',
        },
      ],
    );
    const h = t.hub;
    // Count the events handed to Lua: each is asked for the moment the terminal parses a bell.
    let asked = 0;
    const emit = h.lua.emit.bind(h.lua);
    h.lua.emit = (event, ...rest) => {
      if (event === 'agent_bell') asked++;
      return emit(event, ...rest);
    };
    h.agents.list()[0].write('go\r');
    await t.frame(/STORM-DONE/);
    await t.frame(/bells seen 1/);
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThan(300);
  });
});
