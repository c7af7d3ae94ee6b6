import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import { waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

// A paste the terminal did not bracket arrives as a key per byte. Each used to be its own write to
// the agent (and its own state change): 2 MB kept the hub busy and deaf for tens of seconds.

const hubs = useHub();

function recordWrites(agent: Agent): string[] {
  const writes: string[] = [];
  const write = agent.write.bind(agent);
  agent.write = (data: string) => {
    writes.push(data);
    write(data);
  };
  return writes;
}

describe('keys typed into an agent in one go', () => {
  it('reach it in one write', async () => {
    const h = await hubs.real({ agents: [{ command: 'cat', name: 'one' }] });
    const writes = recordWrites(h.agents.list()[0]);
    const text = 'pasted without brackets '.repeat(200);
    h.input(text);
    await h.whenIdle();
    expect(writes).toEqual([text]);
  });

  it('keep their order around an action that moves the focus', async () => {
    const h = await hubs.real({
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    });
    const [one, two] = h.agents.list();
    const toOne = recordWrites(one);
    const toTwo = recordWrites(two);
    h.input('ab\x07jicd'); // ab, then ctrl+g j (the next agent), i (insert), then cd
    await waitForFrame(h, /cd/);
    await h.whenIdle();
    expect([toOne, toTwo]).toEqual([['ab'], ['cd']]);
  });
});

describe("the user's terminal answering a query late", () => {
  it('its replies are not typed into the agent; keys around them are', async () => {
    const h = await hubs.real({ agents: [{ command: 'cat', name: 'one' }] });
    const writes = recordWrites(h.agents.list()[0]);
    // Device attributes (primary, secondary), a mode report, a cursor position report.
    h.input('A\x1b[?62;22cB\x1b[>1;4000;0cC\x1b[?2026;2$yD\x1b[12;40RE');
    await h.whenIdle();
    expect(writes.join('')).toBe('ABCDE');
  });
});
