import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// agent.allow_host: your answer to a boxed agent (a real bubblewrap box) whose connection to a
// host outside its box's list the hub's proxy refused and asked you about: it may reach it from
// then on. (The connection itself, through the proxy: test/box/box-net.test.ts.)

const hubs = useHub();

describe('agent.allow_host', { timeout: 60_000 }, () => {
  it('lets the boxed agent reach the host; the agent may not answer for you', async () => {
    const hub = await hubs.real({ agents: [{ command: 'cat', name: 'boxed', sandbox: 'default' }] });
    await until('it started in its box', () => hub.state.facts.agents['1']?.box !== undefined, 20_000);
    // (what the proxy asks the gate when the agent connects)
    expect(hub.boxNet.gate.decide('1', 'example.org', 443)).toMatch(/the hub asks you whether/);
    expect(await askVerb(hub, 'agent.allow_host', {}, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      refused: "agent 1 cannot let a box's agent reach a host: only you can",
    });
    expect(await askVerb(hub, 'agent.allow_host', { request: 'n1' })).toEqual({
      ok: true,
      said: 'agent boxed (id 1) may now reach example.org',
    });
    expect(hub.boxNet.gate.decide('1', 'example.org', 443)).toBeNull();
  });
});
