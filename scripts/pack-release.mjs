// `npm run pack:release`: the tarballs a release publishes, in dist/release/:
//   botster-tui-VERSION.tgz                      the package, which names the clients below as
//                                                optional dependencies (npm installs the one for the
//                                                user's CPU, with no compiler and no install script)
//   botster-tui-client-linux-x64-VERSION.tgz     the native client and keeper, statically linked, per CPU
//   botster-tui-client-linux-arm64-VERSION.tgz   (built with Debian's gcc-aarch64-linux-gnu)
//
//   node scripts/pack-release.mjs [--out DIR] [--arch x64,arm64] [--required]
//
// A CPU whose compiler is not on this machine is left out and said (--required: an error). The
// package itself is what `npm pack` makes of the checkout (build it first: npm run build), with the
// optional dependencies added to its package.json.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARCHES = ['x64', 'arm64'];
const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(root, 'dist/release') },
    arch: { type: 'string', default: ARCHES.join(',') },
    required: { type: 'boolean', default: false },
  },
});
const out = path.resolve(opts.out);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const stage = fs.mkdtempSync(path.join(out + '-'));
fs.mkdirSync(out, { recursive: true });

/** `npm pack` of a folder into `out`; the tarball's file name. */
function pack(dir) {
  const said = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(said.slice(said.indexOf('[')))[0];
}

try {
  const clients = {};
  for (const arch of opts.arch.split(',').filter(Boolean)) {
    if (!ARCHES.includes(arch))
      throw new Error(`pack-release: no native client for ${arch} (${ARCHES.join(', ')})`);
    const name = `@botster-tui/client-linux-${arch}`;
    const dir = path.join(stage, `client-linux-${arch}`);
    fs.mkdirSync(dir, { recursive: true });
    const built = spawnSync(
      process.execPath,
      [
        path.join(root, 'scripts/build-native.mjs'),
        '--arch',
        arch,
        '--static',
        '--out',
        path.join(dir, 'botster-tui'),
        ...(opts.required ? ['--required'] : []),
      ],
      { stdio: 'inherit' },
    );
    if (built.status !== 0) process.exit(built.status ?? 1);
    if (!fs.existsSync(path.join(dir, 'botster-tui'))) continue; // said by build-native
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name,
          version: pkg.version,
          description: `botster-tui's native client for Linux on ${arch} (installed with botster-tui)`,
          license: pkg.license,
          os: ['linux'],
          cpu: [arch],
          files: ['botster-tui', 'botster-keeper'],
        },
        null,
        2,
      )}\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'README.md'),
      `# ${name}\n\nThe native client of [botster-tui](https://www.npmjs.com/package/botster-tui) for Linux on ${arch}: npm installs it with botster-tui, whose launcher runs it. Not for use on its own.\n`,
    );
    fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
    clients[name] = pkg.version;
    console.log(`pack-release: ${pack(dir).filename}`);
  }

  // The package as npm pack makes it, with the clients as optional dependencies.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', stage], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = path.join(stage, JSON.parse(packed.slice(packed.indexOf('[')))[0].filename);
  execFileSync('tar', ['xzf', tarball, '-C', stage]);
  const main = path.join(stage, 'package');
  const manifest = JSON.parse(fs.readFileSync(path.join(main, 'package.json'), 'utf8'));
  manifest.optionalDependencies = { ...manifest.optionalDependencies, ...clients };
  // What builds a checkout does not run in an install (the tarball holds the build).
  delete manifest.scripts?.prepare;
  fs.writeFileSync(path.join(main, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`pack-release: ${pack(main).filename}`);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
