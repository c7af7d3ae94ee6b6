import { ControlClientError, controlRequest } from '../../wire/control-client.js';
import { hookFacts, readHookStdin, type ReportedState } from './hook-input.js';
import type { ServerTarget } from '../agent-commands.js';
import type { Out } from '../terminal-out.js';

// `botster-tui report --state S [--reason TEXT] [--session ID] [--stdin] [--if-in-hub] [AGENT] [JSON]`:
// an agent's own hooks tell the hub what it does. Quiet on stdout (Claude Code adds a
// UserPromptSubmit hook's output to the prompt; Gemini CLI parses a hook's stdout as JSON).

export const REPORT_STATES: readonly ReportedState[] = ['running', 'waiting', 'idle', 'done'];

/** Exit codes (src/wire/exit-codes.ts), as numbers so the client loads nothing of the app. */
const USAGE = 2;
const NO_HUB = 3;
const NO_AGENT = 6;

export interface ReportOptions {
  state?: string;
  reason?: string;
  session?: string;
  /** Read the hook's JSON from stdin (Claude Code, Gemini CLI). */
  stdin: boolean;
  /** For hooks: never fail the CLI that runs it (exit 0); silent outside a hub agent or without a hub. */
  ifInHub: boolean;
  json: boolean;
}

export interface ReportIo {
  env: NodeJS.ProcessEnv;
  out: Out;
  err: Out;
  readStdin?: () => Promise<string>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function runReport(
  t: ServerTarget,
  args: string[],
  o: ReportOptions,
  io: ReportIo,
): Promise<number> {
  // With --if-in-hub every failure is 0 (a hook's failure would show in, or even block, the CLI).
  const fail = (code: number, message: string | null): number => {
    if (message !== null) io.err(message);
    return o.ifInHub ? 0 : code;
  };
  const positionals = [...args];
  // Codex's notify appends its JSON as the last argument.
  const last = positionals.at(-1)?.trim();
  let argJson: unknown;
  if (last?.startsWith('{')) {
    argJson = parse(last);
    if (argJson === undefined)
      return fail(USAGE, `the last argument is not valid JSON: ${last.slice(0, 80)}`);
    positionals.pop();
  }
  if (positionals.length > 1)
    return fail(
      USAGE,
      `unexpected argument "${positionals[1]}" (botster-tui report [--state S] [AGENT] [JSON])`,
    );
  if (o.state !== undefined && !(REPORT_STATES as readonly string[]).includes(o.state)) {
    return fail(USAGE, `--state must be one of ${REPORT_STATES.join(', ')}, got "${o.state}"`);
  }
  const agent = positionals[0] ?? (io.env.BOTSTER_AGENT_ID ? `id:${io.env.BOTSTER_AGENT_ID}` : undefined);
  // Outside a hub agent, a hook has nothing to say, and says nothing with --if-in-hub.
  if (agent === undefined)
    return fail(
      NO_AGENT,
      o.ifInHub
        ? null
        : 'not inside a hub agent (no BOTSTER_AGENT_ID): name the agent, botster-tui report AGENT --state STATE',
    );
  const stdinJson = o.stdin ? parse((await (io.readStdin ?? readHookStdin)()).trim() || 'null') : undefined;
  const facts = { ...hookFacts(argJson), ...hookFacts(stdinJson) };
  // A CLI's helper (Codex's title thread) is not the agent: its report would take the agent's
  // state and session. Said nothing, exit 0 (a hook never fails its CLI).
  if (facts.ignore && o.state === undefined && !o.session) {
    if (o.json) io.out(JSON.stringify({ ignored: facts.ignore }));
    return 0;
  }
  const state = facts.forced ?? (o.state as ReportedState | undefined) ?? facts.state;
  if (!state) {
    const given = argJson !== undefined || (stdinJson !== undefined && stdinJson !== null);
    return fail(
      USAGE,
      given
        ? 'the hook JSON does not say a state (an event or type this version does not know): give --state'
        : `give --state ${REPORT_STATES.join('|')}`,
    );
  }
  const reason = o.reason !== undefined ? o.reason : facts.reason;
  const session = o.session || facts.session;
  const req = {
    op: 'report',
    agent,
    state,
    ...(reason !== undefined ? { reason } : {}),
    ...(session ? { session } : {}),
    ...(t.scope === undefined ? {} : { home: t.scope }),
  };
  let reply: Record<string, unknown>;
  try {
    // Short: a hook holds up the CLI that runs it.
    reply = await controlRequest(t.socket, req, { timeoutMs: 3000 });
  } catch (e) {
    if (e instanceof ControlClientError) {
      return fail(
        NO_HUB,
        e.code === 'NO_HUB' ? (o.ifInHub ? null : `no hub server is running for ${t.home}`) : e.message,
      );
    }
    throw e;
  }
  if (reply.ok !== true) {
    const code =
      reply.reason === 'no_agent' || reply.reason === 'exited'
        ? NO_AGENT
        : reply.reason === 'usage'
          ? USAGE
          : 1;
    return fail(code, String(reply.error));
  }
  if (o.json)
    io.out(
      JSON.stringify({
        agent: reply.agent,
        state: reply.state,
        reason: reply.reason,
        session: reply.session,
      }),
    );
  return 0;
}
