import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/hub/reduce.js';
import { MAX_QUESTIONS } from '../../src/hub/reduce-overlay.js';
import { initialState, type HubState, type PaletteItem } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import type { Effect } from '../../src/hub/effect.js';

// Questions: a dialog nobody at the keys opened (a hook's, the trust and resume offers, a script's)
// never takes keys typed for an agent. It waits until the user opens it; a script answers its own.

/** Each intent in turn; the effects of all of them. */
function steps(s: HubState, ...intents: Intent[]): { state: HubState; effects: Effect[] } {
  return intents.reduce(
    (acc, i) => {
      const r = reduce(acc.state, i);
      return { state: r.state, effects: [...acc.effects, ...r.effects] };
    },
    { state: s, effects: [] as Effect[] },
  );
}

/** One agent, typing into it (insert mode), as a user at a shell. */
const typing = (): HubState =>
  steps(initialState(100, 30), { type: 'agent_added', id: 'a1', focus: false }).state;

const trust = { kind: 'lua', ref: 3 } as const;
const TRUST_ITEMS: PaletteItem[] = [
  { id: 'not now', description: 'sandbox', value: '1' },
  { id: 'trust', description: 'load it as yours', value: '2', confirm: 'trust' },
];
const asked = (by?: 'user' | 'script'): Intent => ({
  type: 'palette_open',
  title: 'Trust repo/.botster?',
  items: TRUST_ITEMS,
  action: trust,
  text: ['Trusting it runs: repo/.botster/keys.lua'],
  from: 'project trust',
  ...(by ? { by } : {}),
});
const typed = (text: string): Intent[] => [{ type: 'palette_edit', text }, { type: 'palette_submit' }];

describe('a dialog nobody at the keys opened is a question', () => {
  it('waits in the list (no overlay: what the user types is not taken) and is announced', () => {
    const r = steps(typing(), asked());
    expect(r.state.client.overlay).toBeNull();
    expect(r.state.questions).toEqual([
      expect.objectContaining({
        id: 1,
        from: 'project trust',
        overlay: expect.objectContaining({ question: { id: 1, from: 'project trust' } }),
      }),
    ]);
    expect(r.effects).toContainEqual({
      type: 'emit',
      event: 'question_asked',
      payload: { id: 1, title: 'Trust repo/.botster?', from: 'project trust' },
      subject: 'project trust',
    });
    // the keys the user goes on typing find no dialog to go into
    expect(steps(r.state, ...typed('ls')).effects).toEqual([]);
  });

  it('opens when the user asks (question.open), with its lines; Enter alone is "not now" (nil)', () => {
    const open = steps(typing(), asked(), { type: 'question_open' });
    expect(open.state.questions).toEqual([]);
    expect(open.state.client.overlay).toMatchObject({
      title: 'Trust repo/.botster?',
      text: ['Trusting it runs: repo/.botster/keys.lua'],
    });
    expect(steps(open.state, { type: 'palette_submit' }).effects).toEqual([
      { type: 'choose', action: trust, value: '1', by: 'user' },
    ]);
    expect(steps(open.state, { type: 'overlay_close' }).effects).toEqual([
      { type: 'choose', action: trust, value: null, by: 'user' },
    ]);
  });

  it.each([
    [
      'the cursor moved onto it, Enter',
      [{ type: 'palette_move', delta: 1 }, { type: 'palette_submit' }],
      null,
    ],
    ['part of the word', typed('tru'), null],
    ['the word with something after it', typed('trust me'), null],
    ['the word, exactly', typed('trust'), '2'],
    ['the word with spaces around it', typed('  trust '), '2'],
  ] as Array<[string, Intent[], string | null]>)(
    'a choice that needs its word typed: %s',
    (_name, keys, value) => {
      const open = steps(typing(), asked('user')).state;
      const r = steps(open, ...keys);
      expect(r.state.client.overlay).toBeNull();
      expect(r.effects).toEqual([{ type: 'choose', action: trust, value, by: 'user' }]);
    },
  );

  it('asked again, it replaces the one waiting (which hears nil); a hook asking in a loop cannot pile up more than MAX_QUESTIONS', () => {
    const twice = steps(typing(), asked(), asked());
    expect(twice.state.questions.map((q) => q.id)).toEqual([2]);
    expect(twice.effects).toContainEqual({ type: 'choose', action: trust, value: null });
    const many = steps(
      typing(),
      ...Array.from(
        { length: MAX_QUESTIONS + 3 },
        (_, n): Intent => ({ ...asked(), title: `Q${n}` }) as Intent,
      ),
    );
    expect(many.state.questions).toHaveLength(MAX_QUESTIONS);
    expect(many.effects.filter((e) => e.type === 'choose')).toHaveLength(3);
  });

  it('with none waiting, question.open says so', () => {
    const r = steps(typing(), { type: 'question_open' });
    expect(r.state.client.overlay).toBeNull();
    expect(r.state.notice?.text).toBe('no question is waiting');
  });

  it('opened while a palette is open, it is next: the palette keeps the keys', () => {
    const cmd: Intent = {
      type: 'palette_open',
      title: 'Commands',
      items: [],
      action: { kind: 'command' },
      by: 'user',
    };
    const r = steps(typing(), asked(), cmd, { type: 'question_open' });
    expect(r.state.client.overlay).toMatchObject({ title: 'Commands' });
    const after = steps(r.state, { type: 'overlay_close' });
    expect(after.state.client.overlay).toMatchObject({ title: 'Trust repo/.botster?' });
  });
});

describe("a script's question (botster-tui run)", () => {
  it('is not announced nor offered to the user; the script takes the first choice or cancels', () => {
    const q = steps(typing(), {
      type: 'palette_open',
      title: 'New agent',
      items: [{ id: 'shell', description: '', value: '1' }],
      action: { kind: 'lua', ref: 9 },
      by: 'script',
    });
    expect(q.effects).toEqual([]);
    expect(q.state.questions[0]).toMatchObject({ id: 1, script: true });
    expect(steps(q.state, { type: 'question_open' }).state.client.overlay).toBeNull();
    const first = steps(q.state, { type: 'question_answer', id: 1, pick: 'first' });
    expect(first.effects).toEqual([
      { type: 'choose', action: { kind: 'lua', ref: 9 }, value: '1', by: 'script' },
    ]);
    expect(first.state.questions).toEqual([]);
    const cancel = steps(q.state, { type: 'question_answer', id: 1, pick: 'cancel' });
    expect(cancel.effects).toEqual([
      { type: 'choose', action: { kind: 'lua', ref: 9 }, value: null, by: 'script' },
    ]);
  });

  it('never takes a choice that needs its word typed', () => {
    const q = steps(typing(), { ...asked('script'), items: [TRUST_ITEMS[1], TRUST_ITEMS[0]] } as Intent);
    expect(steps(q.state, { type: 'question_answer', id: 1, pick: 'first' }).effects).toEqual([
      { type: 'choose', action: trust, value: null, by: 'script' },
    ]);
  });
});

describe('questions and clients', () => {
  const attach = (id: string): Intent => ({ type: 'client_attached', id, cols: 80, rows: 24 });

  it('asked while no client is attached, it waits for the next one', () => {
    const s = steps(
      typing(),
      attach('c1'),
      { type: 'client_detached', id: 'c1' },
      asked(),
      attach('c2'),
    ).state;
    expect(s.client.overlay).toBeNull();
    expect(s.questions.map((q) => q.id)).toEqual([1]);
  });

  it('opened in one client, the other cannot open it too; left open by a detach, it goes back to the list', () => {
    let s = steps(typing(), attach('c1'), asked(), { type: 'question_open' }).state;
    expect(s.client.overlay).toMatchObject({ title: 'Trust repo/.botster?' });
    s = steps(s, attach('c2')).state;
    const second = steps(s, { type: 'question_open' });
    expect(second.state.client.overlay).toBeNull();
    expect(second.state.notice?.text).toBe('no question is waiting');
    // c1 (not served now) goes away with it open: nobody answered, it waits again
    const back = steps(second.state, { type: 'client_detached', id: 'c1' });
    expect(back.effects).toEqual([
      { type: 'emit', event: 'client_detached', payload: { client: 'c1', clients: 1 } },
    ]);
    expect(back.state.questions.map((q) => q.id)).toEqual([1]);
  });

  it('the served client detaching with a dialog open: the question waits again, its own dialog hears nil, and the next client types to its agent', () => {
    const own = { kind: 'lua', ref: 5 } as const;
    const mine: Intent = { type: 'palette_open', title: 'Mine', items: [], action: own, by: 'user' };
    let s = steps(typing(), attach('c1'), asked(), { type: 'question_open' }, mine).state;
    expect(s.client.queued).toHaveLength(1);
    const r = steps(s, { type: 'client_detached', id: 'c1' });
    expect(r.state.client.overlay).toBeNull();
    expect(r.state.client.queued).toBeUndefined();
    expect(r.state.client.mode).toBe('insert');
    expect(r.state.questions.map((q) => q.id)).toEqual([1]);
    expect(r.effects).toEqual([
      { type: 'choose', action: own, value: null },
      { type: 'emit', event: 'client_detached', payload: { client: 'c1', clients: 0 } },
    ]);
    s = steps(r.state, attach('c2')).state;
    expect(s.client.overlay).toBeNull();
  });
});

describe('a question answered elsewhere', () => {
  it('is withdrawn by its key (its callback hears nil); questions with other keys or none stay', () => {
    const keyed = (key: string, ref: number): Intent => ({
      type: 'palette_open',
      title: `improvement ${key}`,
      items: TRUST_ITEMS,
      action: { kind: 'lua', ref },
      from: 'improvement question',
      key: `improvement:${key}`,
    });
    const before = steps(typing(), keyed('a', 7), keyed('b', 8), asked()).state;
    expect(before.questions).toHaveLength(3);
    const r = reduce(before, { type: 'question_withdraw', key: 'improvement:a' });
    expect(r.state.questions.map((q) => q.overlay.title)).toEqual(['improvement b', 'Trust repo/.botster?']);
    expect(r.effects).toEqual([{ type: 'choose', action: { kind: 'lua', ref: 7 }, value: null }]);
    expect(reduce(r.state, { type: 'question_withdraw', key: 'improvement:zzz' }).state).toBe(r.state);
  });
});

describe("a question's notice ends with the question", () => {
  const announce = (id: number): Intent => ({
    type: 'notify',
    text: 'The hub asks: Trust repo/.botster?  (Ctrl+g o answers it)',
    level: 'info',
    question: id,
  });

  it('goes once the question is opened, answered or withdrawn; another notice stays', () => {
    const waiting = steps(typing(), asked(), announce(1)).state;
    expect(waiting.notice?.text).toMatch(/^The hub asks/);
    expect(steps(waiting, { type: 'question_open' }).state.notice).toBeNull();
    expect(steps(waiting, { type: 'question_answer', id: 1, pick: 'cancel' }).state.notice).toBeNull();
    const other = steps(waiting, { type: 'notify', text: 'copied 3 lines', level: 'info' }).state;
    expect(steps(other, { type: 'question_open' }).state.notice?.text).toBe('copied 3 lines');
  });

  it('one that comes after its question stopped waiting is not shown; one waiting behind a sticky notice goes with it', () => {
    const opened = steps(typing(), asked(), { type: 'question_open' }).state;
    expect(steps(opened, announce(1)).state.notice).toBeNull();
    const behind = steps(
      typing(),
      { type: 'notify', text: 'reattached', level: 'info', untilKey: true },
      asked(),
      announce(1),
    ).state;
    expect(behind.notice?.behind?.question).toBe(1);
    const after = steps(behind, { type: 'question_open' }).state;
    expect(after.notice?.text).toBe('reattached');
    expect(after.notice?.behind).toBeUndefined();
  });
});
