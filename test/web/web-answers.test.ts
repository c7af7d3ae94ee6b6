import { describe, expect, it } from 'vitest';
import { sleep, until } from '../support/wait.js';
import { get, post, webHubs } from '../support/web/web-hub.js';

// Answers from the web: what `a y` / `a n` send to that CLI, only to the question the page showed.

const start = webHubs();
const ASKER = { command: `sh -c 'read a; echo "got:$a"; exec cat'`, name: 'asker' };
const screen = (w: Awaited<ReturnType<typeof start>>, id: string) => {
  const t = w.hub.agents.get(id)!.terminal;
  return Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).join('\n');
};

/** A session, and agent 1 waiting on `question`. */
async function asks(w: Awaited<ReturnType<typeof start>>, question: string) {
  const session = await w.login();
  w.waiting('1', question);
  await until('waiting', () => w.hub.state.agentStates['1']?.state === 'waiting', 5000);
  return session;
}

describe('web: answers', () => {
  it('sends nothing when the agent now asks something else than the page showed', async () => {
    const w = await start([ASKER]);
    const { cookie, csrf } = await asks(w, 'Delete the branch?');
    const answer = (question: string) =>
      post(w.base, '/agents/1/answer', { answer: 'yes', question }, { cookie, 'x-csrf-token': csrf });
    const stale = await answer('Run the tests?');
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toMatch(/asks\+something\+else/);
    await sleep(300);
    expect(screen(w, '1')).not.toContain('got:');
    const right = await answer('Delete the branch?');
    expect(right.status).toBe(303);
    await until('the answer arrived', () => screen(w, '1').includes('got:y'), 5000);
  });

  it('holds an answer that is not a plain yes or no for a second tap (Claude: no is Escape)', async () => {
    const w = await start([ASKER], {
      'user/clis.lua':
        'clis.define({ name = "asker-cli", programs = { "sh" }, answers = { yes = { keys = "enter" }, no = { keys = "escape" } } })\n',
    });
    const { cookie } = await asks(w, 'Go on?');
    const board = (await get(`${w.base}/`, { cookie })).body;
    expect(board).toMatch(/value="yes"\s*>yes</);
    expect(board).toMatch(/value="no" data-controller="second-tap"/);
  });
});
