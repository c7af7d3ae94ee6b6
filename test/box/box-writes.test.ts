import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Box } from '../../src/box/box.js';
import { bwrapArgs } from '../../src/box/bwrap-args.js';
import { boxPlan } from '../../src/box/box-plan.js';
import { podmanArgs } from '../../src/box/podman-args.js';
import { boxWrites, holdsHome } from '../../src/box/box-writes.js';

// What a box writes, as both runners make it: never a folder that holds your home, and a protected
// name not there yet is as protected as one that is. (Real boxes: box-home.test.ts.)

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'box-writes-'));
  dirs.push(d);
  return d;
}

const box = (over: Partial<Box> = {}): Box => ({
  name: 'default',
  runner: 'bwrap',
  network: true,
  read: 'all',
  write: [],
  hide: [],
  protect: [],
  env: {},
  unset: [],
  ...over,
});
const argv = { file: '/bin/sh', args: [] };

/** bwrap's `flag SRC DST` pairs, in order. */
const pairs = (args: string[], flag: string) =>
  args.flatMap((a, i) => (a === flag ? [`${args[i + 1]} ${args[i + 2]}`] : []));
/** podman's mounts of `dst`, in words (`rw`, `ro`). */
const podMounts = (args: string[]) =>
  args.flatMap((a, i) => {
    if (a !== '--mount') return [];
    const m = /dst=([^,]+)/.exec(args[i + 1]);
    return m ? [`${m[1]} ${args[i + 1].includes('ro=true') ? 'ro' : 'rw'}`] : [];
  });
const pod = (b: Box, place: { cwd: string; home: string }) =>
  podMounts(
    podmanArgs(boxPlan({ ...b, runner: 'podman', image: 'x' }, place, argv), {
      id: '1',
      name: 'c',
      hub: 'h',
      image: 'x',
    }),
  );

describe('a box and your home', () => {
  it('holds your home: the home, a folder above it, /', () => {
    const home = tmp();
    expect(holdsHome(home, home)).toBe(true);
    expect(holdsHome(path.dirname(home), home)).toBe(true);
    expect(holdsHome('/', home)).toBe(true);
    expect(holdsHome(path.join(home, 'src'), home)).toBe(false);
    // (through a link to it, too)
    const link = path.join(tmp(), 'h');
    fs.symlinkSync(home, link);
    expect(holdsHome(link, home)).toBe(true);
  });

  it('started in your home (or above it) it writes its CLI folders only, and sees its folder read-only', () => {
    const home = tmp();
    fs.mkdirSync(path.join(home, 'src'));
    const b = box({ write: ['~/.cli/', '~/', '/'] });
    for (const cwd of [home, path.dirname(home), '/']) {
      const place = { cwd, home };
      expect([...boxWrites(b, place)]).toEqual([path.join(home, '.cli')]);
      const args = bwrapArgs(boxPlan(b, place, argv));
      expect(pairs(args, '--bind')).toEqual([`${path.join(home, '.cli')} ${path.join(home, '.cli')}`]);
      expect(args.slice(args.indexOf('--chdir'), args.indexOf('--chdir') + 2)).toEqual(['--chdir', cwd]);
      expect(pod(b, place).filter((m) => m.endsWith(' rw'))).toEqual([`${path.join(home, '.cli')} rw`]);
    }
    // A box that reads only its folders still has its folder to stand in, read-only.
    const strict = bwrapArgs(boxPlan(box({ read: 'folder' }), { cwd: home, home }, argv));
    expect(pairs(strict, '--ro-bind')).toContain(`${home} ${home}`);
    expect(pod(box({ read: 'folder' }), { cwd: home, home })).toContain(`${home} ro`);
    // Its project inside your home: written as ever.
    const src = path.join(home, 'src');
    expect(pairs(bwrapArgs(boxPlan(b, { cwd: src, home }, argv)), '--bind')).toContain(`${src} ${src}`);
    // Folders given to it (an agent's box, a record) that hold the home: not written either.
    expect([...boxWrites(box({ folders: [home, src] }), { cwd: src, home })]).toEqual([src]);
  });

  it('a protected name not there yet cannot be made: the folder above it that is there is read-only', () => {
    const home = tmp();
    const proj = path.join(home, 'proj');
    fs.mkdirSync(path.join(proj, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(proj, 'kept'), '');
    const b = box({
      protect: [`${proj}/kept`, `${proj}/sub/hooks/`, `${proj}/.envrc`, '~/.gitconfig'],
    });
    const place = { cwd: proj, home };
    const args = bwrapArgs(boxPlan(b, place, argv));
    const ro = pairs(args, '--ro-bind');
    for (const p of [path.join(proj, 'kept'), path.join(proj, 'sub'), proj]) {
      expect(ro).toContain(`${p} ${p}`);
      // (after its folder's own bind: the later mount wins)
      expect(args.lastIndexOf(p)).toBeGreaterThan(args.indexOf('--bind'));
    }
    // (~/.gitconfig is not inside what it writes: the home is read-only anyway)
    expect(ro.join('\n')).not.toContain('.gitconfig');
    const mounts = pod(b, place);
    for (const p of [path.join(proj, 'kept'), path.join(proj, 'sub')]) expect(mounts).toContain(`${p} ro`);
    // (podman: one mount per place, the last one said wins)
    expect(mounts).toContain(`${proj} ro`);
    expect(mounts).not.toContain(`${proj} rw`);
    // Nothing was made for it: your files are as they were.
    expect(fs.existsSync(path.join(proj, '.envrc'))).toBe(false);
    expect(fs.existsSync(path.join(proj, 'sub', 'hooks'))).toBe(false);
  });
});
