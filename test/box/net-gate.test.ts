import { describe, expect, it } from 'vitest';
import { hostAllowed, checkHostPattern } from '../../src/box/net-hosts.js';
import { NetGate } from '../../src/box/net-gate.js';
import type { Box } from '../../src/box/box.js';

// Which host a boxed agent reaches through the hub's proxy (box-net.test.ts runs it in a real hub).

const box = (o: Partial<Box> = {}): Box => ({
  name: 'default',
  runner: 'bwrap',
  network: true,
  read: 'all',
  write: [],
  hide: [],
  protect: [],
  env: {},
  unset: [],
  ...o,
});

describe('host patterns', () => {
  it('a name, *.domain (its subdomains), *, each with a port or not', () => {
    expect(hostAllowed(['api.anthropic.com'], 'API.Anthropic.com.', 443)).toBe(true);
    expect(hostAllowed(['api.anthropic.com'], 'evil-api.anthropic.com', 443)).toBe(false);
    expect(hostAllowed(['*.example.com'], 'a.b.example.com', 443)).toBe(true);
    expect(hostAllowed(['*.example.com'], 'example.com', 443)).toBe(false);
    expect(hostAllowed(['*.example.com'], 'badexample.com', 443)).toBe(false);
    expect(hostAllowed(['127.0.0.2:8080'], '127.0.0.2', 8080)).toBe(true);
    expect(hostAllowed(['127.0.0.2:8080'], '127.0.0.2', 8081)).toBe(false);
    expect(hostAllowed(['[::1]:80'], '::1', 80)).toBe(true);
    expect(hostAllowed(['*'], 'anything.at.all', 1)).toBe(true);
    expect(hostAllowed([], 'api.anthropic.com', 443)).toBe(false);
    expect(() => checkHostPattern('http://x.com')).toThrow(/not a host/);
    expect(() => checkHostPattern('a b')).toThrow(/not a host/);
  });
});

describe('the gate', () => {
  const gate = (boxes: Record<string, Box | null>) => {
    const asked: Array<Record<string, unknown>> = [];
    // (the agents' records, where the hub keeps your answers)
    const records: Record<string, Record<string, boolean>> = {};
    const g = new NetGate({
      box: (id) => boxes[id],
      agentName: (id) => (id in boxes ? `a${id}` : null),
      hostAnswers: (id) => records[id],
      answerHost: (id, host, allow) => void (records[id] = { ...records[id], [host]: allow }),
      emit: (_e, p) => asked.push(p),
    });
    return { g, asked, records };
  };

  it('lets the allowed hosts, asks once for another, remembers the answer per agent and host', () => {
    const { g, asked, records } = gate({ '2': box({ allow: ['api.anthropic.com'] }), '3': box() });
    expect(g.decide('2', 'api.anthropic.com', 443)).toBeNull();
    const first = g.decide('2', 'example.com', 443);
    expect(first).toMatch(/refused example\.com:443: example\.com is not in the box's allow list/);
    expect(g.decide('2', 'example.com', 80)).toMatch(/asks you/);
    expect(asked).toEqual([
      { request: 'n1', agent: { id: '2', name: 'a2' }, host: 'example.com', port: 443 },
    ]);
    expect(g.answer(true)).toBe('agent a2 (id 2) may now reach example.com');
    expect(g.decide('2', 'example.com', 8443)).toBeNull();
    // another agent's answer is its own
    expect(g.decide('3', 'example.com', 443)).toMatch(/asks you/);
    expect(g.answer(false, 'n2')).toBe('agent a3 (id 3) may not reach example.com');
    expect(g.decide('3', 'example.com', 443)).toMatch(/you refused example\.com/);
    expect(asked).toHaveLength(2);
    // Kept with each agent's record (which goes through its restarts and the server's).
    expect(records).toEqual({ '2': { 'example.com': true }, '3': { 'example.com': false } });
    // An agent that left takes its questions with it; its answers are its record's.
    g.decide('2', 'other.example', 443);
    g.removed('2');
    expect(g.answer(true, 'n3')).toBe("no box's question n3 waits for you");
    delete records['2'];
    expect(g.verdict('2', 'example.com')).toBeUndefined();
  });

  it('refuses a caller it cannot tell, an unboxed agent and a box without network, asking nothing', () => {
    const { g, asked } = gate({ '1': null, '4': box({ network: false }) });
    expect(g.decide(undefined, 'x.com', 443)).toMatch(/could not tell which agent/);
    expect(g.decide('?', 'x.com', 443)).toMatch(/could not tell which agent/);
    expect(g.decide('1', 'x.com', 443)).toMatch(/not a boxed agent/);
    expect(g.decide('4', 'x.com', 443)).toMatch(/has no network \(network = false\)/);
    expect(g.decide('9', 'x.com', 443)).toMatch(/not a boxed agent/);
    expect(asked).toEqual([]);
  });
});
