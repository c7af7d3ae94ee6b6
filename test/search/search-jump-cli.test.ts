import { describe, expect, it } from 'vitest';
import { lsJson, ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';

// A search jump as a newcomer makes it (issue 80 item 7), through the real CLI in a real PTY: S,
// a word, Enter on a hit, then the next word typed. It goes to the agent the jump chose, as after
// choosing a pane in tmux's choose-tree: its d detaches nothing, its x stops nothing.

const { running, dotHome } = stoppedAfterEach();

describe('a search jump in the real CLI', () => {
  for (const [kind, second, hit] of [
    [
      'a scrollback hit',
      `sh -c 'seq 1 5; echo the marker-word-77 line; seq 1 100; exec cat'`,
      /2 \S+ · scrollback · the marker-word-77 line/,
    ],
    [
      'a screen hit',
      `sh -c 'echo the marker-word-77 line; exec cat'`,
      /2 \S+ · screen · the marker-word-77 line/,
    ],
  ] as const) {
    it(`${kind}: the keys are the agent's, so a word with d, x and q in it goes to it`, async () => {
      const home = dotHome();
      const a = run(
        ['--home', home, '--agent', `sh -c 'echo first-agent; exec cat'`, '--agent', second],
        120,
        30,
        {
          env: ptyEnv(),
        },
      );
      running.push(a);
      let exited = false;
      void a.exit.then(() => (exited = true));
      await waitScreen(a, /first-agent[\s\S]* INSERT .*Agents: 2/, 20000);
      a.pty.write('\x07S'); // from normal mode, on agent 1
      await waitScreen(a, /Search every agent/);
      a.pty.write('marker-word-77\r');
      expect(await waitScreen(a, /1 hits? for "marker-word-77"/, 20000)).toMatch(hit);
      a.pty.write('\r');
      await waitScreen(a, /╭─ \S+-2 [\s\S]* INSERT /);
      a.pty.write('dxq-typed\r');
      // cat echoes it: typed, and its echo
      const typed = await waitScreen(a, /dxq-typed[\s\S]*dxq-typed[\s\S]* INSERT /);
      expect(typed).toMatch(/╭─ \S+-2 /);
      expect(exited).toBe(false); // d detached nothing: the client is still here
      const ls = lsJson<{ clients: number; agents: Array<{ status: string }> }>(home);
      expect(ls.clients).toBe(1);
      expect(ls.agents.map((g) => g.status)).not.toContain('exited'); // x stopped nothing
      expect(screen(a.term)).toMatch(/Agents: 2/);
    }, 60_000);
  }
});
