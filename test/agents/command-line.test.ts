import { describe, expect, test } from 'vitest';
import {
  buildArgv,
  defaultName,
  displayCommand,
  programOf,
  scanCommandLine,
} from '../../src/agents/command-line.js';

const PATH = process.env.PATH;

describe('command lines', () => {
  test('scanCommandLine honours quotes and spots control operators', () => {
    expect(scanCommandLine(`python3 -c 'print("a b")' "x y" z\\ w`)).toEqual({
      words: ['python3', '-c', 'print("a b")', 'x y', 'z w'],
      control: false,
    });
    expect(scanCommandLine('a; b').control).toBe(true);
    expect(scanCommandLine('a && b').control).toBe(true);
    expect(scanCommandLine('a | b').control).toBe(true);
    expect(scanCommandLine(`echo 'a;b|c'`).control).toBe(false);
  });

  test('program and default name skip VAR=value prefixes and take the basename', () => {
    expect(programOf('FOO=1 BAR=2 /usr/bin/env x')).toBe('/usr/bin/env');
    expect(defaultName({ command: `python3 -c 'print(1)'` })).toBe('python3');
    expect(defaultName({ command: '/usr/local/bin/claude --resume' })).toBe('claude');
    expect(defaultName({ command: '/bin/echo', args: ['x'] })).toBe('echo');
    expect(defaultName({ command: '   ' })).toBe('agent');
  });

  test('buildArgv: args run directly; a plain program gets exec; shell syntax and builtins do not', () => {
    expect(buildArgv({ command: 'ls', args: ['-l'] }, '/', PATH)).toEqual({
      file: 'ls',
      args: ['-l'],
      viaShell: false,
    });
    expect(buildArgv({ command: `python3 -c 'print(1)'` }, '/', PATH).args).toEqual([
      '-c',
      `exec python3 -c 'print(1)'`,
    ]);
    expect(buildArgv({ command: 'echo a; echo b' }, '/', PATH).args).toEqual(['-c', 'echo a; echo b']);
    expect(buildArgv({ command: 'cd /tmp' }, '/', PATH).args).toEqual(['-c', 'cd /tmp']);
    expect(buildArgv({ command: 'FOO=1 env' }, '/', PATH).args).toEqual(['-c', 'FOO=1 env']);
  });

  test('displayCommand quotes args that need it', () => {
    expect(displayCommand({ command: 'sh', args: ['-c', "echo 'hi'"] })).toBe(`sh -c 'echo '\\''hi'\\'''`);
    expect(displayCommand({ command: 'sleep 1' })).toBe('sleep 1');
  });
});
