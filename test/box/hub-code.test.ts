import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Box } from '../../src/box/box.js';
import { bwrapArgs } from '../../src/box/bwrap-args.js';
import { boxPlace } from '../../src/box/box-place.js';
import { boxPlan } from '../../src/box/box-plan.js';
import { podmanArgs } from '../../src/box/podman-args.js';
import { cacheFolder } from '../../src/wire/cache-folder.js';

// What the hub runs (node's install, its own package) and loads (its caches) is not a box's to
// write, even when the box writes the folder around it: what an agent planted there would run
// outside its box. (test/box/box-doors.test.ts plants in the caches from a real box.)

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-code-'));
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

/** The pairs of `flag SRC DST` in bwrap's arguments. */
const mounts = (args: string[], flag: string) =>
  args.flatMap((a, i) => (a === flag ? [`${args[i + 1]} ${args[i + 2]}`] : []));

describe("the hub's own code in a box", () => {
  it('node, the package and the PATH inside a folder it writes are read-only there; the folder itself stays written', () => {
    // (a folder it writes that holds them: a home is never one, test/box/box-home.test.ts)
    const dev = tmp();
    const home = tmp();
    const node = path.join(dev, '.nvm', 'versions', 'node', 'v20');
    const pkg = path.join(dev, '.npm-global', 'lib', 'node_modules', 'botster-tui');
    const caches = path.join(dev, '.cache', 'botster-tui');
    const onPath = path.join(dev, '.npm-global', 'bin');
    for (const d of [node, pkg, caches, onPath]) fs.mkdirSync(d, { recursive: true });
    const place = { cwd: dev, home, runs: [node, pkg], caches, path: [onPath, '/usr/bin'] };
    const argv = { file: '/bin/sh', args: [] };

    const bwrap = bwrapArgs(boxPlan(box(), place, argv));
    expect(mounts(bwrap, '--bind')).toContain(`${dev} ${dev}`);
    for (const d of [node, pkg, onPath]) expect(mounts(bwrap, '--ro-bind')).toContain(`${d} ${d}`);
    // (after the folder's own bind: the later mount wins)
    expect(bwrap.lastIndexOf(pkg)).toBeGreaterThan(bwrap.indexOf(dev));
    expect(bwrap.join(' ')).toContain(`--tmpfs ${caches}`);

    const pod = podmanArgs(boxPlan(box({ runner: 'podman', image: 'x' }), place, argv), {
      id: '1',
      name: 'c',
      hub: 'h',
      image: 'x',
    }).join(' ');
    for (const d of [node, pkg, onPath]) expect(pod).toContain(`type=bind,src=${d},dst=${d},ro=true`);
    expect(pod).toContain(`type=tmpfs,dst=${caches},notmpcopyup`);

    // A checkout of the hub the agent works on (its folder is the package): written.
    const work = bwrapArgs(boxPlan(box(), { ...place, cwd: pkg }, argv));
    expect(mounts(work, '--bind')).toContain(`${pkg} ${pkg}`);
    // (the last mount there wins: a read-only one of the private /tmp's, if any, comes before)
    const last = work
      .map((a, i) => [a, work[i + 1], work[i + 2]].join(' '))
      .filter((m) => m.endsWith(`${pkg} ${pkg}`));
    expect(last.pop()).toBe(`--bind ${pkg} ${pkg}`);
  });

  it('an install under /tmp: node, the package and the native client beside it are there in the private /tmp, read-only', () => {
    // (npm i -g --prefix puts the client's package beside the hub's, not inside it: the box's
    // network bridge runs it, and without it a boxed agent from such an install reached nothing)
    const prefix = tmp();
    const node = path.join(prefix, 'node');
    const pkg = path.join(prefix, 'lib', 'node_modules', 'botster-tui');
    const client = path.join(prefix, 'lib', 'node_modules', '@botster-tui', 'client-linux-x64');
    for (const d of [node, pkg, client]) fs.mkdirSync(d, { recursive: true });
    const place = { cwd: tmp(), home: tmp(), runs: [node, pkg, client] };
    for (const read of ['all', 'folder'] as const) {
      const args = bwrapArgs(boxPlan(box({ read }), place, { file: '/bin/sh', args: [] }));
      for (const d of [node, pkg, client]) expect(mounts(args, '--ro-bind')).toContain(`${d} ${d}`);
    }
  });

  it("is what the hub runs now: this node, this package, the server's caches", () => {
    const place = boxPlace('/somewhere', { HOME: '/h' });
    expect(place.runs).toEqual([
      path.dirname(path.dirname(process.execPath)),
      path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..'),
    ]);
    expect(place.caches).toBe(cacheFolder(process.env));
  });
});
