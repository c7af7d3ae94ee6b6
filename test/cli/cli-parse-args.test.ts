import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/parse-args.js';

// The full parser (meow, with did-you-mean on top): the same flags, defaults and mistakes as ever.
describe('parseArgs', () => {
  const run = (argv: string[]) => {
    const r = parseArgs(argv);
    if (r.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(r)}`);
    return r;
  };

  it('gives the defaults, repeatable --agent, numbers and --flag=value', () => {
    expect(run([]).flags).toEqual({
      size: '120x40',
      wait: 500,
      ansi: false,
      markdown: false,
      live: false,
      restore: false,
      json: false,
      explain: false,
    });
    const r = run([
      'snapshot',
      '--agent',
      'a b',
      '--agent=c',
      '--wait',
      '0',
      '--size=80x24',
      '--scrollback',
      '12',
      '--ansi',
    ]);
    expect(r.command).toBe('snapshot');
    expect(r.flags).toMatchObject({
      agent: ['a b', 'c'],
      wait: 0,
      size: '80x24',
      scrollback: 12,
      ansi: true,
    });
  });

  it('keeps positionals after -- and turns --no-FLAG and --FLAG=false off', () => {
    expect(run(['check', '--', '-odd.lua', '--home'])).toMatchObject({
      command: 'check',
      args: ['-odd.lua', '--home'],
    });
    expect(run(['ls', '--no-json']).flags.json).toBe(false);
    expect(run(['ls', '--json=false']).flags.json).toBe(false);
  });

  it('a value flag before another flag or at the end is empty (the CLI says what it needs)', () => {
    expect(run(['--agent', '--home', 'h']).flags).toMatchObject({ agent: [''], home: 'h' });
    expect(run(['--agent']).flags.agent).toEqual(['']);
    expect(run(['--home', '-']).flags.home).toBe('-');
    expect(Number.isNaN(run(['--scrollback', 'lots']).flags.scrollback)).toBe(true);
  });

  it('-h, -v, help COMMAND, and combined short flags', () => {
    expect(parseArgs(['-h'])).toEqual({ kind: 'help', command: undefined });
    expect(parseArgs(['push', '--help'])).toEqual({ kind: 'help', command: 'push' });
    expect(parseArgs(['help', 'check'])).toEqual({ kind: 'help', command: 'check' });
    expect(parseArgs(['-v', '--home', 'x'])).toMatchObject({
      kind: 'version',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(parseArgs(['-hv']).kind).toBe('help');
  });

  it('mistakes: unknown flags (as typed) and commands with a guess, a flag given twice', () => {
    expect(parseArgs(['--agnet=x'])).toEqual({
      kind: 'usage',
      command: undefined,
      message: 'unknown flag --agnet; did you mean --agent?',
    });
    expect(parseArgs(['snapshot', '-x'])).toEqual({
      kind: 'usage',
      command: 'snapshot',
      message: 'unknown flag -x',
    });
    expect(parseArgs(['--no-hom'])).toMatchObject({ message: 'unknown flag --no-hom; did you mean --home?' });
    expect(parseArgs(['snpashot'])).toEqual({
      kind: 'usage',
      message: 'unknown command "snpashot"; did you mean snapshot?',
    });
    expect(parseArgs(['--size', '1x1', '--size', '2x2'])).toMatchObject({
      kind: 'usage',
      message: 'the flag --size can only be set once',
    });
  });

  it("a verb's command refuses a flag it does not take (one another command takes), naming the ones it does", () => {
    expect(parseArgs(['restart', '2', '--cwd', '/tmp'])).toEqual({
      kind: 'usage',
      command: 'restart',
      message: 'restart takes no --cwd (its flags: --json, --home)',
    });
    expect(parseArgs(['wait', '1', '--until', 'idle', '--lines', '3', '--name', 'x'])).toMatchObject({
      message: 'wait takes no --lines (its flags: --until, --timeout, --json, --home)',
    });
    expect(parseArgs(['review', 'comment', '1', 'a.ts:1', 'hi', '--cwd', 'y'])).toMatchObject({
      message: 'review comment takes no --cwd (its flags: --json, --home)',
    });
    // Its own flags and the ones every command takes still run; after -- a flag is a word.
    expect(parseArgs(['new', '--cwd', '/tmp', '--name', 'a', '--json', '--', 'ls', '--lines'])).toMatchObject(
      {
        kind: 'run',
        flags: { cwd: '/tmp', name: 'a', json: true },
      },
    );
    expect(parseArgs(['send', '1', 'hi', '--keys', 'enter', '--home', '/h']).kind).toBe('run');
  });
});
