// readConfigFiles keeps the shipped files as read (they were most of each reload's reading) until
// the watcher reports one of them changed; the user's files are read from disk every time.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetShipped, readConfigFiles } from '../../src/reload/config-files.js';
import { PACKAGE_ROOT } from '../../src/reload/paths.js';
import { tempHome } from '../support/hub.js';

describe('the shipped files, kept as read', () => {
  it('are read again only when a shipped path is reported; user files always are', () => {
    const home = tempHome({ 'user/layout.lua': 'x = 1\n' });
    const first = readConfigFiles({ home });
    const core = (fs: ReturnType<typeof readConfigFiles>) => fs.find((f) => f.layer === 'core')!;
    const user = (fs: ReturnType<typeof readConfigFiles>) => fs.find((f) => f.layer === 'user')!;
    fs.writeFileSync(path.join(home, 'user/layout.lua'), 'x = 2\n');
    const second = readConfigFiles({ home });
    expect(core(second)).toBe(core(first)); // the same object: not read again
    expect(user(second).source).toBe('x = 2\n');
    forgetShipped([path.join(home, 'user/layout.lua')]);
    expect(core(readConfigFiles({ home }))).toBe(core(first));
    forgetShipped([path.join(PACKAGE_ROOT, 'lua/default/layout.lua')]);
    const third = readConfigFiles({ home });
    expect(core(third)).not.toBe(core(first));
    expect(core(third).source).toBe(core(first).source);
    forgetShipped(); // none named: any may have changed
    expect(core(readConfigFiles({ home }))).not.toBe(core(third));
  });
});
