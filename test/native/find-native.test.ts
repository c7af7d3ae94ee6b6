import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findNative, platformPackage } from '../../src/wire/find-native.js';

// Where the native programs are found, over the layouts npm makes (faked in temp folders): the
// server's lookup (find-native.ts: the peer's and the keeper's) and bin/botster-tui (sh) must pick
// the same one, and it must be where node itself resolves the platform package.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAUNCHER = path.join(ROOT, 'bin/botster-tui');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botster find-native-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
const PKG = platformPackage('linux', arch)!;

/** The package botster-tui at `root`: its manifest and its launcher (the real one, copied). */
function botsterAt(root: string): string {
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'botster-tui', version: '1.0.0' }),
  );
  fs.copyFileSync(LAUNCHER, path.join(root, 'bin/botster-tui'));
  fs.chmodSync(path.join(root, 'bin/botster-tui'), 0o755);
  // What the launcher runs when it finds no native client.
  fs.writeFileSync(path.join(root, 'bin/botster-tui.js'), "console.log('node client')\n");
  return root;
}

/** Native programs in `dir` that say which they are when run. */
function nativeIn(dir: string, manifest?: string): string {
  fs.mkdirSync(dir, { recursive: true });
  if (manifest)
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: manifest, version: '1.0.0' }));
  for (const p of ['botster-tui', 'botster-keeper']) {
    fs.writeFileSync(path.join(dir, p), `#!/bin/sh\necho "native $0"\n`);
    fs.chmodSync(path.join(dir, p), 0o755);
  }
  return dir;
}

/** What the launcher at `bin` runs: the native client's real path, or "node client". */
function launcherRuns(bin: string): string {
  const r = spawnSync(bin, ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, BOTSTER_NATIVE_CLIENT: '' },
  });
  expect(r.stderr).toBe('');
  const said = r.stdout.trim();
  return said.startsWith('native ') ? fs.realpathSync(said.slice(7)) : said;
}

const real = (p: string | null) => (p ? fs.realpathSync(p) : null);

/** Where node resolves the platform package from the package at `root`. */
function nodeResolves(root: string): string | null {
  try {
    return real(path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${PKG}/package.json`)));
  } catch {
    return null;
  }
}

describe('the native programs, in every layout npm makes', () => {
  const layouts: Array<{
    name: string;
    make: (at: string) => { root: string; bin: string; client: string };
  }> = [
    {
      name: 'global, nested in the package (pkg/node_modules/@botster-tui/client-linux-ARCH)',
      make: (at) => {
        const root = botsterAt(path.join(at, 'lib/node_modules/botster-tui'));
        const client = nativeIn(path.join(root, 'node_modules', PKG), PKG);
        return { root, bin: path.join(root, 'bin/botster-tui'), client };
      },
    },
    {
      name: 'global --prefix, hoisted beside the package (npm i -g of both tarballs), run through npm’s bin link',
      make: (at) => {
        const root = botsterAt(path.join(at, 'lib/node_modules/botster-tui'));
        const client = nativeIn(path.join(at, 'lib/node_modules', PKG), PKG);
        fs.mkdirSync(path.join(at, 'bin'));
        const bin = path.join(at, 'bin/botster-tui');
        fs.symlinkSync('../lib/node_modules/botster-tui/bin/botster-tui', bin);
        return { root, bin, client };
      },
    },
    {
      name: 'a project’s install, hoisted (npm i botster-tui)',
      make: (at) => {
        const root = botsterAt(path.join(at, 'project/node_modules/botster-tui'));
        const client = nativeIn(path.join(at, 'project/node_modules', PKG), PKG);
        return { root, bin: path.join(root, 'bin/botster-tui'), client };
      },
    },
    {
      name: 'botster-tui nested under another package, the client hoisted to the top',
      make: (at) => {
        const root = botsterAt(path.join(at, 'project/node_modules/tool/node_modules/botster-tui'));
        const client = nativeIn(path.join(at, 'project/node_modules', PKG), PKG);
        return { root, bin: path.join(root, 'bin/botster-tui'), client };
      },
    },
    {
      name: 'a checkout with its own build (dist/native) and a package installed too: the build',
      make: (at) => {
        const root = botsterAt(path.join(at, 'checkout'));
        nativeIn(path.join(root, 'node_modules', PKG), PKG);
        const client = nativeIn(path.join(root, 'dist/native'));
        return { root, bin: path.join(root, 'bin/botster-tui'), client };
      },
    },
  ];

  for (const [i, layout] of layouts.entries()) {
    it(layout.name, () => {
      const { root, bin, client } = layout.make(path.join(tmp, `layout-${i}`));
      const tui = findNative('botster-tui', { root, platform: 'linux', arch });
      const keeper = findNative('botster-keeper', { root, platform: 'linux', arch });
      expect(real(tui.path)).toBe(real(path.join(client, 'botster-tui')));
      expect(real(keeper.path)).toBe(real(path.join(client, 'botster-keeper')));
      expect(launcherRuns(bin)).toBe(real(path.join(client, 'botster-tui')));
      if (!client.endsWith('dist/native')) expect(nodeResolves(root)).toBe(real(client));
    });
  }

  it('none: not beside the package without its scope, not a file that cannot run; says where it looked', () => {
    const at = path.join(tmp, 'none');
    const root = botsterAt(path.join(at, 'lib/node_modules/botster-tui'));
    // (where the old lookup looked: the scope dropped)
    nativeIn(path.join(at, 'lib/node_modules', PKG.split('/')[1]));
    const unrunnable = path.join(root, 'dist/native/botster-tui');
    fs.mkdirSync(path.dirname(unrunnable), { recursive: true });
    fs.writeFileSync(unrunnable, '');
    const found = findNative('botster-tui', { root, platform: 'linux', arch });
    expect(found.path).toBeNull();
    expect(found.path === null && found.why).toBe(
      `no native botster-tui found: none in ${path.join(root, 'dist/native')} (a checkout's build, with a C compiler: npm run build) and no ${PKG} where node finds it from ${root} (npm installs it with botster-tui: reinstall without --no-optional or --omit=optional)`,
    );
    expect(launcherRuns(path.join(root, 'bin/botster-tui'))).toBe('node client');
  });

  it('another platform has none, and says so', () => {
    const root = botsterAt(path.join(tmp, 'mac'));
    nativeIn(path.join(root, 'dist/native'));
    expect(findNative('botster-tui', { root, platform: 'darwin', arch: 'arm64' })).toEqual({
      path: null,
      why: 'no native botster-tui is made for darwin',
    });
  });

  it('this checkout: its own build', () => {
    const built = path.join(ROOT, 'dist/native/botster-tui');
    expect(findNative('botster-tui').path).toBe(fs.existsSync(built) ? built : null);
  });
});
