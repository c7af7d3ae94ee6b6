import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// Each improvement lives in its own world: one that tampers with its globals, its _G's metatable
// and the API tables goes live without breaking anything, and an improvement pushed after it goes
// live too and its key works. Through the hub: the push, the default policy, the reload, the key.
// (Unit cases of every kind of tampering: test/lua/runtime/improvement-isolation.test.ts.)

const hubs = useHub();

// The case reported in issue 36: it made every reload fail with "improvements/evil.lua:3: tampered".
const EVIL = `keys.bind("normal", "z", function(app) app:notify("evil key") end, { desc = "z" })
setmetatable(_G, { __index = function(_, k) error("tampered") end,
  __newindex = function() error("tampered") end })
keys, ui, hooks = nil, nil, nil
getmetatable("").__index = function() error("tampered") end`;

const GOOD = `keys.bind("normal", "u", function(app) app:notify(("good %s"):format("key")) end, { desc = "good" })`;

describe('an improvement that tampers with its world', () => {
  it("push evil, then push good: both live, no error anywhere, good's key works (and evil's own)", async () => {
    const t = await hubs.scripted({ agents: [{ command: 'cat', name: 'one' }], collaborativeWaitMs: 0 });
    const hub = t.hub;
    const evil = await hub.improvements.push({ name: 'evil', source: EVIL, agent_id: '1' });
    expect(evil).toMatchObject({ decision: 'autonomous', live: true });
    const good = await hub.improvements.push({ name: 'good', source: GOOD, agent_id: '1' });
    expect(good).toMatchObject({ decision: 'autonomous', live: true });
    expect(good.errors).toBeUndefined();
    await t.settle();
    expect(hub.state.configError).toBeNull();
    expect(hub.bindings.find((b) => b.spec === 'u')?.source).toBe('improvements/good.lua');

    await t.press('\x07u');
    await t.frame(/good key/);
    await t.press('z');
    await t.frame(/evil key/);
    expect(hub.state.configError).toBeNull();
    const log = fs.readFileSync(path.join(hub.opts.home, 'logs/hub.log'), 'utf8');
    expect(log).not.toMatch(/tampered/);
  });

  it('one that a configuration could not take is refused at the push, or made to fit: the next push is live with no error', async () => {
    const t = await hubs.scripted({ agents: [{ command: 'cat', name: 'one' }], collaborativeWaitMs: 0 });
    const hub = t.hub;
    // a key bound to a command nobody registered: every configuration would have failed on it
    const unknown = await hub.improvements.push({
      name: 'unknown',
      source: 'keys.bind("normal", "B", "no.such_command")',
      agent_id: '1',
    });
    expect(unknown).toMatchObject({
      decision: 'escalated',
      live: false,
      errors: ['improvements/unknown.lua: unknown command "no.such_command" (keys.bind)'],
    });
    // descriptions that are not text: the keymap refused the binding, and reported it at every reload
    const odd = await hub.improvements.push({
      name: 'odd',
      source: `keys.bind("normal", "Z", function(app) app:notify("odd key") end, { desc = { 1, 2 } })
commands.register("odd.cmd", function() end, { desc = { 3 }, category = {} })
commands.register("odd.blank", function() end, { desc = "   " })`,
      agent_id: '1',
    });
    expect(odd).toMatchObject({ decision: 'autonomous', live: true });
    expect(odd.errors).toBeUndefined();
    const good = await hub.improvements.push({ name: 'good', source: GOOD, agent_id: '1' });
    expect(good).toMatchObject({ decision: 'autonomous', live: true });
    expect(good.errors).toBeUndefined();
    await t.settle();
    expect(hub.state.configError).toBeNull();
    await t.press('\x07u');
    await t.frame(/good key/);
    await t.press('Z');
    await t.frame(/odd key/);
  });
});
