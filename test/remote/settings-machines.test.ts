import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import { cliExec } from '../support/cli.js';

// settings.machines is checked where it is set: a bad entry is an error at its line, as every setting.

describe('settings.machines', () => {
  it('takes hosts and { name, ssh, home, command }; anything else is an error at its line', async () => {
    const home = tempHome();
    const file = path.join(home, 'machines.lua');
    fs.writeFileSync(
      file,
      [
        'settings.machines = { "devbox", 42 }',
        'settings.machines = { { name = "gpu", shh = "me@gpu" } }',
        'settings.machines = { "a", "a" }',
        'settings.machines = { { name = "has space", ssh = "x" } }',
        'settings.machines = "devbox"',
        'settings.machines = { { name = "gpu" , home = 3 } }',
        'settings.machines = { "devbox", { name = "gpu", ssh = "me@gpu", home = "~/b", command = "~/bin/botster-tui" } }',
      ].join('\n') + '\n',
    );
    const r = await cliExec(['check', file, '--home', home], {});
    expect(r.status).toBe(1);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.includes('settings.machines')),
    ).toEqual([
      `${file}:1: settings.machines [2] must be a host ("devbox") or { name = ..., ssh = ... }, got number`,
      `${file}:2: settings.machines [1]: unknown field "shh" (name, ssh, home, command)`,
      `${file}:3: settings.machines [2]: "a" is listed twice (give one a name)`,
      `${file}:4: settings.machines [1]: the name "has space" names it in new --machine: letters, digits, . _ @ -`,
      `${file}:5: settings.machines must be a list like { "devbox", { name = "gpu", ssh = "me@gpu" } }, got string`,
      `${file}:6: settings.machines [1].home must be a non-empty string`,
    ]);
  }, 30000);
});
