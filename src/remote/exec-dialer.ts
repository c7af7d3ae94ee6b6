import path from 'node:path';
import { ControlClientError } from '../wire/control-client.js';
import type { Dialer } from '../wire/dialer.js';
import { lastLine, procDialer } from './proc-dialer.js';

// A hub on another machine through the command that reaches that machine: `ssh HOST`,
// `podman exec -i CTR`, `kubectl exec -i POD --`, ... The command runs `botster-tui proxy` there and
// its stdio is the hub's socket (src/remote/proc-dialer.ts). SSH is one such command: it hands what
// follows it to the remote shell as one line; the others run words, so the line goes to `sh -c`.
// Nothing secret is put on the command line: what a command needs to log in comes from its own
// configuration or the machine's `env`, which only the command's environment gets.

export interface ExecTarget {
  /** How messages name the machine ("devbox", "pod"). */
  label: string;
  /** The command that runs a command there, its program first. */
  exec: readonly string[];
  /** It hands what follows to a shell as one line (ssh); else the line runs under `sh -c`. */
  line: boolean;
  /** The home there as the user wrote it (~ is that machine's user's). */
  home?: string;
  /** How that machine's shell runs botster-tui (default `botster-tui`). */
  command?: string;
  /** Start the hub there when none runs, at this size (else `--no-start`). */
  start?: { cols: number; rows: number };
  /** A hub started there brings back the agents the last one ran (the machine went away and is back). */
  restore?: boolean;
  /** Variables for the command's own environment (a kubeconfig, a token's file): never its arguments. */
  env?: Readonly<Record<string, string>>;
  /** What to say when no hub runs there (it was not to be started). */
  noHub?: string;
  /** How messages name the way in (`ssh`: its exit 255 is its own failure); default: the program's name. */
  engine?: string;
}

/** The remote botster-tui command: the target's, else $BOTSTER_REMOTE_COMMAND, else botster-tui. */
export function remoteCommand(t: { command?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return t.command?.trim() || env.BOTSTER_REMOTE_COMMAND?.trim() || 'botster-tui';
}

/** The command line that machine's shell runs. */
export function proxyCommandLine(t: ExecTarget, env: NodeJS.ProcessEnv = process.env): string {
  const words = [remoteCommand(t, env), 'proxy'];
  if (t.home) words.push('--home', remotePath(t.home));
  if (t.start) words.push('--size', `${t.start.cols}x${t.start.rows}`, ...(t.restore ? ['--restore'] : []));
  else words.push('--no-start');
  return words.join(' ');
}

/** The argv that reaches the machine and runs the proxy there. */
export function execArgv(t: ExecTarget, env: NodeJS.ProcessEnv = process.env): string[] {
  const line = proxyCommandLine(t, env);
  return t.line ? [...t.exec, line] : [...t.exec, 'sh', '-c', line];
}

/** The program's own name (`ssh`, `podman`): how messages name the way in. */
export function engineOf(exec: readonly string[]): string {
  return path.basename(exec[0] ?? '');
}

export function execDialer(
  t: ExecTarget,
  env: NodeJS.ProcessEnv = process.env,
  onStderr?: (text: string) => void,
): Dialer {
  const cmd = remoteCommand(t, env);
  const engine = t.engine ?? engineOf(t.exec);
  return procDialer({
    label: t.label,
    argv: execArgv(t, env),
    env: t.env ? { ...env, ...t.env } : env,
    onStderr,
    noHub: t.noHub ?? `no hub server is running on ${t.label}`,
    failure: ({ code, stderr, noise }) => {
      const said = lastLine(stderr) || lastLine(noise);
      if (/unknown command "proxy"/.test(stderr))
        return new ControlClientError(
          'VERSION',
          `${t.label} has a botster-tui without proxy (older than this one): install the same version on both machines`,
        );
      // ssh's own failures (no route, refused, a key it could not use) are its exit 255.
      if (engine === 'ssh' && code === 255)
        return new ControlClientError(
          'LINK',
          `cannot reach ${t.label} over ssh: ${said || 'ssh failed (exit 255)'}`,
        );
      const notFound =
        engine === 'ssh'
          ? /command not found|not found|No such file or directory/i
          : /command not found|: not found$|No such file or directory/i;
      if (code === 127 || notFound.test(said))
        return new ControlClientError(
          'LINK',
          `${cmd} is not found on ${t.label} (the remote shell said: ${said ? JSON.stringify(said) : `exit ${code}`}): install it there, or name it with --remote-command PATH (or BOTSTER_REMOTE_COMMAND; for a machine, its command)`,
        );
      // The command that reaches it failed (a container that is not running, a pod that is gone),
      // or the proxy ended before its first line: what it said is the reason.
      return new ControlClientError(
        'LINK',
        engine === 'ssh'
          ? `${t.label}: ${cmd} proxy ended before it answered (exit ${code ?? 'by a signal'})${said ? `: ${said}` : ''}`
          : `cannot reach ${t.label} through ${engine} (exit ${code ?? 'by a signal'})${said ? `: ${said}` : ''}`,
      );
    },
  });
}

/** A remote path for that shell: quoted, with a leading ~/ left for it to expand. */
function remotePath(p: string): string {
  if (p === '~') return '~';
  if (p.startsWith('~/')) return `~/${quote(p.slice(2))}`;
  return quote(p);
}

function quote(s: string): string {
  return /^[\w./=@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
