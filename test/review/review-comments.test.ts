// Review that talks back, in a hub with a real git repository and a fake CLI that records what it
// receives: comments made with the review panel's keys and the review_comment verb, drawn under
// their lines, one made stale by a change before sending; S sends one bracketed paste with the
// live ones in the diff's order and the stale one flagged; the agent's own edit of a line it was
// told about shows that comment handled.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { press, until, waitForFrame } from '../support/hub.js';
import { commentHub, received, verb } from '../support/comment-hub.js';

/** Three comments: lib.js:2 with c c (keys), app.js:3 (the verb), app.js:2 with c j c (keys). */
export async function threeComments(hub: Hub): Promise<void> {
  await press(hub, '\x07v');
  await waitForFrame(hub, /botster\/worker vs main: 2 files \+3 −3/);
  // lib.js's changed line: search puts the panel there, c starts picking at the match, c again comments.
  await press(hub, '/');
  await waitForFrame(hub, /Search the diff/);
  await press(hub, 'return 2\r');
  await waitForFrame(hub, /match 1 of 1/);
  await press(hub, 'c');
  expect(hub.state.client.selection?.agentId).toBe('diff:1');
  await press(hub, 'c');
  await waitForFrame(hub, /Comment on lib\.js:2/);
  await press(hub, 'say why it is 2\r');
  await waitForFrame(hub, /1 comment · /);
  expect(hub.state.client.selection).toBeNull();
  // app.js:3 through the verb (as the CLI and the web do).
  const made = await verb(hub, 'review_comment', { agent: 'worker', at: 'app.js:3', text: 'multiply?' });
  expect(made).toMatchObject({
    ok: true,
    comment: { file: 'app.js', line: 3, snippet: ['+console.log(a * b);'] },
  });
  // app.js's new b: from the search's match of "b = 3".
  await press(hub, '/');
  await waitForFrame(hub, /Search the diff/);
  await press(hub, 'b = 3\r');
  await waitForFrame(hub, /"b = 3": match 1 of 1/);
  await press(hub, 'c');
  await press(hub, 'c');
  await waitForFrame(hub, /Comment on app\.js:2/);
  await press(hub, 'why 3\r');
  await waitForFrame(hub, /3 comments/);
}

describe('review comments', () => {
  it('three comments on two files, one stale; S sends one paste of them in diff order, the stale one flagged; the agent edits a line: handled', async () => {
    const { hub, wt, log } = await commentHub({ edit: 'lib.js:2:  return 3;' });
    await threeComments(hub);
    let frame = await waitForFrame(hub, /3 comments/);
    // each under its line
    expect(frame).toMatch(/\+const b = 3;[^\n]*\n[^\n]*┃ #1 why 3/);
    expect(frame).toMatch(/\+console\.log\(a \* b\);[^\n]*\n[^\n]*┃ #2 multiply\?/);
    expect(frame).toMatch(/\+ {2}return 2;[^\n]*\n[^\n]*┃ #3 say why it is 2/);
    // app.js:2 changes before it is sent: stale.
    fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 1;\nconst b = 4;\nconsole.log(a * b);\n');
    frame = await waitForFrame(hub, /3 comments, 1 stale/, 10000);
    expect(frame).toMatch(/┃ #\d why 3 {2}\[stale\]/);
    const listed = (await verb(hub, 'review_comments', { agent: 'worker' })) as {
      comments: Array<{ text: string; state: string }>;
    };
    expect(listed.comments.map((c) => `${c.text}: ${c.state}`)).toEqual([
      'say why it is 2: new',
      'multiply?: new',
      'why 3: stale',
    ]);

    await press(hub, 'S');
    await until('it got the prompt and Enter', () => received(log).some((r) => r === '\r'), 10000);
    const reads = received(log);
    const all = reads.join('');
    // One paste, then Enter.
    expect(all.split('\x1b[200~')).toHaveLength(2);
    expect(all.endsWith('\x1b[201~\r')).toBe(true);
    const prompt = /\x1b\[200~([\s\S]*)\x1b\[201~/.exec(all)![1];
    // The diff's order: app.js (line 2, then 3), then lib.js; each with its place, snippet and remark.
    const order = ['app.js:2', 'app.js:3', 'lib.js:2'].map((p) => prompt.indexOf(p));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(prompt).toMatch(/^Review of your changes: 3 comments\./);
    expect(prompt).toContain('1. app.js:2\n```diff\n+const b = 3;\n```\nwhy 3\n(stale: these lines changed');
    expect(prompt).toContain('2. app.js:3\n```diff\n+console.log(a * b);\n```\nmultiply?\n\n');
    expect(prompt).toContain('3. lib.js:2\n```diff\n+  return 2;\n```\nsay why it is 2\n\n');
    expect(prompt).toMatch(/Please address each comment/);
    await waitForFrame(hub, /3 comments, 3 sent/);
    // The agent, told, changes lib.js's line: that comment is handled.
    await until('the agent edited lib.js', () =>
      fs.readFileSync(path.join(wt, 'lib.js'), 'utf8').includes('return 3'),
    );
    frame = await waitForFrame(hub, /3 comments, 2 sent, 1 handled/, 10000);
    expect(frame).toMatch(/┃ #3 say why it is 2 {2}\[handled\]/);
    // Nothing is left to send.
    expect(await verb(hub, 'review_send', { agent: 'worker' })).toMatchObject({
      ok: false,
      reason: 'nothing',
    });
  }, 60000);

  it('e edits, d deletes, ]c and [c go from comment to comment; they are kept in the home', async () => {
    const { hub, home } = await commentHub({ rows: 12 });
    await threeComments(hub);
    await press(hub, 'g');
    await press(hub, ']c');
    const first = hub.state.client.review!.top;
    await press(hub, ']c');
    const second = hub.state.client.review!.top;
    expect(second).toBeGreaterThan(first);
    await press(hub, '[c');
    expect(hub.state.client.review!.top).toBe(first);
    // e: the comment there, its text offered to change
    await press(hub, 'e');
    await waitForFrame(hub, /Edit comment c3 on app\.js:2/);
    await press(hub, '\x15better\r'); // ctrl+u clears the offered text
    await waitForFrame(hub, /┃ #1 better/);
    await press(hub, 'd');
    await waitForFrame(hub, /2 comments · /);
    const kept = fs.readdirSync(path.join(home, 'review'));
    expect(kept).toHaveLength(1);
    const data = JSON.parse(fs.readFileSync(path.join(home, 'review', kept[0]), 'utf8'));
    expect(data.comments.map((c: { text: string }) => c.text)).toEqual(['say why it is 2', 'multiply?']);
  }, 60000);
});

describe('sending to an agent at work', () => {
  it('asks (settings.review_busy = "ask"): "when its turn ends" sends them once it is done; "wait" does not ask', async () => {
    const { hub, log } = await commentHub();
    await press(hub, '\x07v');
    await waitForFrame(hub, /2 files/);
    expect(
      await verb(hub, 'review_comment', { agent: 'worker', at: 'lib.js:2', text: 'why 2' }),
    ).toMatchObject({
      ok: true,
    });
    const tell = async (what: 'work' | 'rest') => {
      await verb(hub, 'send', { agent: 'worker', text: what, keys: 'enter' });
      const want = what === 'work' ? 'running' : 'idle';
      await until(`it is ${want}`, () => hub.state.agentStates['1']?.state === want, 10000);
    };
    await tell('work');
    await press(hub, 'S');
    await waitForFrame(hub, /worker is at work: send the review comments\?/);
    await press(hub, '\x1b[B\r'); // down to "when its turn ends"
    await hub.whenIdle();
    expect(received(log).join('')).not.toContain('Review of your changes');
    await tell('rest');
    await until(
      'it got them once its turn ended',
      () => received(log).join('').includes('1. lib.js:2'),
      10000,
    );
    await waitForFrame(hub, /1 comment, 1 sent/);
    // The CLI's words: ask refuses (busy), wait waits.
    expect(
      await verb(hub, 'review_comment', { agent: 'worker', at: 'app.js:2', text: 'and 3' }),
    ).toMatchObject({
      ok: true,
    });
    await tell('work');
    expect(await verb(hub, 'review_send', { agent: 'worker', busy: 'ask' })).toMatchObject({
      ok: false,
      reason: 'busy',
    });
    const waiting = verb(hub, 'review_send', { agent: 'worker', busy: 'wait' });
    await new Promise((r) => setTimeout(r, 300));
    expect(received(log).join('')).not.toContain('and 3');
    await tell('rest');
    expect(await waiting).toMatchObject({ ok: true, sent: 1, waited: true });
  }, 60000);
});

describe('the review panel with comments: golden frames', () => {
  it.each([
    [80, 24],
    [160, 48],
  ])(
    '%ix%i',
    async (cols, rows) => {
      const { hub, wt } = await commentHub({ cols, rows });
      for (const [at, text] of [
        ['lib.js:2', 'say why it is 2'],
        ['app.js:2-3', 'these two go together:\nname them'],
        ['app.js:1', 'unchanged, but look'],
      ])
        expect(await verb(hub, 'review_comment', { agent: 'worker', at, text })).toMatchObject({ ok: true });
      fs.writeFileSync(path.join(wt, 'lib.js'), 'export function f() {\n  return 5;\n}\n');
      // (its state drawn settled: the frame is the same on every run)
      await until('the agent is idle', () => hub.state.agentStates['1']?.state === 'idle', 15000);
      await press(hub, '\x07v');
      const frame = await waitForFrame(hub, /3 comments, 1 stale · /, 10000);
      expect(frame).toMatchSnapshot();
    },
    30000,
  );
});

describe('a discarded worktree', () => {
  it('takes its comments with it; the hub log keeps them', async () => {
    const { hub, home } = await commentHub();
    expect(
      await verb(hub, 'review_comment', { agent: 'worker', at: 'lib.js:2', text: 'why 2' }),
    ).toMatchObject({
      ok: true,
    });
    expect(fs.readdirSync(path.join(home, 'review'))).toHaveLength(1);
    expect(await verb(hub, 'worktree.discard', { agent: '1' })).toMatchObject({ ok: true });
    await until('the agent left the list', () => hub.agents.list().length === 0, 10000);
    expect(fs.readdirSync(path.join(home, 'review'))).toEqual([]);
    expect(fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8')).toMatch(
      /review comments of worker \(botster\/worker\), gone with its worktree: .*"text":"why 2"/,
    );
  }, 30000);
});

describe('your Lua', () => {
  it('hears review_comment_added and review_sent, and changes the footer; c picks from the first changed line in view', async () => {
    const { hub, log, home } = await commentHub({
      files: {
        'user/hooks.lua': `hooks.on("review_comment_added", function(ev) log.info("added " .. ev.comment.id .. " on " .. ev.agent.name) end)
hooks.on("review_sent", function(ev) log.info("heard " .. #ev.comments .. " sent") end)
function review_prompt.footer(ev) return "Then run the tests." end
`,
      },
    });
    await press(hub, '\x07v');
    await waitForFrame(hub, /2 files/);
    await press(hub, 'c');
    await press(hub, 'c');
    await waitForFrame(hub, /Comment on app\.js:1/);
    await press(hub, 'first\r');
    const hubLog = () => fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
    await until('the hook heard it', () => hubLog().includes('added c1 on worker'), 10000);
    await press(hub, 'S');
    await until(
      'it got the prompt',
      () => received(log).join('').includes('Then run the tests.\x1b[201~'),
      10000,
    );
    await until('the hook heard it went', () => hubLog().includes('heard 1 sent'), 10000);
  }, 30000);
});
