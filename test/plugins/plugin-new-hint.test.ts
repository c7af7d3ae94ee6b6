import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/homes.js';
import { cli } from '../support/plugin-source.js';

// `plugin new NAME` ends with a hint to paste: its paths are shell words, so one with a space (or a
// quote) in it is still one argument.

describe('plugin new', () => {
  it('prints a hint whose paths sh reads back as they are, spaces and quotes and all', () => {
    const home = path.join(tempHome(), '.botster');
    const scratch = path.join(tempHome(), "my plugins's");
    fs.mkdirSync(scratch);
    const made = cli(home, ['plugin', 'new', 'demo'], {}, scratch);
    expect(made.status).toBe(0);
    const hint = /^try it: (.*), then (.*)$/m.exec(made.stdout);
    expect(hint, made.stdout).not.toBeNull();
    const dir = path.join(scratch, 'demo');
    // Each command's words, as sh splits them (a function stands in for botster-tui and sh).
    const words = (line: string) =>
      execFileSync('sh', ['-c', `w() { for a in "$@"; do printf '%s\\n' "$a"; done; }; w ${line}`], {
        encoding: 'utf8',
      })
        .trimEnd()
        .split('\n');
    expect(words(hint![1])).toEqual(['botster-tui', 'plugin', 'add', dir, '--grant', 'all']);
    expect(words(hint![2])).toEqual(['botster-tui', 'test', dir]);
  });
});
