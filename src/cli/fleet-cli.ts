import { resolveSocketPath } from '../wire/socket-path.js';
import { runEvents } from './events-command.js';
import { runFleet, type FleetFlags } from './fleet-commands.js';
import type { ServerTarget } from './agent-commands.js';
import { sgrLines, stderrLines, stdoutLines } from './terminal-out.js';
import { processIo, type CliIo } from './cli-io.js';
import { VERB_PRINT } from './verb-print.js';

// The CLI's entry for the verbs' commands (./fleet-verbs.ts: send, new, wait, read, events, kill,
// review comment, ...): src/cli/arg-commands.ts hands over the verb and the word it was asked by.

/** The fleet flags as the CLI parses them (--agent repeatable, --scrollback a number elsewhere). */
type Flags = Omit<FleetFlags, 'agent' | 'scrollback' | 'ansi'> & {
  agent?: string[];
  scrollback?: number;
  ansi: boolean;
};

export function runFleetCli(
  verb: string,
  args: string[],
  f: Flags,
  tail: number | undefined,
  where: { socketEnv: NodeJS.ProcessEnv; home: string; scope?: string; target?: ServerTarget },
  io: CliIo = processIo,
  /** The command word it was asked by (`kill` for agent.kill; a family's object for its verbs). */
  word: string = verb.split('.')[0],
): Promise<number> {
  const target = where.target ?? {
    socket: io.endpoint(resolveSocketPath(where.socketEnv, where.home)),
    home: where.home,
    scope: where.scope,
  };
  // read --ansi: its lines keep their colours (SGR), nothing else (fleet-commands.ts)
  const out = verb === 'read' && f.ansi && !f.json ? sgrLines(io.stdout) : stdoutLines(f.json, io.stdout);
  // (a verb speaks as the command it was asked by: `botster-tui kill: ...`, `botster-tui review: ...`)
  const err = stderrLines(VERB_PRINT[verb]?.prefix ?? `botster-tui ${word}: `, io.stderr);
  if ((f.agent?.length ?? 0) > 1) return (err('--agent can be given once here'), Promise.resolve(2));
  const agent = f.agent?.[0];
  if (verb === 'events') {
    if (args.length > 0)
      return (err(`unexpected argument "${args[0]}" (--agent AGENT names one)`), Promise.resolve(2));
    return runEvents(target, agent, f.json, {
      out,
      err,
      onInterrupt: (stop) => {
        // ctrl+c, or whoever reads our output went away (head, a closed pipe): end cleanly, exit 0.
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        process.stdout.on('error', stop);
      },
    });
  }
  if (f.machine !== undefined && verb !== 'agent.new')
    return (
      err('--machine is for new (the agents of every machine are named as listed)'),
      Promise.resolve(2)
    );
  if (agent !== undefined && verb !== 'run')
    return (err('--agent is for run and events (name the agent as the first argument)'), Promise.resolve(2));
  // new -- CMD...: the words after -- are the command, whatever they look like.
  const words = verb === 'agent.new' && tail !== undefined ? args.slice(tail) : args;
  if (verb === 'agent.new' && tail !== undefined && tail > 0)
    return (
      err(`unexpected argument "${args[0]}" before -- (the command goes after it)`),
      Promise.resolve(2)
    );
  const flags = { ...f, agent, scrollback: f.scrollback !== undefined };
  return runFleet(target, verb, words, flags, { out, err, cwd: io.cwd(), env: io.env, word });
}
