import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { press, tempRepo, waitForFrame } from '../support/hub.js';
import { until } from '../support/wait.js';
import { BIN_DIR, remoteHomes } from '../support/remote.js';

// The move verb (`botster-tui move AGENT MACHINE`, M in normal mode): an agent goes on on another
// machine and stops here once it runs there. Here the other machine is another home on this one,
// reached through `env` (a command that runs a command, as ssh or podman exec do), so its folder is
// the same folder there: its branch fast-forwards into the same checkout. What crosses between
// machines with folders of their own is in test/remote/move-engines.test.ts.

const fleet = fleetHubs();
const remoteHome = remoteHomes();

const lua = (words: string[]) => `{ ${words.map((w) => JSON.stringify(w)).join(', ')} }`;
const sh = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

describe('botster-tui move', { timeout: 90_000 }, () => {
  it('moves an agent to a machine and back; a refusal there or a handler here leaves it where it runs', async () => {
    const there = remoteHome();
    const reach = ['env', `PATH=${BIN_DIR}:${path.dirname(process.execPath)}:/usr/bin:/bin`, 'SHELL=/bin/sh'];
    const { repo } = tempRepo();
    const wt = `${repo}-wt`;
    sh(repo, 'worktree', 'add', '-q', '-b', 'feature', wt);
    fs.writeFileSync(path.join(wt, 'a.txt'), 'work\n');
    sh(wt, 'add', 'a.txt');
    sh(wt, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'work');
    const { hub, cli } = await fleet([], {
      'user/machines.lua': `machines.define("near", { exec = ${lua(reach)}, home = ${JSON.stringify(there)} })\n`,
      'user/stay.lua': [
        'local said = false',
        'hooks.on("before_agent_move", function(ev)',
        '  if ev.to == "local" and not said then said = true; return false, "it stays on " .. ev.from end',
        'end)',
        '',
      ].join('\n'),
    });
    await until('near is connected', () => hub.machines.list()[0]?.state === 'connected', 30000);
    const made = await cli([
      'new',
      '--name',
      'w',
      '--cwd',
      wt,
      '--',
      'sh',
      '-c',
      'echo "in $(pwd)"; exec cat',
    ]);
    expect(made.status, made.stderr).toBe(0);
    await until('it runs', () => hub.agents.list().find((a) => a.info.name === 'w' && !a.machine));

    const out = await cli(['move', 'w', 'near', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const moved = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(moved).toMatchObject({ from: 'local', to: 'near', resumed: false, branch: 'feature' });
    expect(moved.commit).toBe(sh(wt, 'rev-parse', 'HEAD'));
    // Here it is gone; it is listed from near, and runs there in its folder.
    expect(
      hub.agents
        .list()
        .filter((a) => a.info.name === 'w')
        .map((a) => a.machine),
    ).toEqual(['near']);
    const read = await cli(['read', 'w']);
    expect(read.stdout).toContain(`in ${fs.realpathSync(wt)}`);

    // A before_agent_move handler of yours keeps it where it is (this one, the first time).
    const refused = await cli(['move', 'w', 'local']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/w not moved: \S*stay.lua:2: it stays on near/);

    // Work it had not committed goes with it; where it lands the same folder has it, uncommitted:
    // the checkout there is not clean, so that machine refuses, and it runs on where it was.
    fs.writeFileSync(path.join(wt, 'b.txt'), 'more\n');
    const back = await cli(['move', 'w', 'local']);
    expect(back.status).not.toBe(0);
    expect(back.stderr).toMatch(/has uncommitted changes: commit or stash them there first/);
    expect(
      hub.agents
        .list()
        .filter((a) => a.info.name === 'w')
        .map((a) => a.machine),
    ).toEqual(['near']);
    fs.rmSync(path.join(wt, 'b.txt'));

    const home = await cli(['move', 'w', 'local', '--json']);
    expect(home.status, home.stderr).toBe(0);
    expect(JSON.parse(home.stdout)).toMatchObject({ from: 'near', to: 'local' });
    expect(
      hub.agents
        .list()
        .filter((a) => a.info.name === 'w')
        .map((a) => a.machine ?? 'local'),
    ).toEqual(['local']);
    // Its key: M offers the machines it can go to, Enter takes the first.
    expect((await cli(['focus', 'w'])).status).toBe(0);
    await press(hub, '\x07');
    await press(hub, 'M');
    await waitForFrame(hub, /Move w to[\s\S]*near/);
    await press(hub, '\r');
    await until(
      'moved by its key',
      () => hub.agents.list().find((a) => a.info.name === 'w')?.machine === 'near',
      30000,
    );
    await waitForFrame(hub, /w runs on near now/);
    const nowhere = await cli(['move', 'w', 'nowhere']);
    expect(nowhere.stderr).toMatch(/no machine "nowhere" \(the machines: local, near\)/);
    expect((await cli(['move', 'w'])).stderr).toMatch(
      /name the agent and the machine: botster-tui move AGENT MACHINE/,
    );
  });

  it('a boxed agent runs in the same box there', async () => {
    const there = remoteHome();
    const reach = ['env', `PATH=${BIN_DIR}:${path.dirname(process.execPath)}:/usr/bin:/bin`, 'SHELL=/bin/sh'];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-boxed-'));
    const { hub, cli } = await fleet([], {
      'user/machines.lua': `machines.define("near", { exec = ${lua(reach)}, home = ${JSON.stringify(there)} })\n`,
    });
    await until('near is connected', () => hub.machines.list()[0]?.state === 'connected', 30000);
    const made = await cli([
      'new',
      '--name',
      'b',
      '--sandbox',
      'strict',
      '--cwd',
      folder,
      '--',
      'sh',
      '-c',
      'echo boxed; exec cat',
    ]);
    expect(made.status, made.stderr).toBe(0);
    const box = async () =>
      (
        JSON.parse((await cli(['agents', '--json'])).stdout) as Array<{
          name: string;
          machine?: string;
          box?: { name: string };
        }>
      ).find((a) => a.name === 'b');
    expect((await box())?.box?.name).toBe('strict');
    const out = await cli(['move', 'b', 'near', '--json']);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ to: 'near', resumed: false });
    await until('listed from near, in its box', async () => {
      const b = await box();
      return b?.machine === 'near' && b.box?.name === 'strict';
    });
  });
});
