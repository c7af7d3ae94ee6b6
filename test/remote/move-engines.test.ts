import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { startHub, tempHome, tempRepo } from '../support/hub.js';
import { hasPodman } from '../support/podman.js';
import { until } from '../support/wait.js';
import { BIN_DIR } from '../support/remote.js';
import { luaList, usePod } from '../support/engines.js';

// An agent moved to a machine with a file system of its own (issue 98): a podman container reached
// with `podman exec`. Its branch crosses as a bundle and is cloned where its folder was, with what
// it had not committed laid back uncommitted; it starts there and stops here. A boxed agent stays
// boxed: where no box can be made (bubblewrap in an unprivileged container), it does not move.

const pod = usePod();
let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

const ask = (h: Hub, req: Record<string, unknown> & { op: string }) =>
  controlHandler(h.control)(req, { signal: new AbortController().signal }) as Promise<
    Record<string, unknown>
  >;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' });

describe.skipIf(!hasPodman)('moving an agent into a container', () => {
  it('its branch is cloned there with its uncommitted work, it runs there and not here; a boxed one that cannot be boxed there stays', async () => {
    const p = pod();
    const { repo } = tempRepo();
    const wt = `${repo}-wt`;
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', wt);
    for (const [f, text] of [
      ['a.txt', 'one\n'],
      ['gone.txt', 'bye\n'],
    ])
      fs.writeFileSync(path.join(wt, f), text);
    git(wt, 'add', '.');
    git(wt, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'its work');
    fs.writeFileSync(path.join(wt, 'a.txt'), 'one, then two\n');
    fs.writeFileSync(path.join(wt, 'new.txt'), 'not yet added\n');
    fs.rmSync(path.join(wt, 'gone.txt'));
    hub = await startHub({
      home: tempHome({
        'user/machines.lua': `machines.define("pod", { exec = ${luaList(p.exec)}, env = { CONTAINERS_CONF = ${JSON.stringify(p.env.CONTAINERS_CONF)} }, command = ${JSON.stringify(path.join(BIN_DIR, 'botster-tui'))} })\n`,
      }),
      agents: [],
    });
    const h = hub;
    await until('pod connected', () => h.machines.list()[0]?.state === 'connected', 45000);
    await ask(h, { op: 'new', command: 'sh -c \'echo "in $(pwd)"; exec cat\'', cwd: wt, name: 'w' });
    await ask(h, { op: 'wait', agent: 'w', until: 'output:^in ', timeout_ms: 20000 });

    const moved = await ask(h, { op: 'move', agent: 'w', machine: 'pod' });
    expect(moved).toMatchObject({
      from: 'local',
      to: 'pod',
      resumed: false,
      branch: 'feature',
      uncommitted: 3,
    });
    expect(moved.commit).toBe(git(wt, 'rev-parse', 'HEAD').trim());
    // There: a clone of its branch where its folder was, its work uncommitted as it left it.
    expect(p.sh(`git -C ${wt} log --format=%s`).trim().split('\n')).toEqual(['its work', 'init']);
    expect(p.sh(`git -C ${wt} rev-parse --abbrev-ref HEAD`).trim()).toBe('feature');
    expect(p.sh(`git -C ${wt} status --porcelain`).split('\n').filter(Boolean).sort()).toEqual([
      ' D gone.txt',
      ' M a.txt',
      '?? new.txt',
    ]);
    expect(p.sh(`cat ${wt}/a.txt`)).toBe('one, then two\n');
    // It runs there, in that folder; here it is listed from there, and no longer runs here.
    const listed = h.agents.list().filter((a) => a.info.name === 'w');
    expect(listed.map((a) => a.machine)).toEqual(['pod']);
    const read = await ask(h, { op: 'read', agent: 'w' });
    expect((read.lines as string[]).filter(Boolean)).toEqual([`in ${wt}`]);
    await ask(h, { op: 'send', agent: 'w', text: 'typed there', keys: 'enter' });
    await ask(h, { op: 'wait', agent: 'w', until: 'output:^typed there$', timeout_ms: 20000 });

    // A boxed agent: no box can be made in this container, so it is not started there and runs on here.
    await ask(h, {
      op: 'new',
      command: "sh -c 'echo boxed; exec cat'",
      cwd: repo,
      name: 'b',
      sandbox: 'strict',
    });
    await ask(h, { op: 'wait', agent: 'b', until: 'output:^boxed$', timeout_ms: 20000 });
    const rows = (await ask(h, { op: 'agents' })).agents as Array<{ name: string; box?: { name: string } }>;
    expect(rows.find((r) => r.name === 'b')?.box?.name).toBe('strict');
    // (its box's own words: bubblewrap cannot mount /proc in an unprivileged container)
    await expect(ask(h, { op: 'move', agent: 'b', machine: 'pod' })).rejects.toThrow(
      /^pod: b did not start here: bwrap: /,
    );
    const b = h.agents.list().find((a) => a.info.name === 'b')!;
    expect(b.machine ?? null).toBeNull();
    expect(b.isExited).toBe(false);
    expect(
      h.agents
        .list()
        .filter((a) => a.machine === 'pod')
        .map((a) => a.info.name),
    ).not.toContain('b');
  }, 90_000);
});
