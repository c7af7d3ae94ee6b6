import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';

// Container boxes in tests: an image made here from local files (scripts/podman-test-image.sh: no
// registry is reachable), podman configured for this machine, and no container of a test's hub
// left behind.

export const IMAGE = 'botster-test-box';
const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../scripts/podman-test-image.sh',
);
export const hasPodman = spawnSync('podman', ['--version']).status === 0;

/** This machine's folders the bare image links to (its /bin, /lib, ... when they are not links into /usr). */
export const SYSTEM = [
  '/usr',
  ...['/bin', '/sbin', '/lib', '/lib32', '/lib64'].filter((d) => {
    try {
      return fs.lstatSync(d).isDirectory();
    } catch {
      return false;
    }
  }),
];

/** `folders` (and this machine's system) as a Lua list for a box's `mount`. */
export const luaMounts = (folders: readonly string[] = []): string =>
  `{ ${[...SYSTEM, ...folders].map((d) => JSON.stringify(d)).join(', ')} }`;

/** The hub's containers (a label says whose). */
export function ours(tag: string, env: Record<string, string>): string[] {
  const r = spawnSync(
    'podman',
    ['ps', '-a', '--filter', `label=botster.hub=${tag}`, '--format', '{{.Names}}'],
    { encoding: 'utf8', env },
  );
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Podman for one test (call inside a describe): `prepare(dir)` writes a containers.conf there (a
 * machine where podman cannot set its default ulimits, inside a container as CI is, needs none set;
 * runc as the runtime), makes the image, and returns the environment that gives podman (and a hub
 * started with it) that configuration; `track(tag)` names a hub whose containers are removed after.
 */
export function usePodman(): {
  prepare: (dir: string) => { conf: string; env: Record<string, string> };
  track: (tag: string) => void;
} {
  const tags: string[] = [];
  let env: Record<string, string> = {};
  afterEach(() => {
    for (const t of tags.splice(0))
      for (const n of ours(t, env)) spawnSync('podman', ['rm', '-f', '-t', '0', n], { env });
  });
  return {
    prepare(dir) {
      const conf = path.join(dir, 'containers.conf');
      fs.writeFileSync(conf, '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n');
      env = { ...(process.env as Record<string, string>), CONTAINERS_CONF: conf };
      const made = spawnSync('sh', [SCRIPT, IMAGE], { encoding: 'utf8', env, timeout: 120000 });
      expect(made.status, made.stderr).toBe(0);
      return { conf, env };
    },
    track: (tag) => tags.push(tag),
  };
}
