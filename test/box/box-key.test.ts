import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { realHome, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

// B (agent.box) shows what the focused agent's box lets it see and write, as `botster-tui sandbox`
// says it; an unboxed agent says it has all of your powers.

const hubs = useHub();
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

describe.skipIf(!hasBwrap && !process.env.CI)("B: the focused agent's box", () => {
  it('lists what its box holds; an unboxed one says it has your powers', async () => {
    const hub = await hubs.real({
      cols: 140,
      rows: 40,
      home: realHome('spaces'),
      agents: [
        { command: 'cat', name: 'boxed', sandbox: 'strict' },
        { command: 'cat', name: 'open', sandbox: false },
      ],
    });
    await waitForFrame(hub, /▣ strict/);
    hub.input('\x07B');
    const shown = await waitForFrame(hub, /boxed \(id 1\): box strict/);
    expect(shown).toMatch(/reads: +the system and its folders only/);
    expect(shown).toMatch(/network: +none/);
    expect(shown).toMatch(/not seen: /);
    hub.input('\x1b');
    await waitForFrame(hub, / NORMAL /);
    hub.input('j');
    await waitForFrame(hub, /open ─/);
    hub.input('B');
    const open = await waitForFrame(hub, /open \(id 2\): unboxed/);
    expect(open).toMatch(/runs unboxed: it has all of your powers/);
  });
});

describe('a box that cannot be worked out', () => {
  it('is an agent that does not start, saying why (never the agent without its box)', async () => {
    const hub = await hubs.real({
      cols: 140,
      home: realHome('spaces', {
        'user/hooks.lua': [
          'sandbox.boxes.mine = { network = false, write = 3 }',
          'function sandbox.choose(agent) return "mine" end',
        ].join('\n'),
      }),
      agents: [{ command: 'cat', name: 'plain' }],
    });
    const frame = await waitForFrame(hub, /could not be worked out/);
    expect(frame).toMatch(/sandbox\.boxes\.mine\.write must be a list of paths/);
    expect(hub.agents.list()).toHaveLength(0);
  });
});

describe('Lua that does not answer before an agent starts', () => {
  it('is an agent that does not start (its box was never chosen), saying why', async () => {
    // A runaway pattern stalls the Lua worker itself (a loop is stopped inside Lua; this is not).
    const hub = await hubs.real({
      cols: 160,
      home: realHome('spaces', {
        'user/hooks.lua': [
          'hooks.on("before_agent_spawn", function(ev)',
          '  if ev.name == "stuck" then string.rep("a", 40000):find(".-.-.-.-x") end',
          'end)',
        ].join('\n'),
      }),
      agents: [{ command: 'cat', name: 'stuck' }],
    });
    const frame = await waitForFrame(
      hub,
      /"stuck" not started, its box never chosen: the before_agent_spawn handlers did not return/,
    );
    expect(frame).toMatch(/did not return within \d+ ms/);
    expect(hub.agents.list()).toHaveLength(0);
  });
});
