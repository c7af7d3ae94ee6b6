import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Lua's compiler is most of what building a configuration costs (~150 KB of lua/core and
// lua/default parsed in wasm on every start and every reload). A chunk compiled once is kept as
// its bytecode (with its debug information: errors and tracebacks read the same), by its name and
// source text: loading bytecode skips the parser. Only bytecode this thread's own Lua made from that
// exact text is ever loaded. The Lua worker also keeps it on disk, in the private folder V8's code
// cache uses (src/cli/code-cache.ts): the next start loads the shipped Lua without parsing it.

/** Bytes of bytecode kept in memory at most (the least recently loaded go first). */
const MAX_BYTES = 8 * 1024 * 1024;
/** A cache file bigger than this is not read. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** How long after the last new chunk the disk cache is written: start-up is over by then. */
const SAVE_AFTER_MS = 2500;
const DIGEST_BYTES = 20;
/** Another place's file not written for this long is dropped by the next save (its install is likely gone). */
const STALE_MS = 30 * 24 * 3600 * 1000;
const digest = (data: Uint8Array) => crypto.createHash('sha1').update(data).digest();

export class ChunkCache {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;
  /** Keys loaded or compiled in this process: what a save keeps (others are stale or unused). */
  private readonly touched = new Set<string>();
  private file: string | null = null;
  /** What other places' files of this Lua build are called (dropped once stale). */
  private others: { prefix: string; legacy: string | null } | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;

  /** The key of a chunk: its bytecode depends on its name (kept in it) and its text. */
  key(source: string, chunkName: string): string {
    return crypto.createHash('sha1').update(chunkName).update('\0').update(source).digest('base64');
  }

  get(key: string): Uint8Array | undefined {
    const code = this.entries.get(key);
    if (!code) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, code);
    this.touch(key);
    return code;
  }

  set(key: string, code: Uint8Array): void {
    this.drop(key);
    this.entries.set(key, code);
    this.bytes += code.length;
    for (const [k, c] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.entries.delete(k);
      this.touched.delete(k);
      this.bytes -= c.length;
    }
    this.dirty = true;
    this.touch(key);
  }

  /** Forgets a chunk (its bytecode did not load). */
  drop(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.length;
  }

  /**
   * Keeps the cache in `dir` too (null: memory only), in a file named for `format` (the Lua build:
   * another one's bytecode may not load) and `place` (the install it serves, as V8's code cache is
   * kept: a save keeps only the chunks its process used, so two installs sharing one file, another
   * build's shipped Lua in each, would each find the other's at every start and compile its own
   * again). Reads what a previous process saved.
   */
  useDisk(dir: string | null, format: string | null, place?: string): void {
    if (!dir || !format) return;
    const named = `lua-chunks-${format.replace(/[^\w.-]/g, '_')}`;
    const where = place
      ? `-${crypto.createHash('sha256').update(path.resolve(place)).digest('hex').slice(0, 12)}`
      : '';
    const file = path.join(dir, `${named}${where}.bin`);
    this.others = { prefix: `${named}-`, legacy: where ? `${named}.bin` : null };
    try {
      if (fs.statSync(file).size <= MAX_FILE_BYTES)
        for (const [k, c] of decode(fs.readFileSync(file))) if (!this.entries.has(k)) this.set(k, c);
    } catch {
      // none yet, or unreadable: compiled from source and written anew
    }
    this.dirty = false;
    this.touched.clear();
    this.file = file;
  }

  /** Writes the chunks this process used, if it compiled any new one (what the timer does). */
  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    const keep = [...this.entries].filter(([k]) => this.touched.has(k));
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.writeFileSync(tmp, encode(keep), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      // a read-only or full disk: the next start compiles again
      fs.rmSync(tmp, { force: true });
      return;
    }
    this.dropStale();
  }

  /**
   * Other places' files not written for a month (their install is likely gone), the one named before
   * places were among them (an older install still writes it: dropped sooner, it would compile again).
   */
  private dropStale(): void {
    if (!this.file || !this.others) return;
    const dir = path.dirname(this.file);
    const { prefix, legacy } = this.others;
    try {
      for (const other of fs.readdirSync(dir)) {
        const at = path.join(dir, other);
        if (at === this.file || !other.endsWith('.bin')) continue;
        if ((other === legacy || other.startsWith(prefix)) && Date.now() - fs.statSync(at).mtimeMs > STALE_MS)
          fs.rmSync(at, { force: true });
      }
    } catch {
      // gone meanwhile, or unreadable: left as it is
    }
  }

  private touch(key: string): void {
    this.touched.add(key);
    if (this.dirty && this.file && !this.timer) {
      this.timer = setTimeout(() => this.save(), SAVE_AFTER_MS);
      this.timer.unref();
    }
  }
}

/** The file: a SHA-1 of the rest, then for each chunk its key and its bytecode, each length-prefixed. */
function encode(entries: Array<[string, Uint8Array]>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, c] of entries) {
    const key = Buffer.from(k, 'utf8');
    const head = Buffer.alloc(8);
    head.writeUInt32LE(key.length, 0);
    head.writeUInt32LE(c.length, 4);
    parts.push(head, key, Buffer.from(c.buffer, c.byteOffset, c.length));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([digest(body), body]);
}

/** The chunks of a file; none when it is damaged (a damaged bytecode could crash the Lua state). */
function decode(file: Buffer): Array<[string, Uint8Array]> {
  const body = file.subarray(DIGEST_BYTES);
  if (body.length === 0 || !digest(body).equals(file.subarray(0, DIGEST_BYTES))) return [];
  const out: Array<[string, Uint8Array]> = [];
  let at = 0;
  while (at + 8 <= body.length) {
    const keyLen = body.readUInt32LE(at);
    const codeLen = body.readUInt32LE(at + 4);
    at += 8;
    if (at + keyLen + codeLen > body.length) return [];
    const key = body.toString('utf8', at, at + keyLen);
    at += keyLen;
    out.push([key, new Uint8Array(body.subarray(at, at + codeLen))]);
    at += codeLen;
  }
  return out;
}

/** This thread's chunks (every engine of a thread shares one wasm module). */
export const chunkCache = new ChunkCache();
