import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import type { Script } from '../support/scripted-pty.js';

// A shell draws its prompt again when its size changes (SIGWINCH). Focusing an idle shell that was
// sized for another screen resizes it, and that redraw flipped it to "running" for a moment.

const hubs = useHub();
// An agent is idle once it printed nothing this long (and a status check agrees).
const QUIET = 3000;
// A prompt that draws itself again on every resize, as bash and zsh do.
const prompt: Script = (pty) => {
  pty.print('$ ');
  pty.onResize(() => pty.print('\r$ '));
};

describe('a redraw is not work', () => {
  it('an idle shell focused after the screen changed size stays idle; output after that is work again', async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'sh-one', name: 'one' },
        { command: 'sh-two', name: 'two' },
      ],
      scripts: { 'sh-one': prompt, 'sh-two': prompt },
      cols: 120,
      rows: 30,
    });
    await t.advance(QUIET);
    await t.frame(/one idle[\s\S]*two idle/);
    const states: string[] = [];
    const two = t.hub.agents.list()[1];
    t.hub.agents.onChange((a, info) => a === two && states.push(info.status));
    t.hub.resize(100, 26); // the focused one (one) is fitted to it; two keeps its old size
    await t.advance(QUIET);
    await t.press('\x072'); // focus two: it is resized, and redraws
    expect(t.agent('two').cols).not.toBe(0);
    await t.advance(QUIET);
    expect(states).toEqual([]);
    expect(t.screen()).toMatch(/two idle/);
    // What it prints later is work.
    t.agent('two').print('building...\n');
    await t.until(() => states.includes('running'));
  });
});
