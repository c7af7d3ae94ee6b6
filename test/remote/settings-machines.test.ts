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

describe('machines.define', () => {
  it('takes exec (or ssh), line, home, command and env; a credential on the command line, or anything else, is an error at its line', async () => {
    const home = tempHome();
    const bad = [
      'machines.define("pod", { exec = { "podman", "exec", "-i", "box" }, ssh = "x" })',
      'machines.define("pod", { exec = {} })',
      'machines.define("pod", { exec = { "kubectl", "exec", "--token=abc123", "pod" } })',
      'machines.define("pod", { exec = { "podman" }, image = "x" })',
      'machines.define("local", { ssh = "x" })',
      'machines.define("pod", { exec = { "podman" }, env = { ["1X"] = "y" } })',
      'machines.define("pod", { exec = { "podman" }, line = "yes" })',
    ];
    const files = bad.map((line, i) => {
      const f = path.join(home, `bad${i}.lua`);
      fs.writeFileSync(f, `\n${line}\n`);
      return f;
    });
    const good = path.join(home, 'good.lua');
    fs.writeFileSync(
      good,
      'machines.define("pod", { exec = { "podman", "exec", "-i", "box" }, command = "/opt/b/botster-tui", env = { CONTAINER_HOST = "unix:///run/p.sock" } })\n' +
        'assert(machines.find("pod").exec[4] == "box")\n',
    );
    const r = await cliExec(['check', ...files, good, '--home', home], {});
    expect(r.status).toBe(1);
    const said = r.stdout.split('\n').filter((l) => l.includes('machines.define'));
    expect(said).toEqual([
      `${files[0]}:2: machines.define "pod": give exec (the command that reaches it) or ssh (a host), one of them`,
      `${files[1]}:2: machines.define "pod": exec must be a list of words, its program first: { "podman", "exec", "-i", "box" }`,
      `${files[2]}:2: machines.define "pod": exec[3] "--token=abc123" looks like a credential: anyone on this machine reads a command's arguments; give it to the command in env (its environment) or its own configuration`,
      `${files[3]}:2: machines.define "pod": unknown field "image" (exec, ssh, line, home, command, env)`,
      `${files[4]}:2: machines.define "local": "local" is this machine (move AGENT local brings an agent back here)`,
      `${files[5]}:2: machines.define "pod": env must map variable names to values`,
      `${files[6]}:2: machines.define "pod": line must be true or false (the command hands what follows to a shell as one line, as ssh does)`,
    ]);
    expect(r.stdout).toContain(`${good}: ok`);
  }, 30000);
});
