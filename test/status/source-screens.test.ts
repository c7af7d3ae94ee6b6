// The CLIs this machine cannot install (Goose, Crush and Kiro CLI download binaries from their own
// sites): their rules are learnt from what their source draws. These screens are composed here from
// those strings (the cliclack prompt Goose's session draws, Crush's permission dialog, Q/Kiro CLI's
// "Allow this action?" line), never copied from another project's tests; they say what each rule
// must tell apart: a live question from an answered one, a dialog from text that quotes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { detect, screenOf, shippedRuntime } from './helpers.js';

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
  ])('%s: %j reads %s', (program, text, state, reason) => {
    const v = read(program, text);
    expect(v?.state, `${v?.adapter}: ${v?.rule}`).toBe(state);
    if (reason !== undefined) expect(v?.reason).toBe(reason);
  });
});
