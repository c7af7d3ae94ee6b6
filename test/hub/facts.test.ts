import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import { appData } from '../../src/hub/app-data.js';
import type { AgentFacts } from '../../src/hub/facts.js';

// `self` is a projection of the state: the facts the hub's parts report are intents, and the same
// state gives the same `self` (no live object is read to build it).

const CAT: AgentFacts = {
  name: 'cat',
  command: 'cat',
  cwd: '/work',
  title: '',
  exit_code: null,
  signal: null,
  program: 'cat',
};

function run(state: HubState, ...intents: Intent[]) {
  let s = state;
  let dirty = { tree: false, urgent: false };
  for (const i of intents) {
    const r = reduce(s, i);
    s = r.state;
    dirty = r.dirty;
  }
  return { state: s, dirty };
}

const one = () =>
  run(initialState(80, 24, '/bin/zsh'), { type: 'agent_added', id: '1', focus: false, facts: CAT }).state;

describe('facts reported into the state', () => {
  it('an agent is listed with the facts it was added with, and its shell', () => {
    const self = appData(one());
    expect(self.agents).toEqual([
      expect.objectContaining({
        id: '1',
        name: 'cat',
        command: 'cat',
        cwd: '/work',
        program: 'cat',
        status: 'running',
      }),
    ]);
    expect(self.shell).toBe('/bin/zsh');
  });

  it.each<[string, Partial<AgentFacts>, Record<string, unknown>]>([
    ['its title', { title: 'vim README' }, { title: 'vim README' }],
    ['its exit', { exit_code: 1, signal: null }, { exit_code: 1 }],
    [
      'its worktree and branch',
      { worktree: { path: '/wt', branch: 'b', repo: '/work' }, branch: 'b' },
      { branch: 'b', worktree: { path: '/wt', branch: 'b', repo: '/work' } },
    ],
    ['its repository', { repo: '/work' }, { repo: '/work' }],
    ['the git branch of its folder', { git_branch: 'main' }, { git_branch: 'main' }],
    ['the program in its foreground', { program: 'claude' }, { program: 'claude' }],
  ])('%s: self shows it, and Lua draws again', (_what, facts, shown) => {
    const { state, dirty } = run(one(), { type: 'agent_facts', id: '1', facts });
    expect(appData(state).agents[0]).toMatchObject(shown);
    expect(dirty.tree).toBe(true);
  });

  it('a fact that is already so changes nothing (no frame); one set to undefined goes', () => {
    const s = run(one(), { type: 'agent_facts', id: '1', facts: { branch: 'b' } }).state;
    const again = run(s, { type: 'agent_facts', id: '1', facts: { branch: 'b', title: '' } });
    expect(again.state).toBe(s);
    expect(again.dirty.tree).toBe(false);
    const gone = run(s, { type: 'agent_facts', id: '1', facts: { branch: undefined } }).state;
    expect(appData(gone).agents[0]).not.toHaveProperty('branch');
  });

  it("facts of an agent that is not listed are dropped; a removed agent's facts go with it", () => {
    const s = one();
    expect(run(s, { type: 'agent_facts', id: '9', facts: { title: 'x' } }).state).toBe(s);
    const removed = run(s, { type: 'agent_removed', id: '1' }).state;
    expect(removed.facts.agents).toEqual({});
    expect(appData(removed).agents).toEqual([]);
  });

  it('hub facts: offers, projects and machines show; where agents are on screen and the planned agents draw nothing by themselves', () => {
    const offers = [{ path: '/wt', branch: 'b', agent: 'cat' }];
    const machines = [{ name: 'box', state: 'connected', agents: 2 }];
    const r = run(one(), { type: 'hub_facts', facts: { offers, machines } });
    expect(r.dirty.tree).toBe(true);
    expect(appData(r.state)).toMatchObject({ worktrees: offers, machines });
    const shown = run(r.state, { type: 'hub_facts', facts: { onScreen: ['1'] } });
    expect(shown.dirty.tree).toBe(false);
    expect(appData(shown.state).agents[0].shown).toBe(true);
    const planned = run(shown.state, {
      type: 'hub_facts',
      facts: {
        planned: [
          { id: '1', name: 'x', command: 'x', cwd: '/', status: 'running', exit_code: null, title: '' },
        ],
      },
    });
    expect(planned.dirty.tree).toBe(false);
    expect(appData(planned.state).agents.map((a) => a.name)).toEqual(['x']);
  });

  it("the review panel's facts follow its diff's summary (loading until one comes)", () => {
    const s = run(one(), { type: 'review_open', agent: '1', mode: 'all' }).state;
    expect(appData(s).review).toMatchObject({ agent: '1', loading: true, lines: 0 });
    const summary = {
      lines: 12,
      files: 2,
      added: 5,
      removed: 1,
      against: 'main',
      loading: false,
      error: null,
      version: 1,
    };
    const r = run(s, { type: 'review_facts', agent: '1', mode: 'all', summary });
    expect(r.dirty.tree).toBe(true);
    expect(appData(r.state).review).toMatchObject({
      lines: 12,
      files: 2,
      added: 5,
      removed: 1,
      against: 'main',
      loading: false,
    });
    // A new document that counts the same draws again (its version).
    expect(
      run(r.state, { type: 'review_facts', agent: '1', mode: 'all', summary: { ...summary, version: 2 } })
        .dirty.tree,
    ).toBe(true);
  });

  it('the same state and view give the same self; another state gives another', () => {
    const s = one();
    expect(appData(s)).toBe(appData(s));
    const t = run(s, { type: 'agent_facts', id: '1', facts: { title: 't' } }).state;
    expect(appData(t)).not.toBe(appData(s));
  });
});

describe("an agent's permission question left to you (agent.permission)", () => {
  const asked = (s: HubState) =>
    run(s, {
      type: 'agent_facts',
      id: '1',
      facts: { permission: { tool: 'Bash', subject: 'git push', key: 'k1' } },
    }).state;
  const state = (
    s: HubState,
    st: 'running' | 'waiting' | 'idle' | 'done',
    source: 'report' | 'screen' = 'report',
    reason: string | null = null,
  ) => run(s, { type: 'agent_state', id: '1', verdict: { state: st, reason, source }, shown: false }).state;

  it('is on its record until its turn ends (done, idle, exited): not while it waits or works', () => {
    let s = asked(state(one(), 'running'));
    expect(appData(s).agents[0]).toMatchObject({ permission: { subject: 'git push', key: 'k1' } });
    s = state(state(s, 'waiting'), 'running');
    expect(s.facts.agents['1'].permission).toEqual({ tool: 'Bash', subject: 'git push', key: 'k1' });
    for (const end of ['done', 'idle'] as const)
      expect(state(s, end).facts.agents['1'].permission, end).toBeUndefined();
  });

  it('asked while it was already idle, another verdict that keeps it idle keeps the question', () => {
    const s = asked(state(one(), 'idle', 'screen'));
    const again = state(s, 'idle', 'screen', 'its prompt');
    expect(again.agentStates['1']).toMatchObject({ state: 'idle', reason: 'its prompt' });
    expect(again.facts.agents['1'].permission).toMatchObject({ key: 'k1' });
  });
});
