import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from './version.js';

// Where this install's native programs are (src/native/: the client, which also reads a control
// socket's peer from the kernel, and the keeper): the one rule the server's peer lookup, the keeper
// lookup and bin/botster-tui follow (the launcher is sh and cannot call this, so
// test/native/find-native.test.ts runs it over the same layouts and wants the same pick).

/** A native program of this package. */
export type NativeProgram = 'botster-tui' | 'botster-keeper';

/** Where a program was found, or why there is none here (said to the user as it is). */
export type NativeFound = { path: string } | { path: null; why: string };

/** The package npm installs the prebuilt programs from on this machine; null: none is made for it. */
export function platformPackage(
  platform: string = process.platform,
  arch: string = process.arch,
): string | null {
  return platform === 'linux' && (arch === 'x64' || arch === 'arm64')
    ? `@botster-tui/client-linux-${arch}`
    : null;
}

export interface NativeWhere {
  /** The package's folder (default: this install's, found above this file). */
  root?: string | null;
  platform?: string;
  arch?: string;
}

/**
 * Where `program` runs from: the checkout's own build (dist/native), else the platform package
 * where node itself resolves it from the package (nested in it, hoisted beside it in a project's
 * or a global prefix's node_modules: every layout npm makes). An executable file, or why none.
 */
export function findNative(program: NativeProgram, where: NativeWhere = {}): NativeFound {
  const root = where.root === undefined ? (packageRoot()?.dir ?? null) : where.root;
  const platform = where.platform ?? process.platform;
  const arch = where.arch ?? process.arch;
  // SO_PEERCRED and the keeper's PTY handling are Linux's: elsewhere there is nothing to find.
  if (platform !== 'linux') return { path: null, why: `no native ${program} is made for ${platform}` };
  if (!root) return { path: null, why: `no native ${program}: the botster-tui package was not found` };
  const built = path.join(root, 'dist', 'native');
  const dirs = [built];
  const pkg = platformPackage(platform, arch);
  if (pkg) {
    try {
      dirs.push(path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${pkg}/package.json`)));
    } catch {
      // npm installed no platform package (another CPU, --no-optional, a checkout without a build)
    }
  }
  for (const dir of dirs) {
    const bin = path.join(dir, program);
    if (executable(bin)) return { path: bin };
  }
  return {
    path: null,
    why:
      `no native ${program} found: none in ${built} (a checkout's build, with a C compiler: npm run build)` +
      (pkg
        ? ` and no ${pkg} where node finds it from ${root} (npm installs it with botster-tui: reinstall without --no-optional or --omit=optional)`
        : ` and none is made for Linux on ${arch}`),
  };
}

function executable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let client: NativeFound | undefined;
/** The native client (as bin/botster-tui finds it), found once: the peer-cred helper, a box's network bridge. */
export function nativeClient(): NativeFound {
  return (client ??= findNative('botster-tui'));
}
