import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/parse-args.js';
import { startArgs } from '../../src/cli/start-args.js';

// The client's start path reads its command line without meow (src/cli/start-args.ts); what it
// reads must be what the full parser reads, and anything it is not sure of goes to the full parser.
describe('startArgs', () => {
  it('reads plain botster-tui, attach and the server as the full parser does', () => {
    const lines = [
      [],
      ['attach'],
      ['attach', '--home', '/h'],
      ['--home', '/h', 'attach'],
      ['--agent', 'claude --model x', '--agent=aider', '--home=/h'],
      ['--layout', 'l.lua', '--scrollback', '12', '--restore'],
      [
        'server',
        '--size',
        '80x24',
        '--home',
        '/h',
        '--agent',
        'a b',
        '--agent',
        'c',
        '--layout',
        'l.lua',
        '--scrollback',
        '0',
        '--restore',
      ],
      ['--agent', ''],
      ['--home', '-'],
    ];
    for (const argv of lines) {
      const start = startArgs(argv);
      expect(start, argv.join(' ')).not.toBeNull();
      expect(start, argv.join(' ')).toEqual(parseArgs(argv));
    }
  });

  it('leaves anything else to the full parser: help, version, mistakes, doubtful values, other commands', () => {
    const lines = [
      ['--help'],
      ['attach', '-h'],
      ['-v', '--home', 'x'],
      ['help'],
      ['--agnet', 'x'],
      ['--no-restore'],
      ['--restore=false'],
      ['--home', 'a', '--home', 'b'],
      ['--restore', '--restore'],
      ['--agent'],
      ['--agent', '--home', 'h'],
      ['--scrollback', 'lots'],
      ['--scrollback', '-1'],
      ['attach', 'x'],
      ['--', 'attach'],
      ['snpashot'],
      ['ls'],
      ['snapshot', '--agent', 'a'],
      ['server', '--wait', '5'],
    ];
    for (const argv of lines) expect(startArgs(argv), argv.join(' ')).toBeNull();
  });
});
