import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';
import { ask, git, workRepo } from '../support/move.js';

// The move.land verb (the target's half of `move`, asked over a machine's link): a pack whose parts
// came here is laid down (here its folder is not there: a clone of its branch is made where it
// was, its uncommitted work laid back) and the agent started; answered once it runs. A pack that is
// not one, or a before_agent_arrive handler, is refused before anything is written.

const fleet = fleetHubs();

describe('move.land', { timeout: 60_000 }, () => {
  it('clones its branch where its folder was, lays back its work and starts it there; refuses what is not a pack and what a handler refuses', async () => {
    const { repo, head } = workRepo();
    const from = await fleet([]);
    await ask(from.socket, { op: 'new', command: 'sh -c "echo in $(pwd); exec cat"', cwd: repo, name: 'w' });
    await until('it runs', () => from.hub.agents.list().some((a) => a.info.name === 'w'));
    const p = (await ask(from.socket, { op: 'move.pack', agent: 'w' })).packed as Record<string, any>;
    // As if on another machine: the same pack, its folder somewhere nothing is yet.
    const there = `${repo}-there`;
    const pack = { ...p, cwd: there, git: { ...p.git, top: there, repo: there } };
    const to = await fleet([], {
      'user/arrive.lua':
        'hooks.on("before_agent_arrive", function(ev) if ev.agent.name == "no" then return false, "not this one" end end)\n',
    });
    const into = 'abcdefabcdef0123';
    const copy = async (t: string) => {
      for (let off = 0; off < p.files[0].size;) {
        const r = await ask(from.socket, {
          op: 'move.part',
          transfer: p.transfer,
          key: 'bundle',
          offset: off,
        });
        await ask(to.socket, {
          op: 'move.part',
          transfer: t,
          key: 'bundle',
          offset: off,
          data: String(r.data),
        });
        off += Number(r.bytes);
      }
    };
    await copy(into);
    const landed = await ask(to.socket, { op: 'move.land', pack: JSON.stringify(pack), transfer: into });
    expect(landed.ok, String(landed.error)).toBe(true);
    expect(landed.agent).toMatchObject({ name: 'w', cwd: there });
    expect(git(there, 'log', '--format=%H', '-1')).toBe(head);
    expect(git(there, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('topic');
    expect(git(there, 'status', '--porcelain')).toBe('M a.txt');
    expect(fs.readFileSync(`${there}/a.txt`, 'utf8')).toBe('one, two\n');
    // (a clone from a bundle has no origin when the agent's had none)
    expect(git(there, 'remote')).toBe('');
    await until('it runs there', async () =>
      ((await ask(to.socket, { op: 'read', agent: 'w' })).lines as string[]).includes(`in ${there}`),
    );

    expect(await ask(to.socket, { op: 'move.land', pack: '{"name":1}', transfer: into })).toMatchObject({
      ok: false,
      reason: 'usage',
    });
    const bad = { ...pack, git: { ...pack.git, branch: '--upload-pack=touch /tmp/x' } };
    const refused = await ask(to.socket, { op: 'move.land', pack: JSON.stringify(bad), transfer: into });
    expect(refused).toMatchObject({ ok: false, reason: 'usage', error: 'not a pack: branch is not one' });
    await copy('abcdefabcdef4567');
    const no = await ask(to.socket, {
      op: 'move.land',
      pack: JSON.stringify({
        ...pack,
        name: 'no',
        cwd: `${there}-no`,
        git: { ...pack.git, top: `${there}-no` },
      }),
      transfer: 'abcdefabcdef4567',
    });
    expect(no).toMatchObject({ ok: false, reason: 'refused' });
    expect(String(no.error)).toMatch(/this machine does not take no: \S+arrive.lua:1: not this one/);
    expect(fs.existsSync(`${there}-no`)).toBe(false);
    await ask(from.socket, { op: 'move.part', transfer: p.transfer, drop: true });
  });
});
