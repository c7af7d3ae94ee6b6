import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';

// An npm registry on 127.0.0.1 that serves the tarballs it is given (and manifests with no
// tarball, for packages npm only needs to see are for another OS or CPU): an install from it
// resolves names and optional dependencies exactly as from the real one, with no network.

export interface LocalRegistry {
  url: string;
  close(): Promise<void>;
}

type Manifest = Record<string, unknown> & { name: string; version: string };

function manifestOf(tarball: string): Manifest {
  // (the folder inside is package/ for most, the package's own name for some, @types/* among them)
  const inside = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .find((f) => /^[^/]+\/package\.json$/.test(f));
  if (!inside) throw new Error(`${tarball}: no package.json at its top`);
  return JSON.parse(execFileSync('tar', ['xzfO', tarball, inside], { encoding: 'utf8' }));
}

export async function localRegistry(tarballs: string[], bare: Manifest[] = []): Promise<LocalRegistry> {
  const versions = new Map<string, Map<string, Manifest>>();
  const files = new Map<string, string>();
  const add = (m: Manifest) => {
    if (!versions.has(m.name)) versions.set(m.name, new Map());
    versions.get(m.name)!.set(m.version, m);
  };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = files.get(url);
    if (file) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    const name = url.slice(1);
    const known = versions.get(name);
    if (!known) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    const latest = [...known.keys()].pop()!;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, 'dist-tags': { latest }, versions: Object.fromEntries(known) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const tarball of tarballs) {
    const m = manifestOf(tarball);
    const at = `/${m.name}/-/${path.basename(tarball)}`;
    files.set(at, tarball);
    const integrity = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
    add({ ...m, dist: { tarball: `${url}${at}`, integrity } });
  }
  for (const m of bare) if (!versions.get(m.name)?.has(m.version)) add(m);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The packages this checkout's package-lock.json installs for users (not dev): the tarballs of
 * those this machine has (from npm's cache, where npm ci left them: no network), and the
 * manifests of the rest (another OS's or CPU's builds).
 */
export function lockedDependencies(root: string, dest: string): { tarballs: string[]; bare: Manifest[] } {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Manifest & { dev?: boolean; resolved?: string }>;
  };
  fs.mkdirSync(dest, { recursive: true });
  // A lock without addresses: npm ci fetched each from the registry's usual one.
  const from = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' })
    .trim()
    .replace(/\/$/, '');
  const address = (name: string, version: string) =>
    `${from}/${name}/-/${name.split('/').pop()}-${version}.tgz`;
  const tarballs: string[] = [];
  const bare: Manifest[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where || entry.dev) continue;
    const name = where.replace(/^.*node_modules\//, '');
    if (!fs.existsSync(path.join(root, where))) {
      const { resolved: _r, integrity: _i, dev: _d, optional: _o, ...m } = entry;
      bare.push({ ...m, name });
      continue;
    }
    const said = execFileSync(
      'npm',
      [
        'pack',
        '--offline',
        '--ignore-scripts',
        '--json',
        '--pack-destination',
        dest,
        entry.resolved ?? address(name, entry.version),
      ],
      { cwd: dest, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    tarballs.push(path.join(dest, JSON.parse(said.slice(said.indexOf('[')))[0].filename));
  }
  return { tarballs, bare };
}
