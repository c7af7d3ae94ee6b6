import { afterEach, describe, expect, it } from 'vitest';
import { cleanName, freeName, nameProblem, reservedName } from '../../src/agents/agent-names.js';
import { AgentManager, NameRefused } from '../../src/agents/agent-manager.js';
import { ScriptedPtys, basicPrograms } from '../support/scripted-pty.js';

const managers: AgentManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.dispose()));
});

const listed = [
  { id: '1', name: 'shell' },
  { id: '2', name: 'victim' },
  { id: '3', name: 'claude' },
  { id: '4', name: 'claude-2' },
];

describe("agents' names", () => {
  it("a name another agent has is refused, whatever its case; an agent's own name is its own", () => {
    expect(nameProblem('victim', '1', listed)).toMatchObject({ taken: { id: '2' } });
    expect(nameProblem('Victim', '1', listed)?.why).toBe('"Victim" is taken by agent victim (id 2)');
    expect(nameProblem('victim', '2', listed)).toBeNull();
    expect(nameProblem('VICTIM', '2', listed)).toBeNull();
    expect(nameProblem('victim2', '1', listed)).toBeNull();
  });

  it("the hub's names are refused, without regard to case, spaces or punctuation", () => {
    for (const n of [
      'hub',
      'Hub',
      'The hub',
      'THE  HUB',
      'the-hub',
      'The hub:',
      'botster',
      'botster-tui',
      'Botster TUI',
    ])
      expect([n, reservedName(n), nameProblem(n, '1', listed)?.why]).toEqual([
        n,
        true,
        `"${n}" is the hub's name: an agent cannot go by it`,
      ]);
    for (const n of ['github', 'hubble', 'my hub', 'botsters'])
      expect([n, reservedName(n)]).toEqual([n, false]);
  });

  it("a number is refused but the agent's own id: `send 3` always means agent 3", () => {
    expect(nameProblem('3', '1', listed)?.why).toMatch(/is a number/);
    expect(nameProblem('id:3', '1', listed)?.why).toMatch(/is a number/);
    expect(nameProblem('03', '1', listed)?.why).toMatch(/is a number/);
    expect(nameProblem('7', '', listed)?.why).toMatch(/is a number/); // a new agent: its id is not known yet
    expect(nameProblem('1', '1', listed)).toBeNull();
    expect(nameProblem('3d', '1', listed)).toBeNull();
    // nor says one: the hub names agents as `NAME (id N)`
    expect(nameProblem('victim (id 2)', '1', listed)?.why).toMatch(/says an id/);
    expect(nameProblem('x (ID:2', '1', listed)?.why).toMatch(/says an id/);
    expect(freeName('a (id 2)', '5', listed)).toBe('a ( 2)');
    expect(nameProblem('claude (review)', '1', listed)).toBeNull();
  });

  it('control characters are refused (the name is printable without them); ends are trimmed', () => {
    expect(cleanName('  ok  ')).toEqual({ name: 'ok' });
    expect(cleanName('a\x1b[31mb')).toEqual({
      name: 'ab',
      problem: 'a name cannot hold control characters',
    });
    expect(cleanName('x\u202ey').problem).toBeDefined(); // bidi override: reorders what follows
    expect(cleanName('x\u200by').problem).toBeDefined(); // zero-width space
    expect(cleanName('x\x9by').problem).toBeDefined(); // C1 CSI
    expect(cleanName('é 名前 🙂').problem).toBeUndefined();
    expect(cleanName('x'.repeat(300)).name).toHaveLength(200);
  });

  it('a name that cannot be refused (derived, restored) gets the free one after it', () => {
    expect(freeName('victim', '5', listed)).toBe('victim-2');
    expect(freeName('claude', '5', listed)).toBe('claude-3');
    expect(freeName('hub', '5', listed)).toBe('hub-2');
    expect(freeName('The hub', '5', listed)).toBe('The hub-2');
    expect(freeName('3', '5', listed)).toBe('3-2');
    expect(freeName('5', '5', listed)).toBe('5');
    // (a whole escape sequence goes, not only its control characters)
    expect(freeName('\x1b]0;x\x07', '5', listed)).toBe('agent');
    expect(freeName('a\x1b]0;x\x07b', '5', listed)).toBe('ab');
    expect(freeName('\x07', '5', listed, 'sh')).toBe('sh');
    expect(freeName('', '5', listed)).toBe('agent');
    expect(freeName('fresh', '5', listed)).toBe('fresh');
  });
});

describe('AgentManager: every name it sets keeps the rule', () => {
  it('spawn (a name asked for, derived or restored: adopt and adoptKept take the same path) and rename', async () => {
    const ptys = new ScriptedPtys(basicPrograms);
    const m = new AgentManager({ defaultSize: { cols: 80, rows: 24 }, ptys });
    managers.push(m);
    await m.ready();
    const victim = m.spawn({ command: 'cat', name: 'victim' });
    expect(m.spawn({ command: 'cat', name: 'victim' }).name).toBe('victim-2');
    expect(m.spawn({ command: 'cat', name: 'The hub' }).name).toBe('The hub-2');
    expect(m.spawn({ command: 'cat', name: '1' }).name).toBe('1-2');
    expect(m.spawn({ command: 'cat', name: 'x\x1b]0;y\x07' }).name).toBe('x');
    expect(m.spawn({ command: 'cat', name: '\x07' }).name).toBe('cat');
    expect(m.spawn({ command: 'cat' }).name).toBe('cat-2');
    // A number is a name only for the agent with that id.
    const eighth = m.spawn({ command: 'cat', name: '8' });
    expect([eighth.id, eighth.name]).toEqual(['8', '8']);
    const me = m.spawn({ command: 'cat', name: 'me' });
    expect(() => m.rename(me.id, 'VICTIM')).toThrow(NameRefused);
    expect(() => m.rename(me.id, 'botster-tui')).toThrow(/the hub's name/);
    expect(() => m.rename(me.id, victim.id)).toThrow(/is a number/);
    expect(() => m.rename(me.id, 'a\tb')).toThrow(/control characters/);
    expect(me.name).toBe('me');
    expect(m.rename(me.id, 'victim', { suffix: true })).toBe('victim-3');
    expect(m.rename(me.id, me.id)).toBe(me.id);
    expect(m.rename(me.id, '  free  ')).toBe('free');
    expect(m.nameProblem('free')).toMatch(/taken by agent free \(id 9\)/);
    expect(m.nameProblem('free', me.id)).toBeNull();
  });
});
