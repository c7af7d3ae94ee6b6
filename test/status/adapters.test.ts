// The shipped adapters on screens the corpus does not cover: prose that merely looks like a
// question is no dialog, and explain names the rule and the lines that decided.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { detect, screenOf, shippedRuntime } from '../support/status.js';

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

const RULE = '─'.repeat(40);

describe('shipped adapters', () => {
  it('an answer that asks something in prose, at the prompt, is idle, not waiting', () => {
    const quiet = { quiet: 2, state: 'running' };
    const claude = `⏺ I fixed the test. Do you want me to also update the docs?\n\n${RULE}\n❯ \n${RULE}\n  ? for shortcuts`;
    expect(detect(rt, 'claude', screenOf(claude, quiet))?.state).toBe('idle');
    const gemini = `✦ Done. Do you want to proceed with the refactor?\n\n╭${'─'.repeat(30)}╮\n│ >   Type your message or @path/to/file │\n╰${'─'.repeat(30)}╯`;
    expect(detect(rt, 'gemini', screenOf(gemini, quiet))?.state).toBe('idle');
    const copilot = `● Do you want a faster version? It runs in O(n) instead.\n${RULE}\n❯\n${RULE}`;
    expect(detect(rt, 'copilot', screenOf(copilot, quiet))?.state).toBe('idle');
    expect(
      detect(rt, 'cursor-agent', screenOf('The loop is O(n), the sort O(n log n) (y axis: time).\n→ ', quiet))
        ?.state,
    ).toBe('idle');
    // a lone numbered line under the cursor is text typed at the prompt
    expect(detect(rt, 'codex', screenOf('› 1. fix the bug\n\n  100% context left', quiet))?.state).toBe(
      'idle',
    );
  });

  it('a quiet spinner is still running; explain shows the adapter, rule and lines', () => {
    const screen = `⏺ Reading files\n\n✻ Kneading… (2m 3s · ↓ 4.1k tokens)\n\n${RULE}\n❯ \n${RULE}\n  esc to interrupt`;
    const v = detect(rt, 'claude', screenOf(screen, { quiet: 30, state: 'running' }), true);
    expect(v).toMatchObject({
      state: 'running',
      adapter: 'claude',
      rule: 'interrupt hint',
      reason: 'Kneading…',
    });
    expect(v?.lines).toEqual(['  esc to interrupt', '✻ Kneading… (2m 3s · ↓ 4.1k tokens)']);
    expect(v?.tried).toEqual([{ adapter: 'claude', state: 'running', rule: 'interrupt hint' }]);
  });

  it('a shell agent in which the user started claude gets the Claude adapter; back at the shell, the generic one', () => {
    const dialog = `${RULE}\n Bash command\n\n   rm -rf build\n\n Do you want to proceed?\n ❯ 1. Yes\n   2. No\n\n Esc to cancel`;
    const agent = { id: '1', name: 'bash', command: 'bash', cwd: '/tmp', title: '', state: 'running' };
    expect(rt.detectStatus({ ...agent, program: 'claude' }, screenOf(dialog))).toMatchObject({
      state: 'waiting',
      adapter: 'claude',
      reason: 'run `rm -rf build`?',
    });
    expect(
      rt.detectStatus({ ...agent, program: 'bash' }, screenOf('$ ls\na b\n$ ', { at_prompt: true })),
    ).toMatchObject({ state: 'idle', adapter: 'generic' });
  });

  it('claude 2.1.331: the command of a Bash dialog is the one in its dashed frame (under a tip and its description); an offer without numbers waits', () => {
    const dash = '╌'.repeat(40);
    const bash = `● I will write the answer.\n\n${RULE}\n Bash command\n Tip: auto mode handles these prompts for you — choose "switch to auto mode" below\n Write the answer with node\n${dash}\n node -e "require('fs').writeFileSync('a.txt', 'x')"\n${dash}\n This command requires approval\n\n Do you want to proceed?\n ❯ 1. Yes\n   2. Yes, and don’t ask again for: node *\n   3. No\n\n Esc to cancel · Tab to amend`;
    expect(detect(rt, 'claude', screenOf(bash, { quiet: 2 }))).toMatchObject({
      state: 'waiting',
      reason: "run `node -e \"require('fs').writeFileSync('a.txt', 'x')\"`?",
    });
    const offer = `${RULE}\n  Make auto mode your default permission mode?\n\n  Auto mode lets Claude handle permission prompts automatically.\n\n    Yes, set auto mode as my default permission mode\n  ❯ No, keep accept edits\n`;
    expect(detect(rt, 'claude', screenOf(offer, { quiet: 2, state: 'idle' }))).toMatchObject({
      state: 'waiting',
      reason: 'Make auto mode your default permission mode?',
      rule: 'choices under a cursor',
    });
  });

  it('structure: a live working row outranks a bare "…?" line under it; a real question outranks the working row', () => {
    const quiet = { quiet: 0.2, state: 'running' };
    const work = '⠙ Working… (14s · esc to interrupt)';
    expect(
      detect(
        rt,
        'mytool',
        screenOf(`${work}\nI read parser.ts first. Should I also update the tests?`, quiet),
      ),
    ).toMatchObject({ state: 'running', rule: 'interrupt hint' });
    expect(detect(rt, 'mytool', screenOf(`${work}\nOverwrite dist/? (y/n)`, quiet))).toMatchObject({
      state: 'waiting',
      rule: 'question',
    });
    // With no working row the bare question asks.
    expect(detect(rt, 'mytool', screenOf('Build finished.\nDeploy it now?', quiet))?.state).toBe('waiting');
  });

  it('a reason never keeps the mark a CLI draws before its question or choice (▶, ❯, ›)', () => {
    const quiet = { quiet: 2, state: 'running' };
    for (const [program, screen] of [
      ['mytool', 'some output above\n\n▶ Deploy to production?'],
      ['mytool', 'output\n❯ Overwrite dist/? (y/n)'],
    ] as const) {
      const v = detect(rt, program, screenOf(screen, quiet));
      expect(v?.state).toBe('waiting');
      expect(v?.reason).toMatch(/^[A-Z]/);
    }
  });

  it('an answer from quietness keeps no line set aside as its evidence (the hub takes it as quietness)', () => {
    // A timer in a box is looked at and set aside: quietness decides.
    const screen = '│ the build took (12s) │\n  done';
    for (const program of ['mytool', 'codex', 'claude'])
      for (const over of [
        { quiet: 0.3, state: 'running' },
        { quiet: 5, state: 'running' },
      ]) {
        const v = detect(rt, program, screenOf(screen, over));
        expect(v?.rule, `${program} ${JSON.stringify(over)}`).toMatch(/^(output in the last|quiet) 1\.5s$/);
        expect(v?.lines, `${program} ${JSON.stringify(over)}`).toEqual([]);
      }
  });

  it('a title spinner says running when the screen says nothing (an empty screen, a transcript view)', () => {
    for (const title of ['⠸ codex-git', '◑ Claude Code', '◐ build'])
      expect(detect(rt, 'mytool', screenOf('', { quiet: 5, state: 'running', title }))).toMatchObject({
        state: 'running',
        rule: 'title spinner',
      });
    // Claude Code's rest mark is no spinner.
    expect(
      detect(rt, 'mytool', screenOf('', { quiet: 5, state: 'running', title: '✳ Claude Code' }))?.state,
    ).toBe('idle');
    // Every CLI's own rules too, when its screen shows no work (screen:settle): a quiet prompt
    // with a spinner in the title or a progress bar is working.
    const RULE2 = '─'.repeat(40);
    const atRest = `${RULE2}\n❯ \n${RULE2}\n  ? for shortcuts`;
    for (const program of ['claude', 'codex', 'gemini', 'opencode', 'copilot']) {
      expect(
        detect(rt, program, screenOf(atRest, { quiet: 5, state: 'running', title: '⠹ proj' }))?.state,
        program,
      ).toBe('running');
      expect(
        detect(
          rt,
          program,
          screenOf(atRest, { quiet: 5, state: 'running', progress: { state: 'normal', value: 40 } }),
        )?.state,
        program,
      ).toBe('running');
      expect(
        detect(
          rt,
          program,
          screenOf(atRest, { quiet: 5, state: 'running', progress: { state: 'error', value: 0 } }),
        )?.state,
        program,
      ).toBe('idle');
    }
    // Progress (OSC 9;4) is working too.
    expect(
      detect(
        rt,
        'mytool',
        screenOf('', { quiet: 5, state: 'running', progress: { state: 'indeterminate', value: 0 } }),
      )?.state,
    ).toBe('running');
  });

  it('generic: bell, yes/no question, progress, output, quiet', () => {
    const g = (text: string, over = {}) =>
      detect(rt, 'make', screenOf(text, { quiet: 0.3, state: 'running', ...over }));
    expect(g('done', { bell: true })).toMatchObject({ state: 'waiting', reason: 'rang the bell' });
    expect(g('Overwrite config? (y/n)')).toMatchObject({
      state: 'waiting',
      reason: 'Overwrite config? (y/n)',
    });
    // answered: the question is history once the program printed after it
    expect(g('Overwrite config? (y/n) y\ngot y', { quiet: 2 })?.state).toBe('idle');
    expect(g('[####      ] 40%', { quiet: 5, progress: { state: 'normal', value: 40 } })?.state).toBe(
      'running',
    );
    expect(g('compiling foo.c')?.state).toBe('running');
    expect(g('compiling foo.c', { quiet: 2 })?.state).toBe('idle');
  });

  it('codex: its own OSC 7501 state mark decides when the screen shows no dialog or spinner', () => {
    const prompt = '› \n\n  100% context left';
    const osc = (mark: string) => ({ quiet: 5, state: 'running', osc: { '7501': mark } });
    expect(detect(rt, 'codex', screenOf(prompt, osc('state=working:app=codex')))).toMatchObject({
      state: 'running',
      rule: 'OSC 7501 working',
      lines: ['OSC 7501 state=working:app=codex'],
    });
    expect(
      detect(rt, 'codex', screenOf(prompt, osc('state=blocked:app=codex:kind=permission'))),
    ).toMatchObject({ state: 'waiting', rule: 'OSC 7501 blocked' });
    expect(detect(rt, 'codex', screenOf(prompt, { ...osc('state=idle:app=codex'), quiet: 0 }))?.state).toBe(
      'idle',
    );
    // a dialog on screen still gives its reason
    const dialog =
      'Would you like to run the following command?\n\n  $ rm -rf build\n\n› 1. Yes, proceed (y)\n  2. No (esc)\n\n  Press enter to confirm or esc to cancel';
    expect(
      detect(rt, 'codex', screenOf(dialog, osc('state=blocked:app=codex:kind=permission'))),
    ).toMatchObject({ state: 'waiting', reason: 'run `rm -rf build`?' });
  });

  it('copilot 1.0: its working row under the input box is work; the box at rest, quiet, is idle from the screen (a turn cancelled with Esc Esc, which no hook reports)', () => {
    const RULE54 = '─'.repeat(54);
    const box = (footer: string): string =>
      ` ● Operation cancelled by user\n\n /tmp/proj [⎇ master%]\n${RULE54}\n❯\n${RULE54}\n ${footer}`;
    const working = detect(
      rt,
      'copilot',
      screenOf(box('◉ Working · 254 B esc esc interrupt'), { quiet: 5, state: 'idle' }),
    );
    expect(working).toMatchObject({ state: 'running', rule: 'interrupt hint' });
    // The same row cut before its hint (a narrow panel) is still its working row; a message's
    // bullet saying "Working on it" is not.
    expect(
      detect(rt, 'copilot', screenOf(box('◉ Working · 254 B'), { quiet: 5, state: 'idle' })),
    ).toMatchObject({ state: 'running', rule: 'working row' });
    expect(
      detect(rt, 'copilot', screenOf(box('● Working on it now'), { quiet: 5, state: 'idle' }))?.state,
    ).toBe('idle');
    // Reported running by its hooks, the screen at rest says idle with the lines that show it
    // (screen evidence, which a report yields to; quietness alone would not).
    const rest = detect(
      rt,
      'copilot',
      screenOf(box('Interactive · Manual Approval · / commands   gpt-4.1'), { quiet: 5, state: 'running' }),
      true,
    );
    expect(rest).toMatchObject({ state: 'idle', rule: 'input box at rest' });
    expect(rest?.lines).toEqual(['❯']);
    // Still drawing: not yet (its working row animates while it works).
    expect(
      detect(
        rt,
        'copilot',
        screenOf(box('Interactive · Manual Approval · / commands'), { quiet: 0.2, state: 'running' }),
      )?.rule,
    ).not.toBe('input box at rest');
  });
});
