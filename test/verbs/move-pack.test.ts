import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';
import { ask, git, workRepo } from '../support/move.js';

// The move.pack verb (the source's half of `move`, asked over a machine's link): the agent's
// branch as a git bundle with its uncommitted work, how it starts again, its box; it runs on.

const fleet = fleetHubs();

describe('move.pack', { timeout: 60_000 }, () => {
  it("packs its branch (with its work not committed) and how it starts again; it runs on; an exited one or another's is refused", async () => {
    const { repo, head } = workRepo();
    const { hub, socket } = await fleet([]);
    await ask(socket, { op: 'new', command: 'sh -c "echo up; exec cat"', cwd: repo, name: 'w' });
    await until('it runs', () => hub.agents.list().some((a) => a.info.name === 'w'));
    const r = await ask(socket, { op: 'move.pack', agent: 'w' });
    expect(r.ok, String(r.error)).toBe(true);
    const p = r.packed as Record<string, any>;
    expect(p).toMatchObject({ name: 'w', command: 'sh -c "echo up; exec cat"', resumed: false, cwd: repo });
    expect(p.git).toMatchObject({ top: repo, sub: '', branch: 'topic', head, linked: false, changed: 1 });
    expect(p.files).toEqual([{ key: 'bundle', size: expect.any(Number) }]);
    // The bundle holds the branch and a commit of the work not committed (its tree has a.txt as it is).
    const bundle = path.join(os.tmpdir(), `botster-move-${p.transfer}`, 'bundle');
    const heads = git(repo, 'bundle', 'list-heads', bundle);
    expect(heads).toContain(`${head} refs/heads/topic`);
    expect(heads).toContain(`${p.git.wip} refs/botster/move/${p.transfer}`);
    // (the agent's folder as it was: its index and its refs untouched)
    expect(git(repo, 'status', '--porcelain')).toBe('M a.txt');
    expect(git(repo, 'for-each-ref', 'refs/botster')).toBe('');
    expect(hub.agents.list().find((a) => a.info.name === 'w')?.isExited).toBe(false);
    await ask(socket, { op: 'move.part', transfer: p.transfer, drop: true });
    expect(fs.existsSync(bundle)).toBe(false);

    expect(await ask(socket, { op: 'move.pack', agent: 'nobody' })).toMatchObject({
      ok: false,
      reason: 'no_agent',
    });
    await ask(socket, { op: 'kill', agent: 'w' });
    await until('exited', () => hub.agents.list().find((a) => a.info.name === 'w')?.isExited);
    expect(await ask(socket, { op: 'move.pack', agent: 'w' })).toMatchObject({ ok: false, reason: 'exited' });
  });
});
