import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectChanges, projectFileHashes, type ProjectChanges } from './projects.js';

// Which projects' `.botster/` the user trusted, per folder and contents. The hash of the contents
// is anyone's to compute, so a record is trust only with the hub's seal: an HMAC of the folder and
// the hash under a key the hub made (HOME/trust.key, 0600). A record without it (written by another
// program, or before seals) is no trust: the project asks again, and the log says why.

/** A trust as recorded: the hash of `.botster/` and of each of its files, when, and the hub's seal. */
interface Trusted {
  hash: string;
  files?: Record<string, string>;
  at: string;
  seal?: string;
}

export interface TrustStatus {
  trusted: boolean;
  changed: boolean;
  changes: ProjectChanges | null;
  /** A record is there but the hub did not seal it: not trusted, whatever it says. */
  unsealed: boolean;
}

/** `$BOTSTER_HOME/trusted-projects.json`: project folder -> the hash of `.botster/` the user trusted. */
export class TrustStore {
  constructor(private readonly home: string) {}

  private get file(): string {
    return path.join(this.home, 'trusted-projects.json');
  }

  private get keyFile(): string {
    return path.join(this.home, 'trust.key');
  }

  private read(): Record<string, Trusted> {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, Trusted>)
        : {};
    } catch {
      return {};
    }
  }

  /** The key once read (a project's every refresh asks). */
  private known: Buffer | null = null;

  /** The hub's key; made (once, by whoever comes first) when `make`, else null while there is none. */
  private key(make: boolean): Buffer | null {
    if (this.known) return this.known;
    try {
      const k = fs.readFileSync(this.keyFile);
      if (k.length >= 32) return (this.known = k);
    } catch {
      // none yet
    }
    if (!make) return null;
    fs.mkdirSync(this.home, { recursive: true });
    const tmp = `${this.keyFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, crypto.randomBytes(32), { mode: 0o600 });
    // (a link fails when another made the key meanwhile: theirs is the key)
    try {
      fs.linkSync(tmp, this.keyFile);
    } catch {
      // kept theirs
    }
    fs.rmSync(tmp, { force: true });
    return (this.known = fs.readFileSync(this.keyFile));
  }

  private sealOf(key: Buffer, root: string, hash: string): string {
    return crypto.createHmac('sha256', key).update(`${root}\0${hash}`).digest('hex');
  }

  private sealed(root: string, t: Trusted): boolean {
    const key = this.key(false);
    if (!key || typeof t.seal !== 'string') return false;
    const want = Buffer.from(this.sealOf(key, root, t.hash));
    const got = Buffer.from(t.seal);
    return got.length === want.length && crypto.timingSafeEqual(got, want);
  }

  /**
   * trusted: the user trusted these exact contents (a record the hub sealed); changed: they trusted
   * it, then it changed, and `changes` says which files (null when the trust predates the record of
   * its files); unsealed: a record the hub did not seal, which is no trust.
   */
  status(root: string, hash: string): TrustStatus {
    const t = this.read()[root];
    if (t && !this.sealed(root, t)) return { trusted: false, changed: false, changes: null, unsealed: true };
    const changed = !!t && t.hash !== hash;
    return {
      trusted: !!t && t.hash === hash,
      changed,
      changes: changed ? projectChanges(t.files, projectFileHashes(root)) : null,
      unsealed: false,
    };
  }

  trust(root: string, hash: string, files: Record<string, string> = projectFileHashes(root)): void {
    const all = this.read();
    const seal = this.sealOf(this.key(true)!, root, hash);
    all[root] = { hash, files, at: new Date().toISOString(), seal };
    this.write(all);
  }

  untrust(root: string): void {
    const all = this.read();
    delete all[root];
    this.write(all);
  }

  private write(all: Record<string, unknown>): void {
    fs.mkdirSync(this.home, { recursive: true });
    // a whole file or none: written aside, then renamed over
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
