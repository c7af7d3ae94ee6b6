import { describe, expect, it } from 'vitest';
import { reportState } from '../../src/verbs/report.js';
import { until } from '../support/wait.js';
import { get, webHubs } from '../support/web/web-hub.js';

// The board orders its cards as `w` (agent.next_waiting) goes through agents: those that want you,
// waiting for an answer or done with their turn, first, by number; then the others.

const start = webHubs();

describe('web: the board order', () => {
  it('puts done agents with the waiting ones, before idle and running ones', async () => {
    const w = await start(['one', 'two', 'three', 'four'].map((name) => ({ command: 'cat', name })));
    const say = (agent: string, state: 'running' | 'waiting' | 'idle' | 'done') =>
      reportState(w.hub.control, {
        op: 'report',
        agent,
        state,
        ...(state === 'waiting' ? { reason: 'Go?' } : {}),
      });
    await say('1', 'idle');
    await say('2', 'done');
    await say('3', 'waiting');
    await say('4', 'running');
    const { cookie } = await w.login();
    const order = async () => {
      const body = (await get(`${w.base}/`, { cookie })).body;
      return [...body.matchAll(/<article id="agent_(\d+)" class="card/g)].map((m) => m[1]);
    };
    const seen = await until('the board shows every agent', async () => {
      const o = await order();
      return o.length === 4 && o;
    });
    expect(seen).toEqual(['2', '3', '1', '4']);
  });

  it("shows a teammate's card with its team's lead", async () => {
    const w = await start(['lead', 'alpha'].map((name) => ({ command: 'cat', name })));
    // (agent 2 started by agent 1: as its `tmux split-window` or `botster-tui new` makes it)
    w.hub.drive.started('2', '1');
    const { cookie } = await w.login();
    const card = await until('the card names its lead', async () => {
      const body = (await get(`${w.base}/`, { cookie })).body;
      return /<article id="agent_2"[\s\S]*?└ team of 1 lead/.exec(body)?.[0];
    });
    expect(card).toContain('2 alpha');
    const body = (await get(`${w.base}/`, { cookie })).body;
    expect(/<article id="agent_1"[\s\S]*?<\/h2>/.exec(body)?.[0]).not.toContain('team of');
  });
});
