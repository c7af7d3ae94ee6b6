import { ControlClientError } from '../wire/control-client.js';
import type { Dialer } from '../wire/dialer.js';
import { scanShell } from '../agents/shell-words.js';
import { lastLine, procDialer } from './proc-dialer.js';

// `--ssh HOST`: the hub of another machine through OpenSSH (its keys, agent, config and
// ControlMaster are the user's own) and `botster-tui proxy` there. Nothing of ours listens on a port.

export interface SshTarget {
  /** What ssh connects to: a Host of ~/.ssh/config, user@host, ... */
  host: string;
  /** The home there as the user wrote it (~ is the remote user's); default: the remote's default. */
  home?: string;
  /** How the remote shell runs botster-tui (default `botster-tui`; a path when it is not on the PATH ssh gives). */
  command?: string;
  /** Start the remote server when none runs (plain botster-tui, a hub's machine link), at this size. */
  start?: { cols: number; rows: number };
  /** Never ask (a background link has nobody to type a passphrase): BatchMode. */
  batch?: boolean;
}

/** The ssh program and its own options: $BOTSTER_SSH split as a shell would ("ssh -F cfg"), else ssh. */
export function sshProgram(env: NodeJS.ProcessEnv = process.env): string[] {
  const words = env.BOTSTER_SSH?.trim() ? (scanShell(env.BOTSTER_SSH).commands[0] ?? []) : [];
  return words.length > 0 ? words : ['ssh'];
}

/** The remote botster-tui command: the target's, else $BOTSTER_REMOTE_COMMAND, else botster-tui. */
export function remoteCommand(t: SshTarget, env: NodeJS.ProcessEnv = process.env): string {
  return t.command?.trim() || env.BOTSTER_REMOTE_COMMAND?.trim() || 'botster-tui';
}

/** The command line the remote shell runs (ssh joins its words with spaces for that shell). */
export function proxyCommandLine(t: SshTarget, env: NodeJS.ProcessEnv = process.env): string {
  const words = [remoteCommand(t, env), 'proxy'];
  if (t.home) words.push('--home', remotePath(t.home));
  if (t.start) words.push('--size', `${t.start.cols}x${t.start.rows}`);
  else words.push('--no-start');
  return words.join(' ');
}

export function sshArgv(t: SshTarget, env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...sshProgram(env),
    ...(t.batch ? ['-o', 'BatchMode=yes'] : []),
    '-T',
    t.host,
    proxyCommandLine(t, env),
  ];
}

export function sshDialer(
  t: SshTarget,
  env: NodeJS.ProcessEnv = process.env,
  onStderr?: (text: string) => void,
): Dialer {
  const cmd = remoteCommand(t, env);
  return procDialer({
    label: t.host,
    argv: sshArgv(t, env),
    env,
    onStderr,
    noHub: `no hub server is running on ${t.host}${t.home ? ` for ${t.home}` : ''} (start one with botster-tui --ssh ${t.host})`,
    failure: ({ code, stderr, noise }) => {
      const said = lastLine(stderr) || lastLine(noise);
      if (/unknown command "proxy"/.test(stderr)) {
        return new ControlClientError(
          'VERSION',
          `${t.host} has a botster-tui without proxy (older than this one): install the same version on both machines`,
        );
      }
      if (code === 255)
        return new ControlClientError(
          'LINK',
          `cannot reach ${t.host} over ssh: ${said || 'ssh failed (exit 255)'}`,
        );
      if (code === 127 || /command not found|not found|No such file or directory/i.test(said)) {
        return new ControlClientError(
          'LINK',
          `${cmd} is not found on ${t.host} (the remote shell said: ${said ? JSON.stringify(said) : `exit ${code}`}): install it there, or name it with --remote-command PATH (or BOTSTER_REMOTE_COMMAND; for a machine of settings.machines, its command)`,
        );
      }
      return new ControlClientError(
        'LINK',
        `${t.host}: ${cmd} proxy ended before it answered (exit ${code ?? 'by a signal'})${said ? `: ${said}` : ''}`,
      );
    },
  });
}

/** A remote path for the remote shell: quoted, with a leading ~/ left for that shell to expand. */
function remotePath(p: string): string {
  if (p === '~') return '~';
  if (p.startsWith('~/')) return `~/${quote(p.slice(2))}`;
  return quote(p);
}

function quote(s: string): string {
  return /^[\w./=@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
