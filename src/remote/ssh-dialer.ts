import type { Dialer } from '../wire/dialer.js';
import { scanShell } from '../agents/shell-words.js';
import { execArgv, execDialer } from './exec-dialer.js';

// `--ssh HOST`: the hub of another machine through OpenSSH (its keys, agent, config and
// ControlMaster are the user's own) and `botster-tui proxy` there. Nothing of ours listens on a
// port. SSH is one way to reach a machine (./exec-dialer.ts): `ssh -T HOST`, which hands the
// proxy's command line to the remote shell.

export { remoteCommand } from './exec-dialer.js';

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

/** The command that reaches `host` over ssh: what runs there follows it as one line. */
export function sshExec(host: string, batch: boolean, env: NodeJS.ProcessEnv = process.env): string[] {
  return [...sshProgram(env), ...(batch ? ['-o', 'BatchMode=yes'] : []), '-T', host];
}

export function sshArgv(t: SshTarget, env: NodeJS.ProcessEnv = process.env): string[] {
  return execArgv(execTarget(t, env), env);
}

export function sshDialer(
  t: SshTarget,
  env: NodeJS.ProcessEnv = process.env,
  onStderr?: (text: string) => void,
): Dialer {
  return execDialer(execTarget(t, env), env, onStderr);
}

function execTarget(t: SshTarget, env: NodeJS.ProcessEnv) {
  return {
    label: t.host,
    engine: 'ssh',
    exec: sshExec(t.host, !!t.batch, env),
    line: true,
    home: t.home,
    command: t.command,
    start: t.start,
    noHub: `no hub server is running on ${t.host}${t.home ? ` for ${t.home}` : ''} (start one with botster-tui --ssh ${t.host})`,
  };
}
