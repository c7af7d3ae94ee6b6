import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/hub/reduce.js';
import { dirtyViews, focusedAnywhere } from '../../src/hub/reduce-clients.js';
import { initialState, type ClientState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';

// Several clients, each with its own view: (state, intent) -> state, no sockets, no PTYs.

function run(state: HubState, ...intents: Intent[]) {
  let s = state;
  let dirty = { tree: false, urgent: false };
  const effects = [];
  for (const i of intents) {
    const r = reduce(s, i);
    s = r.state;
    dirty = r.dirty;
    effects.push(...r.effects);
  }
  return { state: s, dirty, effects };
}

/** Three agents, client "a" (100x30) focused on agent 1 in normal mode, then client "b" (60x20) attached. */
function two(): HubState {
  let s = run(
    initialState(80, 24),
    ...['1', '2', '3'].map((id): Intent => ({ type: 'agent_added', id, focus: false })),
  ).state;
  s = run(
    s,
    { type: 'client_attached', id: 'a', cols: 100, rows: 30 },
    { type: 'set_mode', mode: 'normal' },
  ).state;
  return run(s, { type: 'client_attached', id: 'b', cols: 60, rows: 20 }).state;
}

const view = (s: HubState, id: string): ClientState | undefined =>
  s.clientId === id ? s.client : s.views[id];
const brief = (v: ClientState | undefined) =>
  v && { size: `${v.cols}x${v.rows}`, focus: v.focus, mode: v.mode, overlay: v.overlay?.kind ?? null };

describe('clients', () => {
  it.each([
    // [what happens, the events Lua hears]
    ['the first client attaches', ['client_attached a (1 attached, 100x30)']],
    [
      'a second attaches',
      ['client_attached a (1 attached, 100x30)', 'client_attached b (2 attached, 60x20)'],
    ],
    [
      'the second detaches',
      [
        'client_attached a (1 attached, 100x30)',
        'client_attached b (2 attached, 60x20)',
        'client_detached b (1 attached)',
      ],
    ],
    [
      'both detach, then one more time (nothing)',
      [
        'client_attached a (1 attached, 100x30)',
        'client_attached b (2 attached, 60x20)',
        'client_detached b (1 attached)',
        'client_detached a (0 attached)',
      ],
    ],
  ] as const)('%s: Lua hears %j', (what, want) => {
    const steps: Intent[] = [{ type: 'client_attached', id: 'a', cols: 100, rows: 30 }];
    if (what !== 'the first client attaches')
      steps.push({ type: 'client_attached', id: 'b', cols: 60, rows: 20 });
    if (what.startsWith('the second detaches') || what.startsWith('both'))
      steps.push({ type: 'client_detached', id: 'b' });
    if (what.startsWith('both'))
      steps.push({ type: 'client_detached', id: 'a' }, { type: 'client_detached', id: 'a' });
    const { effects } = run(initialState(80, 24), ...steps);
    const heard = effects
      .filter((e) => e.type === 'emit' && e.event.startsWith('client_'))
      .map((e) => {
        const p = (e as { payload: Record<string, unknown> }).payload;
        return `${(e as { event: string }).event} ${p.client} (${p.clients} attached${p.cols ? `, ${p.cols}x${p.rows}` : ''})`;
      });
    expect(heard).toEqual(want);
  });

  it('the first client takes over the view left behind (focus, mode) at its own size', () => {
    let s = run(
      initialState(80, 24),
      { type: 'agent_added', id: '1', focus: false },
      { type: 'agent_added', id: '2', focus: false },
      { type: 'focus', id: '2' },
      { type: 'set_mode', mode: 'normal' },
    ).state;
    s = run(s, { type: 'client_attached', id: 'a', cols: 120, rows: 40 }).state;
    expect(s.clientId).toBe('a');
    expect(brief(s.client)).toEqual({ size: '120x40', focus: '2', mode: 'normal', overlay: null });
    expect(s.views).toEqual({});
  });

  it('another client is served at once: its own size, the same agent in insert mode, nothing open; the first waits in views', () => {
    const s = two();
    expect(s.clientId).toBe('b');
    expect(brief(s.client)).toEqual({ size: '60x20', focus: '1', mode: 'insert', overlay: null });
    expect(brief(s.views.a)).toEqual({ size: '100x30', focus: '1', mode: 'normal', overlay: null });
  });

  it.each([
    ['help', [{ type: 'help_toggle' }], { focus: '1', mode: 'insert', overlay: 'help' }],
    ['focus', [{ type: 'focus', id: '3' }], { focus: '3', mode: 'insert', overlay: null }],
    [
      'mode',
      [
        { type: 'set_mode', mode: 'normal' },
        { type: 'focus_next', delta: 1 },
      ],
      { focus: '2', mode: 'normal', overlay: null },
    ],
  ] as Array<[string, Intent[], object]>)(
    '%s in one client leaves the other as it was',
    (_name, intents, after) => {
      const s = run(two(), ...intents).state;
      expect(brief(view(s, 'b'))).toMatchObject(after);
      expect(brief(view(s, 'a'))).toEqual({ size: '100x30', focus: '1', mode: 'normal', overlay: null });
    },
  );

  it("a line selection (copy) is the client's own: the other client's keys are not taken by it", () => {
    const s = run(
      two(),
      { type: 'select_at', agentId: '1', cursor: 3 },
      { type: 'client_active', id: 'a' },
    ).state;
    expect(s.client.selection).toBeNull();
    expect(s.views.b.selection).toEqual({ agentId: '1', cursor: 3, anchor: null });
    // removing the agent ends it wherever it is open
    expect(run(s, { type: 'agent_removed', id: '1' }).state.views.b.selection).toBeNull();
  });

  it('client_active swaps the view served; keys then act on it', () => {
    let s = run(two(), { type: 'help_toggle' }, { type: 'client_active', id: 'a' }).state;
    expect(s.clientId).toBe('a');
    expect(brief(s.client)).toEqual({ size: '100x30', focus: '1', mode: 'normal', overlay: null });
    expect(brief(s.views.b)).toMatchObject({ overlay: 'help' });
    s = run(s, { type: 'focus', id: '2' }).state;
    expect([view(s, 'a')?.focus, view(s, 'b')?.focus]).toEqual(['2', '1']);
    // an unknown or the served client: nothing changes
    expect(run(s, { type: 'client_active', id: 'zz' }).state).toBe(s);
    expect(run(s, { type: 'client_active', id: 'a' }).state).toBe(s);
  });

  it("a resize changes only that client's view (no id: the one served now)", () => {
    let s = run(two(), { type: 'resize', id: 'a', cols: 90, rows: 25 }).state;
    expect([brief(view(s, 'a'))?.size, brief(view(s, 'b'))?.size]).toEqual(['90x25', '60x20']);
    s = run(s, { type: 'resize', cols: 70, rows: 22 }).state;
    expect([brief(view(s, 'a'))?.size, brief(view(s, 'b'))?.size]).toEqual(['90x25', '70x22']);
    expect(run(s, { type: 'resize', id: 'gone', cols: 1, rows: 1 }).state).toBe(s);
  });

  it('detaching a waiting client drops its view; detaching the served one keeps it for the next (client_active picks another)', () => {
    const other = run(two(), { type: 'client_detached', id: 'a' }).state;
    expect(other.views).toEqual({});
    expect(other.clientId).toBe('b');
    let s = run(two(), { type: 'help_toggle' }, { type: 'client_detached', id: 'b' }).state;
    expect(s.clientId).toBeNull();
    // nothing it left open takes the keys typed when it comes back
    expect(brief(s.client)).toMatchObject({ overlay: null, mode: 'insert' });
    s = run(s, { type: 'client_active', id: 'a' }).state;
    expect(s.clientId).toBe('a');
    expect(s.views).toEqual({});
    expect(brief(s.client)).toEqual({ size: '100x30', focus: '1', mode: 'normal', overlay: null });
    // the last one leaving: its view waits for whoever attaches next, typing to its agent again
    s = run(
      s,
      { type: 'client_detached', id: 'a' },
      { type: 'client_attached', id: 'c', cols: 50, rows: 10 },
    ).state;
    expect(brief(s.client)).toEqual({ size: '50x10', focus: '1', mode: 'insert', overlay: null });
  });

  it("agents coming and going fix every view: a removed agent's focus moves on, the first agent is focused where nothing was", () => {
    let s = run(
      initialState(80, 24),
      { type: 'client_attached', id: 'a', cols: 100, rows: 30 },
      { type: 'client_attached', id: 'b', cols: 60, rows: 20 },
    ).state;
    expect([view(s, 'a')?.focus, view(s, 'b')?.focus]).toEqual([null, null]);
    s = run(
      s,
      { type: 'agent_added', id: '1', focus: false },
      { type: 'agent_added', id: '2', focus: true },
    ).state;
    expect([view(s, 'a')?.focus, view(s, 'b')?.focus]).toEqual(['1', '2']);
    s = run(
      s,
      { type: 'client_active', id: 'a' },
      { type: 'focus', id: '2' },
      { type: 'agent_removed', id: '2' },
    ).state;
    expect([view(s, 'a')?.focus, view(s, 'b')?.focus]).toEqual(['1', '1']);
  });

  it("a new keymap without a client's mode sends that client back to insert", () => {
    let s = run(
      two(),
      { type: 'modes_loaded', modes: ['insert', 'normal', 'window'] },
      { type: 'set_mode', mode: 'window' },
      { type: 'client_active', id: 'a' },
    ).state;
    s = run(s, { type: 'modes_loaded', modes: ['insert', 'normal'] }).state;
    expect([view(s, 'a')?.mode, view(s, 'b')?.mode]).toEqual(['normal', 'insert']);
  });

  it('an agent is focused anywhere while some client shows it focused (Lua gets it as agent.watched)', () => {
    let s = run(two(), { type: 'focus', id: '2' }).state;
    expect(['1', '2', '3'].map((id) => focusedAnywhere(s, id))).toEqual([true, true, false]);
    s = run(s, { type: 'client_active', id: 'a' }, { type: 'focus', id: '3' }).state;
    expect(['1', '2', '3'].map((id) => focusedAnywhere(s, id))).toEqual([false, true, true]);
  });
});

describe('which views a change draws again', () => {
  it.each([
    ['a key in the served client', [{ type: 'help_toggle' }], ['b']],
    ['a resize of a waiting client', [{ type: 'resize', id: 'a', cols: 90, rows: 20 }], ['a']],
    ['switching clients (nothing in either view changed)', [{ type: 'client_active', id: 'a' }], []],
    ['a notice (shared)', [{ type: 'notify', text: 'hi', level: 'info' }], 'all'],
    ['an agent added (shared)', [{ type: 'agent_added', id: '9', focus: false }], 'all'],
    ['a client attaching', [{ type: 'client_attached', id: 'c', cols: 40, rows: 10 }], ['c']],
  ] as Array<[string, Intent[], 'all' | string[]]>)('%s -> %j', (_name, intents, expected) => {
    const prev = two();
    expect(dirtyViews(prev, run(prev, ...intents).state)).toEqual(expected);
  });
});

describe('a client on another machine (--ssh HOST)', () => {
  it("its view says the hub's machine as it named it; a local client's view does not, even taking over that view", async () => {
    const { appData } = await import('../../src/hub/app-data.js');
    const s = run(initialState(80, 24), { type: 'agent_added', id: '1', focus: false }).state;
    const far = run(s, { type: 'client_attached', id: 'r', cols: 90, rows: 24, machine: 'devbox' }).state;
    expect(appData(far).hub_machine).toBe('devbox');
    const both = run(far, { type: 'client_attached', id: 'l', cols: 120, rows: 40 }).state;
    expect(appData(both).hub_machine).toBeUndefined();
    expect(appData(both, both.views.r).hub_machine).toBe('devbox');
    // The remote one leaves, then a local one takes over the view it left.
    const left = run(
      far,
      { type: 'client_detached', id: 'r' },
      { type: 'client_attached', id: 'x', cols: 90, rows: 24 },
    ).state;
    expect(appData(left).hub_machine).toBeUndefined();
  });
});

describe('self.client', () => {
  it('names the attached client each view is for (Lua keys per-terminal state by it), absent with none', async () => {
    const { appData } = await import('../../src/hub/app-data.js');
    const s = run(initialState(80, 24), { type: 'agent_added', id: '1', focus: false }).state;
    expect(appData(s)).not.toHaveProperty('client'); // as the early first render has it
    const one = run(s, { type: 'client_attached', id: 'a', cols: 80, rows: 24 }).state;
    expect(appData(one).client).toBe('a');
    const both = run(one, { type: 'client_attached', id: 'b', cols: 90, rows: 20 }).state;
    expect(appData(both).client).toBe('b');
    expect(appData(both, both.views.a).client).toBe('a');
    const gone = run(both, { type: 'client_detached', id: 'b' }, { type: 'client_detached', id: 'a' }).state;
    expect(appData(gone)).not.toHaveProperty('client');
  });
});
