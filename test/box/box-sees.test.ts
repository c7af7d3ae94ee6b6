import { describe, expect, it } from 'vitest';
import { boxSees } from '../../src/box/box-sees.js';
import type { Mount } from '../../src/box/box-plan.js';

const bind = (p: string): Mount => ({ kind: 'bind', from: p, at: p, ro: true });

// What a bubblewrap box sees at a path, from its plan: the last mount over a place decides.

describe('boxSees', () => {
  const plan = {
    mounts: [
      bind('/'),
      { kind: 'dev', at: '/dev' },
      { kind: 'empty', at: '/tmp' },
      bind('/tmp/tools'),
      { kind: 'empty', at: '/home/u/.ssh' },
      { kind: 'bind', from: '/dev/null', at: '/home/u/.netrc', ro: true },
    ] satisfies Mount[],
  };
  it.each<[string, boolean, string | null]>([
    ['/usr/bin', true, '/'],
    ['/home/u/.local/bin', true, '/'],
    ['/tmp/other/bin', false, '/tmp'],
    ['/tmp/tools/node_modules/x/cli.js', true, '/tmp/tools'],
    ['/home/u/.ssh/bin', false, '/home/u/.ssh'],
    ['/home/u/.netrc', false, '/home/u/.netrc'],
  ])('%s: seen %s (by %s)', (p, seen, by) => {
    expect(boxSees(plan, p)).toEqual({ seen, by });
  });

  it('a box that binds nothing there sees nothing there', () => {
    expect(boxSees({ mounts: [bind('/usr'), { kind: 'empty', at: '/tmp' }] }, '/home/u/bin')).toEqual({
      seen: false,
      by: null,
    });
  });
});
