import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
let hub: Hub | null = null;

// What a real PTY and shell do with the hub's agents: the size the kernel reports, ctrl+c as SIGINT,
// a shell's exit codes. Where keys and pastes go: test/scripted/agents-in-hub.test.ts.

// Prints its size at start and again on every SIGWINCH.
const SIZE_REPORTER = `sh -c 'trap "echo size \\$(stty size)" WINCH; sleep 0.3; echo size $(stty size); while :; do sleep 0.05; done'`;

describe('agents inside the hub', () => {
  it('the PTY has exactly the inner size of the panel that shows it, and follows resizes', async () => {
    hub = await hubs.real({ agents: [{ command: SIZE_REPORTER }], cols: 100, rows: 30 });
    const id = hub.agents.list()[0].info.id;
    await hub.whenIdle();
    const rect = hub.panelOf(id)!;
    expect(rect).not.toBeNull();
    await waitForFrame(hub, new RegExp(`size ${rect.h} ${rect.w}`));

    hub.resize(120, 40);
    await hub.whenIdle();
    const bigger = hub.panelOf(id)!;
    expect(bigger.w).toBeGreaterThan(rect.w);
    await waitForFrame(hub, new RegExp(`size ${bigger.h} ${bigger.w}`));
  });

  it('keys typed in insert mode reach the agent unchanged, ctrl+c included', async () => {
    hub = await hubs.real({
      agents: [{ command: `sh -c 'trap "echo got INT" INT; while :; do sleep 0.05; done'` }],
    });
    await hub.whenIdle();
    await new Promise((r) => setTimeout(r, 200)); // let sh install the trap
    hub.input('\x03');
    await waitForFrame(hub, /got INT/);
  });

  it('an exited agent stays listed with its exit code; a command that cannot start shows why', async () => {
    hub = await hubs.real({
      agents: [
        { command: `sh -c 'exit 7'`, name: 'seven' },
        { command: 'no-such-command-xyz', name: 'broken' },
      ],
    });
    const frame = await waitForFrame(hub, /seven exited 7[\s\S]*broken exited 127/);
    hub.input('\x07j');
    expect(frame).toBeTruthy();
    await waitForFrame(hub, /not found/);
  });
});
