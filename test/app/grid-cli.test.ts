import { describe, expect, it } from 'vitest';
import {
  lsJson,
  ptyEnv,
  run,
  screen,
  stoppedAfterEach,
  waitScreen,
  type Running,
} from '../support/cli-pty.js';
import { until } from '../support/hub.js';

// The grid as a newcomer meets it (issue 80 items 5 and 6), through the real CLI in real PTYs: one
// agent number everywhere (the cells' titles and the grid's 1-9 are the list's numbers, after one
// is closed), and the grid drawn only by the modes that own it: the way out, Escape after it, b,
// and a second terminal's modes never leave it drawn, nor close another terminal's grid.

const { running, dotHome } = stoppedAfterEach();

/** An agent that prints its own word and echoes what it is typed (cat). */
const agent = (n: number) => `sh -c 'echo word-${n}; exec cat'`;

function hub(n: number): { home: string; a: Running } {
  const home = dotHome();
  const args = ['--home', home];
  for (let i = 1; i <= n; i++) args.push('--agent', agent(i));
  const a = run(args, 120, 40, { env: ptyEnv() });
  running.push(a);
  return { home, a };
}

/** The grid's cells on a screen: double (selected) or rounded frames titled "N name · state" (the agents are sh, sh-2...). */
const cells = (s: string) => [...s.matchAll(/[╔╭][═─] (\d+) \S+ · /g)].map((m) => m[1]);

describe('the grid in the real CLI', () => {
  it('numbers its cells and its 1-9 by agent number, as the list and normal mode do, after one is closed', async () => {
    const { a } = hub(4);
    await waitScreen(a, /word-1[\s\S]* INSERT .*Agents: 4/, 20000);
    a.pty.write('\x072'); // agent 2, then end its cat: it exits, X closes it
    await waitScreen(a, /word-2[\s\S]* NORMAL /);
    a.pty.write('i');
    await waitScreen(a, / INSERT /);
    a.pty.write('\x04');
    await waitScreen(a, /✕ 2 \S+ .*exited/);
    a.pty.write('\x07X');
    await waitScreen(a, /Agents: 3/);
    a.pty.write('3'); // normal mode's 3: the agent numbered 3 (not the third)
    const normal = await waitScreen(a, /│\s*word-3/);
    expect(normal).not.toMatch(/│\s*word-4/);

    a.pty.write('b'); // the grid opens on it
    const grid = await waitScreen(a, /╔═ 3 \S+ · [\s\S]* GRID /);
    expect(cells(grid).sort()).toEqual(['1', '3', '4']); // not numbered by place (1, 2, 3)
    expect(grid).toMatch(/║word-3/); // the selected cell (its double frame) is agent 3's terminal
    a.pty.write('4');
    await waitScreen(a, /╔═ 4 \S+ · [\s\S]*║word-4/);
    a.pty.write('2'); // no agent 2 now: the selection stays
    const none = await waitScreen(a, /no agent 2/);
    expect(none).toMatch(/╔═ 4 \S+ · /);
    a.pty.write('1');
    await waitScreen(a, /╔═ 1 \S+ · [\s\S]*║word-1/);
    a.pty.write('\r'); // Enter: the keys go to agent 1
    await waitScreen(a, / INSERT /);
    a.pty.write('typed-to-one\r');
    await waitScreen(a, /╔═ 1 \S+ · [\s\S]*║typed-to-one[\s\S]*║typed-to-one/);
  }, 60_000);

  it('is drawn only by the modes that own it: the way out closes it, Escape then finds none (and stays in normal mode), b closes it', async () => {
    const { a } = hub(2);
    await waitScreen(a, /word-1[\s\S]* INSERT .*Agents: 2/, 20000);
    a.pty.write('\x07b');
    expect(await waitScreen(a, /╔═ 1 \S+ · /)).toMatch(/ GRID .*Enter: type to it/);
    a.pty.write('l');
    await waitScreen(a, /╔═ 2 \S+ · /);
    a.pty.write('\r'); // type to agent 2: insert mode, the grid stays, and the hint says the way out closes it
    await waitScreen(a, / INSERT .*Ctrl\+g: hub keys \(closes the grid\)/);
    a.pty.write('in-cell\r');
    await waitScreen(a, /╔═ 2 \S+ · [\s\S]*in-cell[\s\S]*in-cell/);

    a.pty.write('\x07'); // the way out: normal mode, its hint, and no grid
    const normal = await waitScreen(a, / NORMAL .*\?: help/);
    expect(normal).toMatch(/╭─ Agents/);
    expect(cells(normal)).toEqual([]);
    a.pty.write('\x1b'); // Escape in normal mode: it stays there, and finds no grid to close
    await new Promise((r) => setTimeout(r, 300));
    expect(screen(a.term)).toMatch(/ NORMAL .*\?: help/);
    a.pty.write('i'); // i: insert mode on agent 2, no grid over it
    const insert = await waitScreen(a, / INSERT .*Ctrl\+g: hub keys\s*$/m);
    expect(insert).toMatch(/╭─ Agents/);
    expect(cells(insert)).toEqual([]);

    a.pty.write('\x07b'); // b opens it (on agent 2) and b closes it
    await waitScreen(a, /╔═ 2 \S+ · [\s\S]* GRID /);
    a.pty.write('b');
    const closed = await waitScreen(a, /╭─ Agents[\s\S]* NORMAL /);
    expect(cells(closed)).toEqual([]);
  }, 60_000);

  it("is each terminal's own: another client's insert mode does not draw it, its Ctrl+g does not close it; the last client's is kept for the next", async () => {
    const { home, a } = hub(2);
    await waitScreen(a, /word-1[\s\S]* INSERT .*Agents: 2/, 20000);
    const b = run(['attach', '--home', home], 100, 30, { env: ptyEnv() });
    running.push(b);
    await waitScreen(b, /word-1[\s\S]* INSERT /, 20000);
    a.pty.write('\x07b');
    await waitScreen(a, /╔═ 1 \S+ · [\s\S]* GRID /);
    a.pty.write('\r'); // a types into agent 1's cell
    await waitScreen(a, / INSERT .*closes the grid/);

    b.pty.write('from-b\r'); // b, in insert mode on agent 1 too, draws no grid
    const fromB = await waitScreen(b, /from-b[\s\S]*from-b[\s\S]* INSERT /);
    expect(fromB).toMatch(/╭─ Agents/);
    expect(cells(fromB)).toEqual([]);
    expect(fromB).not.toMatch(/closes the grid/);
    b.pty.write('\x07'); // b's way out leaves a's grid as it was
    await waitScreen(b, / NORMAL /);
    a.pty.write('still-a\r');
    await waitScreen(a, /╔═ 1 \S+ · [\s\S]*still-a[\s\S]*still-a[\s\S]* INSERT .*closes the grid/);
    b.pty.write('b'); // b's own grid; a still types into its cell
    await waitScreen(b, /╔═ 1 \S+ · [\s\S]* GRID /);
    a.pty.write('again-a\r');
    await waitScreen(a, /again-a[\s\S]*again-a[\s\S]* INSERT .*closes the grid/);

    // b goes, then a (typing into its cell): the next client finds the grid a left, as tmux keeps a
    // window's layout for the next client.
    for (const [r, left] of [
      [b, 1],
      [a, 0],
    ] as const) {
      r.pty.kill('SIGKILL');
      await r.exit;
      await until(
        `${left} client(s) attached`,
        () => lsJson<{ clients: number }>(home).clients === left,
        10000,
      );
    }
    const c = run(['attach', '--home', home], 120, 40, { env: ptyEnv() });
    running.push(c);
    await waitScreen(c, / INSERT /, 20000);
    c.pty.write('back-c\r');
    await waitScreen(c, /╔═ 1 \S+ · [\s\S]*back-c[\s\S]*back-c[\s\S]* INSERT .*closes the grid/);
    c.pty.write('\x07');
    expect(cells(await waitScreen(c, /╭─ Agents[\s\S]* NORMAL /))).toEqual([]);
  }, 90_000);
});
