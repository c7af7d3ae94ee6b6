// A comment on a removed line and one on the added line of the same number (a new user's report:
// both read `app.js:2`). In a hub with a real repository and the recording CLI: the panel's keys
// comment the removed line, the verb the added one and a removed range; each is named apart
// everywhere (the panel, review_comments, Lua's self.review.comments, the prompt) and drawn under
// its own row.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { press, until, waitForFrame } from '../support/hub.js';
import { where } from '../../src/ui/diff/diff-place.js';
import type { CommentFacts } from '../../src/hub/self.js';
import { commentHub, received, verb } from '../support/comment-hub.js';

// app.js was `a, b = 2, log(a + b)`; the agent made it `a, b = 3, log(a * b)`:
// old 2 and 3 removed, new 2 and 3 added.
const SIDES = `commands.register("test.sides", function(app)
  local out = {}
  for _, c in ipairs(app.review and app.review.comments or {}) do out[#out + 1] = c.id .. "=" .. c.side end
  log.info("sides " .. table.concat(out, ","))
end)
`;

describe('a removed line and an added line at the same number', () => {
  it('are two places: named apart in the panel, the list, Lua and the prompt; each drawn under its row', async () => {
    const { hub, log, home } = await commentHub({ files: { 'user/hooks.lua': SIDES } });
    await press(hub, '\x07v');
    await waitForFrame(hub, /2 files/);
    // The removed line, with the panel's keys (search puts the selection on it).
    await press(hub, '/');
    await waitForFrame(hub, /Search the diff/);
    await press(hub, 'b = 2\r');
    await waitForFrame(hub, /"b = 2": match 1 of 1/);
    await press(hub, 'c');
    await press(hub, 'c');
    await waitForFrame(hub, /Comment on app\.js:2 \(removed\)/);
    await press(hub, 'why drop 2\r');
    await waitForFrame(hub, /1 comment · /);
    // The added line of the same number, and a removed range, as the CLI and the web say them.
    expect(
      await verb(hub, 'review_comment', { agent: 'worker', at: 'app.js:2', text: 'why 3' }),
    ).toMatchObject({
      ok: true,
      comment: { id: 'c2', line: 2, side: 'new', snippet: ['+const b = 3;'] },
    });
    expect(
      await verb(hub, 'review_comment', { agent: 'worker', at: 'app.js:2-3 (removed)', text: 'both gone' }),
    ).toMatchObject({
      ok: true,
      comment: { id: 'c3', line: 2, end: 3, side: 'old', snippet: ['-const b = 2;', '-console.log(a + b);'] },
    });
    // Old line 1 is unchanged (a line of the file now): no removed line there.
    expect(
      await verb(hub, 'review_comment', { agent: 'worker', at: 'app.js:1 (removed)', text: 'no' }),
    ).toMatchObject({
      ok: false,
      reason: 'usage',
      error: expect.stringMatching(/removes no line 1 of app\.js \(it removes 2, 3\)/),
    });

    const listed = (await verb(hub, 'review_comments', { agent: 'worker' })) as { comments: CommentFacts[] };
    expect(listed.comments.map((c) => `${c.id} ${where(c)} ${c.snippet.join('|')}`)).toEqual([
      'c1 app.js:2 (removed) -const b = 2;',
      'c2 app.js:2 +const b = 3;',
      'c3 app.js:2-3 (removed) -const b = 2;|-console.log(a + b);',
    ]);
    // Each under its own row: the removed ones under the removed lines, the added under the added.
    const frame = await waitForFrame(hub, /3 comments · /);
    expect(frame).toMatch(/-const b = 2;[^\n]*\n[^\n]*┃ #1 why drop 2[^\n]*\n[^\n]*-console\.log\(a \+ b\);/);
    expect(frame).toMatch(/-console\.log\(a \+ b\);[^\n]*\n[^\n]*┃ #2 both gone[^\n]*\n[^\n]*\+const b = 3;/);
    expect(frame).toMatch(/\+const b = 3;[^\n]*\n[^\n]*┃ #3 why 3[^\n]*\n[^\n]*\+console\.log\(a \* b\);/);
    // Lua sees the side.
    expect(await verb(hub, 'run', { command: 'test.sides' })).toMatchObject({ ok: true });
    const hubLog = () => fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
    await until('the command logged', () => hubLog().includes('sides '), 10000);
    expect(hubLog()).toContain('sides c1=old,c2=new,c3=old');

    // The prompt says which: the removed ones first at that number, as the diff shows them.
    expect(await verb(hub, 'review_send', { agent: 'worker', busy: 'now' })).toMatchObject({
      ok: true,
      sent: 3,
    });
    await until('it got the prompt and Enter', () => received(log).some((r) => r === '\r'), 10000);
    const prompt = /\x1b\[200~([\s\S]*)\x1b\[201~/.exec(received(log).join(''))![1];
    expect(prompt).toContain('1. app.js:2 (removed)\n```diff\n-const b = 2;\n```\nwhy drop 2\n\n');
    expect(prompt).toContain(
      '2. app.js:2-3 (removed)\n```diff\n-const b = 2;\n-console.log(a + b);\n```\nboth gone\n\n',
    );
    expect(prompt).toContain('3. app.js:2\n```diff\n+const b = 3;\n```\nwhy 3\n\n');
  }, 60000);
});
