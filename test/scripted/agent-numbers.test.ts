import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// An agent's number is its id, kept for its life: closing one leaves a gap, restarting one keeps
// its number and place, and 1-9 reach the agent the list shows with that number. x and r ask first
// while the agent works or waits.

const hubs = useHub();
const CTRL_G = '\x07';

describe("agents' numbers", () => {
  it('a closed agent leaves a gap; the list, 1-9 and the id agree', async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
        { command: 'cat', name: 'three' },
      ],
    });
    t.agent('one').exit(0);
    await t.until(() => t.hub.agents.get('1')?.isExited ?? false, 'agent one to exit');
    await t.hub.runCommand('agent.focus', 1);
    await t.settle();
    await t.press(`${CTRL_G}X`); // close the exited one
    await t.until(() => t.hub.agents.list().length === 2, 'agent one to be closed');
    const frame = await t.frame(/3 three/);
    expect(frame).toContain('2 two');
    await t.press('3'); // the agent numbered 3, not the third in the list (there is none)
    expect(t.hub.focused?.info.name).toBe('three');
    await t.press('2');
    expect(t.hub.focused?.info.name).toBe('two');
  });

  it('x asks before stopping an agent at work; keep it leaves it running, stop stops it', async () => {
    const t = await hubs.scripted({ agents: [{ command: 'cat', name: 'worker' }] });
    const a = t.hub.agents.get('1')!;
    t.agent('worker').print('building...\n');
    await t.until(() => t.hub.appData().agents[0].state === 'running', 'the agent to be at work');
    await t.press(`${CTRL_G}x`);
    await t.frame(/Stop worker\? It is at work/);
    await t.press('\r'); // the first choice: keep it
    expect(a.isExited).toBe(false);
    await t.press('x');
    await t.frame(/Stop worker\?/);
    await t.press('\x1b[B\r'); // down to "stop", Enter
    await t.until(() => a.isExited, 'the agent to stop');
  });

  it('x stops an idle agent at once', async () => {
    const t = await hubs.scripted({ agents: [{ command: 'cat', name: 'quiet' }] });
    const a = t.hub.agents.get('1')!;
    await t.advance(3000); // quiet long enough to read idle
    await t.until(() => t.hub.appData().agents[0].state === 'idle', 'the agent to be idle');
    await t.press(`${CTRL_G}x`);
    await t.until(() => a.isExited, 'the agent to stop');
  });

  it('r restarts an agent with its number and place', async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'cat', name: 'first' },
        { command: 'cat', name: 'second' },
        { command: 'cat', name: 'third' },
      ],
    });
    await t.advance(3000);
    await t.hub.runCommand('agent.focus', 2);
    await t.settle();
    const before = t.hub.agents.get('2')!;
    await t.press(`${CTRL_G}r`);
    await t.until(
      () => t.hub.agents.get('2') !== before && t.hub.agents.get('2') !== undefined,
      'the restart',
    );
    expect(t.hub.agents.list().map((a) => `${a.id} ${a.info.name}`)).toEqual([
      '1 first',
      '2 second',
      '3 third',
    ]);
    expect(t.hub.focused?.id).toBe('2');
    await t.frame(/1 first[\s\S]*2 second[\s\S]*3 third/);
  });
});
