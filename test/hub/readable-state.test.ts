import { describe, expect, it } from 'vitest';
import { initialState, type HubState, type PaletteOverlay } from '../../src/hub/state.js';
import { unknownAgent } from '../../src/hub/facts.js';
import { readableState, WITHHELD } from '../../src/hub/readable-state.js';
import { quotedAgents } from '../../src/hub/quoted-agents.js';
import { appData } from '../../src/hub/app-data.js';
import { loggedText } from '../../src/hub/result.js';

// What a caller that may not read agent 2 is drawn from: nothing its screen says, nothing made of it.

function state(): HubState {
  const s = initialState(100, 30);
  const dialog: PaletteOverlay = {
    kind: 'palette',
    title: '1 hits for "SECRET"',
    items: [{ id: '2 victim · screen · SECRET-ONE', description: '' }],
    query: '',
    index: 0,
    prompt: false,
    action: { kind: 'lua', ref: 7, about: ['2'] },
  };
  return {
    ...s,
    agents: ['1', '2'],
    client: { ...s.client, focus: '1', overlay: dialog },
    agentStates: {
      '1': { state: 'waiting', reason: 'mine asks?', since: 0, source: 'report' },
      '2': { state: 'waiting', reason: 'token=SECRET-TWO?', since: 0, source: 'report' },
    },
    facts: {
      ...s.facts,
      agents: {
        '1': { ...unknownAgent('1'), name: 'mine', title: 'my title' },
        '2': { ...unknownAgent('2'), name: 'victim', title: 'SECRET-TITLE' },
      },
    },
    notice: { text: 'victim asks: token=SECRET-TWO?', level: 'info', seq: 1, about: ['2'] },
    search: { agentId: '2', query: 'x', matches: [], index: 0 },
    questions: [{ id: 1, from: 'a hook', overlay: { ...dialog, title: 'victim: SECRET-Q' } }],
  };
}

describe('readableState', () => {
  it('withholds what a hidden agent says and what quotes it, keeps the rest', () => {
    const s = state();
    const r = readableState(s, (id) => id !== '2');
    const text = JSON.stringify(appData(r));
    expect(text).not.toMatch(/SECRET/);
    expect(r.notice?.text).toBe(WITHHELD);
    expect(r.client.overlay).toMatchObject({ kind: 'palette', withheld: true, items: [], text: [WITHHELD] });
    expect(r.search).toBeNull();
    expect(r.questions[0]!.overlay.title).not.toMatch(/SECRET/);
    // The readable agent's reason and title, and the hidden one's name and state, stay.
    expect(text).toContain('mine asks?');
    expect(text).toContain('my title');
    expect(r.agentStates['2']!.state).toBe('waiting');
    expect(r.facts.agents['2']!.name).toBe('victim');
  });

  it("withholds a notice that holds a hidden agent's reason or title though it does not say so (Lua that read self)", () => {
    const s = { ...state(), notice: { text: 'look: token=SECRET-TWO?', level: 'info' as const, seq: 2 } };
    expect(readableState(s, (id) => id !== '2').notice?.text).toBe(WITHHELD);
    const t = { ...state(), notice: { text: 'now SECRET-TITLE', level: 'info' as const, seq: 2 } };
    expect(readableState(t, (id) => id !== '2').notice?.text).toBe(WITHHELD);
    // Its readable agent's words, and short words anyone could say, stay.
    const u = { ...state(), notice: { text: 'mine asks? ok', level: 'info' as const, seq: 2 } };
    expect(readableState(u, (id) => id !== '2').notice?.text).toBe('mine asks? ok');
  });

  it("the log names a notice that holds an agent's words, whoever may read it", () => {
    const s = state();
    expect(loggedText(s, 'look: token=SECRET-TWO?', undefined)).toBe(
      'a notice about victim (id 2) (its words withheld from the log: they may quote what its screen says)',
    );
    expect(loggedText(s, 'plain words', undefined)).toBe('plain words');
    expect(loggedText(s, 'anything', ['1', '2'], 'a question')).toMatch(
      /^a question about mine \(id 1\), victim \(id 2\)/,
    );
  });

  it('is the state itself for a caller that reads every agent', () => {
    const s = state();
    expect(readableState(s, () => true)).toBe(s);
  });

  it('keeps a notice or dialog that quotes only readable agents', () => {
    const s = { ...state(), notice: { text: 'mine asks?', level: 'info' as const, seq: 1, about: ['1'] } };
    expect(readableState(s, (id) => id !== '2').notice?.text).toBe('mine asks?');
  });

  it('withholds the reason of a pipeline step whose agent it may not read', () => {
    const s = state();
    const step = {
      key: 'a',
      step: 'a',
      state: 'waiting',
      agent: 'victim',
      agent_id: '2',
      reason: 'SECRET-STEP?',
    };
    const mine = { ...step, key: 'b', agent: 'mine', agent_id: '1', reason: 'ok?' };
    const run = { id: 'r1', pipeline: 'p', status: 'running', elapsed: 0, steps: [step, mine] };
    const r = readableState({ ...s, facts: { ...s.facts, pipelines: [run] } }, (id) => id !== '2');
    expect(r.facts.pipelines[0]!.steps.map((x) => x.reason)).toEqual([undefined, 'ok?']);
  });
});

describe('quotedAgents', () => {
  it("names every known agent an answer's ids, agents, from and to name", () => {
    const known = (id: string) => ['1', '2', '3'].includes(id);
    const answer = {
      ok: true,
      hits: [{ agent: { id: '2', name: 'victim' }, line: '1' }],
      from: '3',
      to: 'x',
    };
    expect(quotedAgents(answer, known, ['1']).sort()).toEqual(['1', '2', '3']);
    expect(quotedAgents({ text: '2' }, known)).toEqual([]);
  });
});
