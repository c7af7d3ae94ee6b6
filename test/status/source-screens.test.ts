// The CLIs this machine cannot install (Goose, Crush, Kiro CLI and Jcode download binaries from their
// own sites): their rules are learnt from what their source draws. These screens are composed here
// from those strings (the cliclack prompt Goose's session draws, Crush's permission dialog, Q/Kiro
// CLI's "Allow this action?" line, Jcode's numbered input line and status row), never copied from
// another project's tests; they say what each rule must tell apart: a live question from an
// answered one, a dialog from text that quotes it, work from an answer that quotes a working row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { detect, screenOf, shippedRuntime } from '../support/status.js';

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

const read = (program: string, text: string, over = {}) =>
  detect(rt, program, screenOf(text, { quiet: 5, ...over }));

const GOOSE_ASKS = [
  '( O)> clean the build folder',
  "I'll remove the build folder.",
  '─── shell | developer ──────────────────────────',
  'command: rm -rf build',
  '',
  '◆  Goose would like to call the above tool, do you allow?',
  '│  ● Allow (Allow the tool call once)',
  '│  ○ Always Allow',
  '│  ○ Deny',
  '│  ○ Cancel',
  '└',
].join('\n');

const CRUSH_DIALOG = [
  '  ╭──────────────────────────────────────────────────────────────╮',
  '  │ Permission Required ////////////////////////////////////////  │',
  '  │                                                              │',
  '  │ Tool bash                                                    │',
  '  │ Path ~/proj                                                  │',
  '  │ Desc Run the tests                                           │',
  '  │                                                              │',
  '  │ Command                                                      │',
  '  │    make test                                                 │',
  '  │                                                              │',
  '  │                   Allow   Allow for Session   Deny           │',
  '  ╰──────────────────────────────────────────────────────────────╯',
  '',
  '',
  '  > Ready for instructions',
].join('\n');

const KIRO_ASKS = [
  '🛠️  Using tool: execute_bash',
  ' ⋮',
  ' ● I will run the following shell command:',
  'make test',
  ' ⋮',
  ' ↳ Purpose: Run the tests',
  '',
  "Allow this action? Use 't' to trust (always allow) this tool for the session. [y/n/t]:",
  '',
  '>',
].join('\n');

// Jcode (1jehuang/jcode at 6da6124a3), bottom up: its input line is the next message's number and a
// mark, "2> " at rest and "2… " while it works (crates/jcode-tui/src/tui/ui_input.rs, input_prompt);
// above it, while it works, a status row (ui_input.rs, draw_status): a braille frame
// (crates/jcode-tui-style/src/theme.rs, SPINNER_FRAMES) before "thinking… 12s" and the transport
// (" · https"), or the stream's "(no tokens 3s) · 14s · ↑12k ↓340", or a running tool's bar,
// "●·· bash ··● · cargo test · 8s · Alt+B bg" (the detail is the tool's command). Its model picker
// (crates/jcode-tui/src/tui/mod.rs: "MODEL", "PROVIDER", "METHOD", the hint "  ↑↓ ←→ ↵ Esc";
// ui_inline_interactive.rs: a rounded box, "▸" before the selected row) opens above the input line.
const JCODE_ANSWER = ['  I ran the suite: all 12 tests pass.', ''];
const jcode = (...rows: string[]) => [...JCODE_ANSWER, ...rows].join('\n');
const JCODE_PICKER = [
  '╭───────────────────────────────────────────────────────╮',
  '│ MODEL             PROVIDER   METHOD (3)  ↑↓ ←→ ↵ Esc  │',
  '│ ▸ claude-opus-4   anthropic  api                      │',
  '│   gpt-5           openai     api                      │',
  '│   gemini-2.5-pro  google     api                      │',
  '╰───────────────────────────────────────────────────────╯',
];

describe('rules learnt from source', () => {
  it.each([
    ['goose', GOOSE_ASKS, 'waiting', 'run `rm -rf build`?'],
    // Answered: cliclack redraws it with ◇ and the choice, and the tool runs.
    [
      'goose',
      GOOSE_ASKS.replace('◆', '◇').split('\n│  ● Allow')[0] + '\n│  Allow\n│\nRemoved build/.\n( O)>',
      'idle',
      undefined,
    ],
    [
      'goose',
      '( O)> make the tests pass\n◐  Consulting the rubber duck',
      'running',
      'Consulting the rubber duck',
    ],
    ['crush', CRUSH_DIALOG, 'waiting', 'bash: Run the tests'],
    // An answer that names the dialog's title is no dialog.
    ['crush', '  It showed "Permission Required" before.\n\n  > Ready for instructions', 'idle', undefined],
    ['kiro-cli', KIRO_ASKS, 'waiting', 'run `make test`?'],
    // At 60 columns the question wraps: the rows are joined as the terminal cut them.
    [
      'kiro-cli',
      KIRO_ASKS.replace(
        "Allow this action? Use 't' to trust (always allow) this tool for the session. [y/n/t]:",
        "Allow this action? Use 't' to trust (always allow) this tool\n for the session. [y/n/t]:",
      ),
      'waiting',
      'run `make test`?',
    ],
    // Answered: "> y", then the tool's output.
    ['kiro-cli', `${KIRO_ASKS} y\nPASS 12 tests\n ● Completed in 1.2s\n\n>`, 'idle', undefined],
    ['jcode', jcode('⠙ thinking… 12s · https', '', '2…'), 'running', 'thinking… 12s · https'],
    [
      'jcode',
      jcode('⠸ (no tokens 3s) · 14s · ↑12k ↓340', '', '2…'),
      'running',
      '(no tokens 3s) · 14s · ↑12k ↓340',
    ],
    ['jcode', jcode('●·· bash ··● · cargo test · 8s · Alt+B bg', '', '2…'), 'running', 'bash · cargo test'],
    ['jcode', jcode('·●· read ·●· · 2s · Alt+B bg', '', '2…'), 'running', 'read'],
    // Working with nothing on its status row yet: the input line's mark says so.
    ['jcode', jcode('', '2… fix the lint too'), 'running', undefined],
    // Shell mode draws "2$" whether it works or not: the status row tells.
    ['jcode', jcode('⠹ waiting for response… 2s', '', '2$ ls'), 'running', 'waiting for response… 2s'],
    ['jcode', jcode('', '2$ ls'), 'idle', undefined],
    ['jcode', jcode('', '2>'), 'idle', undefined],
    // At rest, an answer that quotes a working row and a question is history.
    [
      'jcode',
      ['  The build log ended with:', '  ⠙ thinking… 12s', '  Overwrite dist/? (y/n)', '', '2>'].join('\n'),
      'idle',
      undefined,
    ],
    // The model picker the user opened asks nothing.
    ['jcode', jcode(...JCODE_PICKER, '2>'), 'idle', undefined],
  ])('%s: %j reads %s', (program, text, state, reason) => {
    const v = read(program, text);
    expect(v?.state, `${v?.adapter}: ${v?.rule}`).toBe(state);
    if (reason !== undefined) expect(v?.reason).toBe(reason);
  });
});
