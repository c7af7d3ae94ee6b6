import { describe, expect, it } from 'vitest';
import { agentRecord } from '../../src/hub/agent-record.js';
import { appData } from '../../src/hub/app-data.js';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';

// `self` is made again for each frame, event and key: with 500 agents and one changing, each of
// those made 500 agents' records, and the Lua worker's delta compared every field of each (issue
// 97). An agent nothing changed for is the same object in the next `self`; one that changed is new.

const hubs = fleetHubs();

describe('self.agents', () => {
  it('keeps the object of an agent that did not change; makes a new one for the agent that did', async () => {
    const { hub } = await hubs([
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
    ]);
    await until('both listed', () => appData(hub.state).agents.length === 2);
    const before = appData(hub.state).agents;
    hub.hubStore.dispatch({ type: 'agent_facts', id: before[1].id, facts: { title: 'a new title' } });
    const after = appData(hub.state).agents;
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1].title).toBe('a new title');
    // What it kept is what it would have made.
    for (const a of after) expect(a).toMatchObject(agentRecord(hub.state, a.id)!);
  });
});
