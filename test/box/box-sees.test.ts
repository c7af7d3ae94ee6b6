import { describe, expect, it } from 'vitest';
import { boxSees } from '../../src/box/box-sees.js';

// What a bubblewrap box sees at a path, from its arguments: the last mount over a place decides.

describe('boxSees', () => {
  const args = [
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--ro-bind',
    '/tmp/tools',
    '/tmp/tools',
    '--setenv',
    '--tmpfs',
    '/usr', // (a value, not a mount)
    '--tmpfs',
    '/home/u/.ssh',
    '--ro-bind',
    '/dev/null',
    '/home/u/.netrc',
    '--',
    'sh',
    '--tmpfs',
    '/home',
  ];
  it.each<[string, boolean, string | null]>([
    ['/usr/bin', true, '/'],
    ['/home/u/.local/bin', true, '/'],
    ['/tmp/other/bin', false, '/tmp'],
    ['/tmp/tools/node_modules/x/cli.js', true, '/tmp/tools'],
    ['/home/u/.ssh/bin', false, '/home/u/.ssh'],
    ['/home/u/.netrc', false, '/home/u/.netrc'],
  ])('%s: seen %s (by %s)', (p, seen, by) => {
    expect(boxSees(args, p)).toEqual({ seen, by });
  });

  it('a box that binds nothing there sees nothing there', () => {
    expect(boxSees(['--ro-bind', '/usr', '/usr', '--tmpfs', '/tmp'], '/home/u/bin')).toEqual({
      seen: false,
      by: null,
    });
  });
});
