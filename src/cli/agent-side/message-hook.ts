import fs from 'node:fs';
import path from 'node:path';
import { controlRequest } from '../../wire/control-client.js';
import { readHookStdin } from './hook-input.js';
import { obj, readJson, type Json } from './cli-json.js';
import type { ServerTarget } from '../agent-commands.js';

// `botster-tui message-hook --config DIR`: Claude Code's PreToolUse hook for SendMessage in a hub
// launch (its --settings names it: src/agents/hook-snippets.ts). Team mail (a lead's to its
// teammates, a teammate's to its lead) goes through the team's mailbox, as Claude designed; any
// other (between two teammates too) goes to the hub
// (the `message` verb, judged as the agent that sends it): delivered there as a prompt, or refused,
// and either way Claude's own delivery is denied with the hub's words, which its model reads. A
// name the hub does not know stays Claude's (the launch's crossSessionInbound holds it for the
// user). No hub, a hub that does not answer: Claude's own delivery, held the same way.

/** The hub may ask the user whether the sender may: as long as an agent's `send` waits, and some. */
const askMs = (env: NodeJS.ProcessEnv) => Number(env.BOTSTER_MESSAGE_HOOK_TIMEOUT_MS ?? 100_000);

export interface MessageHookIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  /** Claude's JSON, where another process read it (a native client's); else `stdin` is read. */
  readStdin?: () => Promise<string>;
  /** The caller's folder, which a relative --config is in (default: this process's). */
  cwd?: string;
  out: (s: string) => void;
}

function jsonFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the message is team mail: from a team's lead (its session) to a member, or from a member
 * (its tmux pane) to the lead. Between two members it is not: they did not start each other, so
 * the drive rules judge it as any other.
 */
export function teamMail(config: string, session: string, pane: string | undefined, to: string): boolean {
  for (const dir of safeDirs(path.join(config, 'teams'))) {
    const team = readJson(path.join(dir, 'config.json'));
    const members = Array.isArray(team.members) ? team.members.map(obj) : [];
    const lead = members.find((m) => m.agentId === team.leadAgentId)?.name ?? 'team-lead';
    const fromLead = session !== '' && team.leadSessionId === session;
    const fromMember = pane !== undefined && members.some((m) => m.tmuxPaneId === pane);
    if (fromLead && members.some((m) => m.name === to && m.name !== lead)) return true;
    if (fromMember && to === lead) return true;
  }
  return false;
}

function safeDirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
}

/** The live process of the session Claude lists as `to` (its sessions/PID.json), if exactly one. */
export function sessionPid(config: string, to: string): number | undefined {
  const name = to.replace(/\s+\[[^\]]*\]$/, '').trim();
  const pids = jsonFiles(path.join(config, 'sessions'))
    .map((f) => readJson(f))
    .filter((s) => s.name === name && typeof s.pid === 'number' && alive(s.pid))
    .map((s) => s.pid as number);
  return pids.length === 1 ? pids[0] : undefined;
}

const deny = (reason: string): string =>
  `${JSON.stringify({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: reason,
    },
  })}\n`;

/** Exits 0 whatever happens: a hook that fails would show in Claude, and one that exits 2 blocks. */
export async function runMessageHook(t: ServerTarget, config: string, io: MessageHookIo): Promise<number> {
  let input: Json = {};
  try {
    input = obj(JSON.parse(io.readStdin ? await io.readStdin() : await readHookStdin(io.stdin, 2000)));
  } catch {
    return 0; // not Claude's JSON: nothing to judge
  }
  const tool = obj(input.tool_input);
  const to = tool.to;
  // A team's own protocol (a shutdown request, a plan approval: an object) is the team's.
  if (!io.env.BOTSTER_AGENT_ID || typeof to !== 'string' || typeof tool.message !== 'string') return 0;
  const session = typeof input.session_id === 'string' ? input.session_id : '';
  if (io.cwd !== undefined) config = path.resolve(io.cwd, config);
  if (teamMail(config, session, io.env.TMUX_PANE, to)) return 0;
  const pid = sessionPid(config, to);
  let answer: Json;
  try {
    answer = obj(
      await controlRequest(
        t.socket,
        { op: 'message', to, text: tool.message, cli_tool: true, ...(pid ? { pid } : {}) },
        { timeoutMs: askMs(io.env) },
      ),
    );
  } catch {
    return 0; // no hub to ask
  }
  // Refused (or cancelled, or the agent exited): Claude's model reads why, and nothing goes.
  if (answer.ok === false && typeof answer.reason === 'string')
    io.out(deny(`The hub refused this message: ${String(answer.error)}`));
  else if (answer.route === 'hub')
    io.out(deny(`Not sent by SendMessage: ${String(answer.why)}. Do not send it again.`));
  return 0;
}
