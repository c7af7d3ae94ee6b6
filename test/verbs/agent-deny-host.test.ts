import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// agent.deny_host: your answer to a boxed agent asking for a host: refused, and remembered for the
// agent and host. Yours alone.

const hubs = useHub();

describe('agent.deny_host', { timeout: 60_000 }, () => {
  it('refuses the host to the boxed agent (the latest question when none is named)', async () => {
    const hub = await hubs.real({ agents: [{ command: 'cat', name: 'boxed', sandbox: 'default' }] });
    await until('it started in its box', () => hub.state.facts.agents['1']?.box !== undefined, 20_000);
    hub.boxNet.gate.decide('1', 'example.org', 443);
    expect(await askVerb(hub, 'agent.deny_host', {}, { kind: 'plugin', name: 'p' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'agent.deny_host')).toEqual({
      ok: true,
      said: 'agent boxed (id 1) may not reach example.org',
    });
    expect(hub.boxNet.gate.decide('1', 'example.org', 443)).toMatch(/you refused example\.org/);
    expect(await askVerb(hub, 'agent.deny_host')).toEqual({
      ok: true,
      said: 'no boxed agent asks for a host',
    });
  });
});
