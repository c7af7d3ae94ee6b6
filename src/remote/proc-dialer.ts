import { spawn } from 'node:child_process';
import { ControlClientError } from '../wire/control-client.js';
import type { Dialed, Dialer } from '../wire/dialer.js';
import { ChildStream } from './child-stream.js';
import { parseHello, versionMismatch, type ProxyHello } from '../wire/proxy-hello.js';

// A hub reached through a command whose stdio is `botster-tui proxy` somewhere: ssh HOST ..., or
// (tests, the bench) the proxy itself. Each dial runs the command once; the proxy's hello line
// comes first, and the way the command fails says what went wrong in one line.

/** Most a remote shell may print before the hello (a chatty login script) before we give up. */
const MAX_BEFORE_HELLO = 64 * 1024;
const STDERR_KEPT = 4096;

export interface ProcDialerOptions {
  /** How messages name the hub ("devbox"). */
  label: string;
  /** The program and its arguments. */
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** Turns the command's failure (it ended before the hello) into the line the user reads. */
  failure: (f: {
    code: number | null;
    signal: string | null;
    stderr: string;
    noise: string;
  }) => ControlClientError;
  /** What to say when the hub said there is none (the proxy ran with --no-start). */
  noHub?: string;
  /** Called with the command's stderr as it comes after the hello (a link's log). */
  onStderr?: (text: string) => void;
}

export function procDialer(o: ProcDialerOptions): Dialer {
  return { label: o.label, dial: () => dial(o) };
}

function dial(o: ProcDialerOptions): Promise<Dialed> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = o.argv;
    let child;
    try {
      child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: o.env ?? process.env });
    } catch (err) {
      return reject(new ControlClientError('LINK', `cannot run ${file}: ${(err as Error).message}`));
    }
    let stderr = '';
    let noise = '';
    let pending: Buffer = Buffer.alloc(0);
    let settled = false;
    const fail = (e: ControlClientError) => {
      if (settled) return;
      settled = true;
      child.stdout.off('data', onData);
      child.stdin.end();
      if (child.exitCode === null) child.kill('SIGTERM');
      reject(e);
    };
    const onErr = (d: Buffer) => {
      const text = d.toString('utf8');
      if (settled) return o.onStderr?.(text);
      stderr = (stderr + text).slice(-STDERR_KEPT);
    };
    const onData = (d: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, d]) : d;
      for (let nl = pending.indexOf(10); nl >= 0; nl = pending.indexOf(10)) {
        const line = pending.subarray(0, nl).toString('utf8').replace(/\r$/, '');
        pending = pending.subarray(nl + 1);
        const hello = parseHello(line);
        if (hello) return answered(hello, pending);
        noise = (noise + line + '\n').slice(-STDERR_KEPT);
      }
      if (pending.length > MAX_BEFORE_HELLO)
        fail(
          new ControlClientError(
            'LINK',
            `${o.label}: no answer from botster-tui proxy in the first ${MAX_BEFORE_HELLO} bytes; it printed: ${lastLine(noise + pending.toString('utf8'))}`,
          ),
        );
    };
    const answered = (hello: ProxyHello, rest: Buffer) => {
      child.stdout.off('data', onData);
      child.stdout.pause();
      if (!hello.ok) {
        const e =
          hello.reason === 'no_hub'
            ? new ControlClientError('NO_HUB', o.noHub ?? `no hub server is running on ${o.label}`)
            : new ControlClientError('LINK', `${o.label}: ${hello.error ?? 'the hub could not be reached'}`);
        return fail(e);
      }
      const mismatch = versionMismatch(hello, o.label);
      if (mismatch) return fail(new ControlClientError('VERSION', mismatch));
      settled = true;
      resolve({
        stream: new ChildStream(child, Buffer.from(rest)),
        home: hello.home ?? '',
        version: hello.version,
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onErr);
    child.stdin.on('error', () => {});
    child.on('error', (err: NodeJS.ErrnoException) => {
      fail(
        new ControlClientError(
          'LINK',
          err.code === 'ENOENT'
            ? `${file} is not installed here (or not on PATH)${file === 'ssh' ? ': install OpenSSH, or name another with BOTSTER_SSH' : ''}`
            : `cannot run ${file}: ${err.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => fail(o.failure({ code, signal, stderr, noise })));
  });
}

/** The last line that says something. */
export function lastLine(text: string): string {
  return (
    text
      .trimEnd()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}
