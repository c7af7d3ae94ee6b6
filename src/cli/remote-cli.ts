import type { CliFlags } from './parse-args.js';
import type { ServerTarget } from './agent-commands.js';
import { sshDialer } from '../remote/ssh-dialer.js';
import type { Dialer } from '../wire/dialer.js';
import { SSH_VERBS } from '../verbs/table.js';
import { verbName } from '../wire/verb-aliases.js';
import { commandWords } from './fleet-verbs.js';

// `--ssh HOST` on the client commands: the same commands, with the hub of another machine reached
// through ssh and `botster-tui proxy` there (src/remote/). Only commands that talk to a hub take it.

// The hub's server ops, and every verb its table (src/verbs/table.ts) says --ssh carries, by the
// command word it goes by (`kill` for agent.kill).
const SSH_COMMANDS = ['attach', 'ls', 'kill-server', ...SSH_VERBS.map(commandWords)];
const carried = (command: string) => SSH_COMMANDS.includes(command) || SSH_VERBS.includes(verbName(command));

export interface SshWhere {
  /** The target the client commands take (socket: the dialer; home: how messages name it). */
  target: ServerTarget;
  /** The command line that comes back to this hub (said when the link drops). */
  again: string;
}

/** The hub --ssh names, or why the command line cannot use it. */
export function sshWhere(
  command: string | undefined,
  flags: CliFlags,
  size: { cols: number; rows: number },
  env: NodeJS.ProcessEnv = process.env,
): SshWhere | { error: string } {
  const host = flags.ssh?.trim() ?? '';
  if (!host || host.startsWith('-'))
    return { error: '--ssh needs a host (as ssh takes it: a Host of ~/.ssh/config, or user@host)' };
  if (command !== undefined && !carried(command))
    return {
      error: `--ssh is for the commands that talk to a hub (botster-tui, ${SSH_COMMANDS.join(', ')}), not ${command}`,
    };
  if (command === 'snapshot' && !flags.live)
    return { error: 'snapshot --ssh needs --live (the frame of the hub there)' };
  if (
    command === undefined &&
    (flags.layout !== undefined || flags.restore || flags.scrollback !== undefined)
  ) {
    return {
      error:
        "--layout, --scrollback and --restore are the server's: on the remote machine, start it there (botster-tui --ssh HOST starts one with its defaults)",
    };
  }
  const home = flags.home;
  // Plain botster-tui starts the server there as it would here; every other command finds one or says there is none.
  const dialer = sshDialer(
    { host, home, command: flags['remote-command'], start: command === undefined ? size : undefined },
    env,
  );
  const label = home ? `${host}:${home}` : host;
  const again = `botster-tui --ssh ${host}${home ? ` --home ${home}` : ''}`;
  return {
    again,
    target: {
      socket: dialer,
      home: label,
      noHub: `no hub server is running on ${label} (start one with ${again})`,
    },
  };
}

/**
 * `proxy`, and a command line with --ssh: what to run (proxy; plain botster-tui and attach, the
 * client here), the hub the other commands go to, or why the command line cannot be.
 */
export function remoteCli(
  command: string | undefined,
  rest: string[],
  flags: CliFlags,
  home: string,
  env: NodeJS.ProcessEnv,
): { run: () => Promise<number> } | { ssh: SshWhere } | { error: string } {
  if (command === 'proxy') {
    if (rest.length > 0) return { error: `unexpected argument "${rest[0]}"` };
    const m = /^(\d+)x(\d+)$/.exec(flags.size);
    if (!m) return { error: `--size must be WIDTHxHEIGHT, got "${flags.size}"` };
    return { run: () => runProxyCommand(flags, home, env, { cols: Number(m[1]), rows: Number(m[2]) }) };
  }
  const ssh = sshWhere(
    command,
    flags,
    { cols: process.stdout.columns || 120, rows: process.stdout.rows || 40 },
    env,
  );
  if ('error' in ssh) return ssh;
  if (command !== undefined && command !== 'attach') return { ssh };
  const refused = sshAttachRefusal(command, flags);
  return refused ? { error: refused } : { run: () => runSshAttach(ssh, flags) };
}

/** Why plain botster-tui / attach cannot run with --ssh as given (undefined: it can). */
function sshAttachRefusal(command: string | undefined, flags: CliFlags): string | undefined {
  if ((flags.agent ?? []).some((c) => !c.trim())) return '--agent needs a command';
  if (command === 'attach' && flags.agent?.length) return 'attach takes no --agent (plain botster-tui does)';
  if (!process.stdout.isTTY || !process.stdin.isTTY)
    return 'the hub needs a terminal; use `botster-tui snapshot --live --ssh HOST` to see it without one';
  return undefined;
}

/** `botster-tui --ssh HOST [attach]`: the client here, the hub there. */
async function runSshAttach(ssh: SshWhere, flags: CliFlags): Promise<number> {
  const { runClient } = await import('../client/run-client.js');
  const t = ssh.target;
  // Agents asked for here run in the hub's own folder there: ours means nothing on that machine.
  const spawn = (flags.agent ?? []).map((c) => ({ command: c }));
  return runClient({ home: t.home, socketPath: '', dial: t.socket as Dialer, again: ssh.again, spawn });
}

/** `botster-tui proxy`: this home's hub socket on stdin/stdout (what --ssh runs here from elsewhere). */
async function runProxyCommand(
  flags: CliFlags,
  home: string,
  env: NodeJS.ProcessEnv,
  size: { cols: number; rows: number },
): Promise<number> {
  const { resolveSocketPath } = await import('../wire/socket-path.js');
  const { runProxy } = await import('../client/proxy.js');
  const args = [...(flags.home ? ['--home', home] : []), ...(flags.restore ? ['--restore'] : [])];
  const start = flags.start === false ? undefined : { args, env, ...size };
  return runProxy({ home, socketPath: resolveSocketPath(env, home), start });
}
