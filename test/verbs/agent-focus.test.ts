// One rule for a focus, through every door: a real hub server started by the real client in a
// PTY, the user typing into their agent `cat` through it, and an agent's own processes (a shell
// agent's script) trying every way to move that view to an agent of its own (`logger`, which would
// then read what the user types next). Each is refused while the user types; in normal mode the
// same focus works (so the test can fail).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, stoppedAfterEach, userCli, waitScreen, type Running } from '../support/cli-pty.js';
import { read, script } from '../support/agent-script.js';
import { tempHome, until } from '../support/hub.js';

const { running, dotHome } = stoppedAfterEach();

/** The user's own CLI, from outside every agent. */
const yours = (home: string, args: string[]) => userCli(home, args);

/** How many times `text` is on agent `name`'s screen, read by the user. */
const seen = (home: string, name: string, text: string) =>
  (yours(home, ['read', name]).stdout.match(new RegExp(text, 'g')) ?? []).length;

/** The user types a line into the agent their client shows; `cat` echoes it where it went. */
async function typeLine(home: string, a: Running, line: string, into: string): Promise<void> {
  a.pty.write(`${line}\r`);
  await until(`${line} reached ${into}`, () => seen(home, into, line) >= 2, 15000);
}

interface Setup {
  home: string;
  a: Running;
  out: string;
  /** Lets the agent's script past its `wait` on this name. */
  go: (name: string) => void;
  at: (name: string) => string;
}

/** A hub with the user's `cat` (agent 1, focused, insert mode) and an agent (2) that starts `logger` (3), then runs `lines`. */
async function hubWith(lines: (at: (name: string) => string) => string[]): Promise<Setup> {
  const home = dotHome();
  const dir = tempHome();
  const at = (name: string) => path.join(dir, name);
  const s = script(dir, 'agent', ['botster-tui new --name logger -- cat', ...lines(at)]);
  const a = run(['--home', home, '--agent', 'cat', '--agent', `sh ${s.file}`], 120, 30);
  running.push(a);
  await waitScreen(a, / INSERT /, 20000);
  await until('logger started', () => read(s.out).includes('rc='), 20000);
  return { home, a, out: s.out, go: (name) => fs.writeFileSync(at(name), ''), at };
}

const rcs = (out: string) => out.match(/rc=\d+/g) ?? [];

describe('a focus from any door never moves the view you type in', () => {
  it("an agent's run --agent, run agent.next/prev/focus and focus are refused while you type; your keys stay where you type", async () => {
    const h = await hubWith((at) => [
      `wait ${at('go1')}`,
      'botster-tui run scroll.bottom --agent logger',
      'botster-tui run agent.next',
      'botster-tui run agent.prev',
      'botster-tui run agent.focus 3',
      'botster-tui focus logger',
      `touch ${at('probed')}`,
      `wait ${at('go2')}`,
      'botster-tui focus logger',
    ]);
    expect(rcs(read(h.out))).toEqual(['rc=0']);
    h.go('go1');
    // `probed` is there before its own rc line is written: wait for that line.
    await until('the probes ran', () => rcs(read(h.out)).length >= 7, 30000);
    const out = read(h.out);
    // Each door refused, saying why.
    expect(rcs(out)).toEqual(['rc=0', 'rc=1', 'rc=1', 'rc=1', 'rc=1', 'rc=1', 'rc=0']);
    expect(
      out.match(/you are typing into agent cat \(insert mode\): agent 2 does not move that view/g),
    ).toHaveLength(5);
    // What you type next goes where you were typing: into your cat, never into the agent's logger.
    await typeLine(h.home, h.a, 'PASSWORD-ONE', 'cat');
    expect(seen(h.home, 'logger', 'PASSWORD-ONE')).toBe(0);

    // In normal mode nothing is typed: the agent may show its own logger, and the view moves.
    h.a.pty.write('\x07');
    await waitScreen(h.a, / NORMAL /);
    h.go('go2');
    await until('the last focus answered', () => rcs(read(h.out)).length >= 8, 30000);
    expect(rcs(read(h.out)).at(-1)).toBe('rc=0');
    h.a.pty.write('i');
    await waitScreen(h.a, / INSERT /);
    await typeLine(h.home, h.a, 'NOW-LOGGER', 'logger');
    expect(seen(h.home, 'cat', 'NOW-LOGGER')).toBe(0);
  }, 90000);

  it('your own run agent.focus from your shell moves the view you type in', async () => {
    const h = await hubWith(() => []);
    expect(yours(h.home, ['run', 'agent.focus', '3']).status).toBe(0);
    await typeLine(h.home, h.a, 'YOURS-MOVED', 'logger');
  }, 60000);

  it("an improvement's timer that focuses is asked about first, and once live never moves the view you type in", async () => {
    const h = await hubWith((at) => {
      fs.writeFileSync(
        at('mover.lua'),
        [
          'timer.every(150, function(app)',
          '  for _, a in ipairs(app.agents) do if a.name == "logger" then app:focus(a) end end',
          'end)',
        ].join('\n'),
      );
      return [`botster-tui push ${at('mover.lua')} --json`, `touch ${at('pushed')}`];
    });
    await until('pushed', () => fs.existsSync(h.at('pushed')), 30000);
    const out = read(h.out);
    // The shipped policy asks you: it can move your view by itself.
    expect(out).toMatch(/"decision":\s?"collaborative"/);
    expect(out).toMatch(/move your view to/);
    expect(rcs(out)[1]).toBe('rc=2');
    expect(yours(h.home, ['run', 'improvements.accept']).status).toBe(0);
    // Live: its timer fires every 150 ms, and each time it is refused while you type.
    await until(
      'the timer was refused',
      () => /improvement mover does not move that view/.test(yours(h.home, ['snapshot', '--live']).stdout),
      15000,
    );
    await typeLine(h.home, h.a, 'STILL-CAT', 'cat');
    expect(seen(h.home, 'logger', 'STILL-CAT')).toBe(0);
    // In normal mode it may show logger (an agent its pusher started).
    h.a.pty.write('\x07');
    await waitScreen(h.a, / NORMAL /);
    await waitScreen(h.a, /╭─ logger ─/);
    h.a.pty.write('i');
    await waitScreen(h.a, / INSERT /);
    await typeLine(h.home, h.a, 'TIMER-MOVED', 'logger');
  }, 90000);
});
