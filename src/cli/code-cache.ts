import crypto from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { trace } from '../trace/trace.js';
import { cacheFolder } from '../wire/cache-folder.js';

// The hub server runs the CLI as one CommonJS script (dist/bundle/cli.cjs) compiled with V8's code
// cache: compiling ~750 KB of JavaScript (and the functions start-up calls) is most of what a
// server spends before its first frame, and the cache turns it into a fast load (Node 20 caches no
// ES modules). The cache is made once per build and node version, per user, where nobody else can
// write (a cache is code that runs). A missing, stale or broken cache costs speed only: V8 rejects
// what does not fit, and we then compile from source and write a new one.

/** How long after the start the cache is made: by then start-up has compiled what it runs. */
const SAVE_AFTER_MS = 2500;

export interface CachedScript {
  /** Whether it was compiled from a cache V8 accepted. */
  cached: boolean;
  /** Runs it as node runs a CommonJS module; the cache is written a while later if it was not used. */
  run(): void;
  /** Writes the cache now (nothing when it was used or is written already): what that timer does. */
  save(): void;
}

/**
 * Compiles `file`, a CommonJS bundle whose last line names its build (`//# build=HASH`), with the
 * code cache kept in `dir` (null: none).
 */
export function compileCached(file: string, dir: string | null = cacheDir()): CachedScript {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = dir ? cacheName(file, buildOf(source.slice(-200)), dir) : undefined;
  let found: Buffer | undefined;
  try {
    if (cacheFile) found = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const cachedData = found && intact(found);
  // (No import() in it: a script compiled with node:vm has no module loader for one.)
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  trace(
    `${isMainThread ? 'bin' : 'lua worker'}: ${path.basename(file)} compiled (${cached ? 'from the code cache' : found ? 'the code cache was rejected' : 'no code cache'})`,
  );
  let saved = cached || !cacheFile;
  if (cachedData !== undefined && !cached) {
    // V8 refused a cache that is whole: it was made under other V8 flags, or this process runs
    // under others (a V8 flag in NODE_OPTIONS, say). What this process would write fits only
    // those: none is written, and the next start writes one.
    saved = true;
    fs.rmSync(cacheFile!, { force: true });
  }
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      const data = script.createCachedData();
      writeCache(cacheFile!, Buffer.concat([digest(data), data]));
    } catch {
      // a read-only or full disk: the next start compiles again
    }
  };
  const run = () => {
    if (!saved) setTimeout(save, SAVE_AFTER_MS).unref();
    const mod = new Module(file);
    mod.filename = file;
    (script.runInThisContext() as (...args: unknown[]) => void).call(
      mod.exports,
      mod.exports,
      Module.createRequire(file),
      mod,
      file,
      path.dirname(file),
    );
  };
  return { cached, run, save };
}

const buildOf = (tail: string) => /\/\/# build=(\w+)\s*$/.exec(tail)?.[1];

/**
 * `NAME-BUILD-PLACE-NODE-ARCH.v8`. PLACE is the script's own path: V8 keeps a script's file name in
 * its cache, and a cache made by another checkout or install of the same build would name that
 * one's files in every stack trace (their source maps, when it is gone, with them).
 */
function cacheName(file: string, build: string | undefined, dir: string): string | undefined {
  if (!build) return undefined;
  const place = crypto.createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 12);
  return path.join(
    dir,
    `${path.basename(file, '.cjs')}-${build}-${place}-${process.version}-${process.arch}.v8`,
  );
}

/** A cache file's name, build and place; undefined for any other file. */
const partsOf = (name: string) => /^(.*)-(\w+)-(\w+)-v[\d.]+-\w+\.v8$/.exec(name)?.slice(1);

/** Another place's cache not written for this long is dropped by the next write (its install is likely gone). */
const STALE_MS = 30 * 24 * 3600 * 1000;

/**
 * Where this user's code caches live: `$XDG_CACHE_HOME/botster-tui`, else `~/.cache/botster-tui`;
 * made private (0700) if missing, and refused (null: no cache) unless it is ours alone.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const dir = cacheFolder(env);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return null;
    return (st.mode & 0o022) === 0 ? dir : null;
  } catch {
    return null;
  }
}

// V8 checks a cache's version, flags and source length, but its checksum only with a flag (which
// also makes every worker thread check node's own snapshot as it starts: ~20 ms): a damaged cache
// would crash the process instead of being rejected. So the file starts with a digest of the rest.
const digest = (data: Buffer) => crypto.createHash('sha1').update(data).digest();
const DIGEST_BYTES = 20;

/** The cache in a file, or undefined when it is damaged (or empty: V8 would call that accepted). */
function intact(file: Buffer): Buffer | undefined {
  const data = file.subarray(DIGEST_BYTES);
  return data.length > 0 && digest(data).equals(file.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

/**
 * Replaces the cache in one step (a reader never sees half a file) and drops its place's caches of
 * other builds, and other places' caches that were not written for a month.
 */
function writeCache(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
  const [name, build, place] = partsOf(path.basename(file)) ?? [];
  const dir = path.dirname(file);
  for (const other of fs.readdirSync(dir)) {
    const [n, b, p] = partsOf(other) ?? [];
    const at = path.join(dir, other);
    // (named before places were: NAME-BUILD-NODE-ARCH.v8)
    if (/^(.*)-\w+-v[\d.]+-\w+\.v8$/.exec(other)?.[1] === name) fs.rmSync(at, { force: true });
    if (n !== name || other === path.basename(file)) continue;
    try {
      if ((p === place && b !== build) || Date.now() - fs.statSync(at).mtimeMs > STALE_MS)
        fs.rmSync(at, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}
