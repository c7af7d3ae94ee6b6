import { describe, expect, it } from 'vitest';
import { deriveCapabilities } from '../../src/plugins/derive-capabilities.js';
import { CAPABILITY_NAMES, LUA_GATES } from '../../src/hub/capabilities.js';

// The capabilities a plugin made from an improvement asks for: each call a capability gates in a
// plugin's state (LUA_GATES), or an action the hub holds a plugin to (the capabilities `send` and `spawn`), read from its code.

describe('deriveCapabilities', () => {
  it('finds each gated Lua function, as Lua may write the call', () => {
    for (const cap of CAPABILITY_NAMES)
      for (const fn of LUA_GATES[cap]) {
        const [t, k] = fn.split('.');
        for (const call of [`${fn}("x")`, `${t} . ${k} { x = 1 }`, `local r = ${fn}"x"`])
          expect(deriveCapabilities([call]).capabilities, call).toContain(cap);
      }
  });

  it('asks for nothing a source does not call: comments, strings of other names, look-alikes', () => {
    const d = deriveCapabilities([
      `-- keys.bind("normal", "z", ...) was the old way
--[[ process.run{ cmd = "rm" } ]]
local mykeys = {}; mykeys.bind = 1
local s = state.get("x", {})
app:notify("hi")
app:focus(2)`,
    ]);
    expect(d.capabilities).toEqual([]);
  });

  it('reads the requests a plugin is held to: typing into agents (send), starting and stopping them (spawn)', () => {
    expect(deriveCapabilities(['app:send(1, "hi")']).capabilities).toEqual(['send']);
    expect(deriveCapabilities(['app:verb("send", { agent = 1 })']).capabilities).toEqual(['send']);
    expect(deriveCapabilities(['keys.bind("normal", "y", "agent.answer")']).capabilities).toEqual([
      'keys',
      'send',
    ]);
    expect(deriveCapabilities(['app:kill(2)']).capabilities).toEqual(['spawn']);
    expect(deriveCapabilities(['app:call("new", { command = "sh" })']).because.spawn).toBe('app:call("new")');
    expect(deriveCapabilities(['pipelines.run("x")']).capabilities).toEqual(['pipelines']);
  });

  it('lists the hosts of its literal URLs for net, and the programs process.run names for run', () => {
    const d = deriveCapabilities([
      `http.get("https://ntfy.sh/topic", function() end)
http.post("http://Hooks.Example.com:8080/x")
process.run{ cmd = "gh", args = { "pr", "list" } }
process.run({ "git", "status" })`,
    ]);
    expect(d.capabilities).toEqual(['run', 'net']);
    expect(d.hosts).toEqual(['ntfy.sh', 'hooks.example.com']);
    expect(d.commands).toEqual(['gh', 'git']);
    expect(d.because).toMatchObject({ net: 'http.get', run: 'process.run' });
    // A URL in code that reaches no network asks for no host.
    expect(deriveCapabilities(['local u = "https://x.io"']).hosts).toEqual([]);
  });
});
