import { spawn } from 'node:child_process';
import { tempHome } from './homes.js';
import fs from 'node:fs';
import net from 'node:net';

// A temp home as every test makes one (short enough for a unix socket's 107 bytes).
export { tempHome };

/** A raw connection that reads reply lines one by one, for tests that misbehave on purpose. */
export class RawClient {
  readonly sock: net.Socket;
  private buf = '';
  private lines: string[] = [];
  private waiters: Array<() => void> = [];
  ended = false;
  readonly closed: Promise<void>;
  errors: string[] = [];

  constructor(socketPath: string) {
    this.sock = net.createConnection(socketPath);
    this.sock.setEncoding('utf8');
    this.sock.on('data', (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) !== -1) {
        this.lines.push(this.buf.slice(0, nl));
        this.buf = this.buf.slice(nl + 1);
      }
      this.wake();
    });
    this.sock.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.sock.on('error', (e: NodeJS.ErrnoException) => this.errors.push(e.code ?? e.message));
    this.closed = new Promise((resolve) =>
      this.sock.on('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.sock.connecting) return resolve();
      this.sock.once('connect', () => resolve());
      this.sock.once('error', reject);
    });
  }

  send(text: string): void {
    this.sock.write(text);
  }

  /** The next reply line parsed, or null when the connection ended first. */
  async next(): Promise<Record<string, unknown> | null> {
    while (this.lines.length === 0) {
      if (this.ended) return null;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    return JSON.parse(this.lines.shift()!) as Record<string, unknown>;
  }

  async take(n: number): Promise<Array<Record<string, unknown> | null>> {
    const out: Array<Record<string, unknown> | null> = [];
    for (let i = 0; i < n; i++) out.push(await this.next());
    return out;
  }

  destroy(): void {
    this.sock.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** A socket file left behind by a hub that was killed: a child binds it, then dies by SIGKILL. */
export async function makeStaleSocket(socketPath: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    child.on('exit', (code) => reject(new Error(`stale-socket child exited early (${code})`)));
  });
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  if (!fs.lstatSync(socketPath).isSocket()) throw new Error('no stale socket left');
}

/** A promise with its resolve handle, so tests can hold a handler open without timing anything. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Per-file cleanup: `cleanups` run in reverse after each test (register it with
 * `afterEach(runCleanups)`), and `home()` is a temp home removed afterwards.
 */
export function cleanupKit(): {
  cleanups: Array<() => Promise<void> | void>;
  runCleanups: () => Promise<void>;
  home: () => string;
} {
  const cleanups: Array<() => Promise<void> | void> = [];
  return {
    cleanups,
    runCleanups: async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    },
    home: () => {
      const h = tempHome();
      cleanups.push(() => fs.rmSync(h, { recursive: true, force: true }));
      return h;
    },
  };
}
