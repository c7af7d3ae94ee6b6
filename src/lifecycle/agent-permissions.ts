// Agents' permission questions (docs/permissions.md): an agent's CLI asks before a tool (Claude
// Code's PermissionRequest hook, src/cli/agent-side/permission-hook.ts), the hub hands the question
// to the configuration's policy in Lua (permissions.decide) and answers allow, deny or ask. What it
// leaves to you stays a question: the CLI's own dialog shows, and the agent's record carries it
// (agent.permission) until you answer it here (permission.answer: allow once, allow always for this
// agent, deny) or its turn ends. "Always" is remembered in that agent's record (through a restart,
// `--restore` and a server's adoption): the policy's next identical question comes with
// `remembered`. Every answer is logged with its rule.
import { createHash } from 'node:crypto';
import { ControlError } from '../wire/control-request.js';
import type { AgentPermission, AgentRecord } from '../wire/agent-record.js';
import type { PermissionVerdict } from '../lua/runtime/permission-verdict.js';

export type PermissionDecision = 'allow' | 'deny' | 'ask';

/** What the CLI asked: the tool, its input (each field as text) and the folder it runs in. */
export interface PermissionAsk {
  tool: string;
  input: Record<string, string>;
  cwd?: string;
}

/** The hub's answer to a question (the permission.ask verb's). */
export interface PermissionAnswer {
  decision: PermissionDecision;
  /** Why, in words: what the agent's model is told of a deny. */
  reason: string;
  /** The rule that answered (null: none did). */
  rule: string | null;
  subject: string;
  key: string;
}

export interface AgentPermissionsHost {
  /** permissions.decide's raw answer to `q` (lua/core/permissions.lua); throws when Lua cannot answer. */
  decide(q: Record<string, unknown>): Promise<PermissionVerdict>;
  record(id: string): AgentRecord | null;
  /** The questions you answered "allow always" for agent `id` (their keys). */
  allowed(id: string): readonly string[];
  /** Keeps your "allow always" for agent `id`'s question `key` with the agent's record. */
  allowAlways(id: string, key: string): void;
  /** Sets (or, undefined, takes away) the question agent `id`'s record carries. */
  setPending(id: string, p: AgentPermission | undefined): void;
  log(level: 'info' | 'error', message: string): void;
  notify(text: string, level: 'info' | 'error'): void;
  /** A hub event for Lua (permission_decided). */
  emit(event: string, payload: Record<string, unknown>, subject: string | null): void;
  /** Your home folder: `~` in a rule. */
  home: string;
}

const MAX_SUBJECT = 200;
/** Input fields that name what a tool acts on, in the order they are looked for. */
const SUBJECT_FIELDS = ['command', 'file_path', 'notebook_path', 'path', 'url', 'pattern', 'query'];
const FILE_FIELDS = ['file_path', 'notebook_path', 'path'];

const clip = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SUBJECT ? `${one.slice(0, MAX_SUBJECT - 1)}…` : one;
};

/** What a question is about, in one line: its command, file or address, else its input. */
export function subjectOf(ask: PermissionAsk): string {
  const field = SUBJECT_FIELDS.find((f) => typeof ask.input[f] === 'string' && ask.input[f] !== '');
  return clip(field ? ask.input[field] : JSON.stringify(ask.input));
}

/**
 * Which question it is: the tool and its input but for its description (the model's words for the
 * same call differ each time). The same key is the same question ("allow always" answers it).
 */
export function keyOf(ask: PermissionAsk): string {
  const fields = Object.keys(ask.input)
    .filter((k) => k !== 'description')
    .sort()
    .map((k) => [k, ask.input[k]]);
  const text = JSON.stringify([ask.tool, fields]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const DECISIONS = new Set(['allow', 'deny', 'ask']);
const DEFAULT_REASON = { allow: 'allowed', deny: 'denied', ask: 'its CLI asks you' } as const;

/** Lua's answer made sure of: one of the three, else an error to say. */
function decisionOf(
  r: PermissionVerdict,
): { decision: PermissionDecision; reason?: string; rule?: string } | string {
  if (typeof r.error === 'string') return r.error;
  if (typeof r.decision !== 'string' || !DECISIONS.has(r.decision))
    return 'permissions.decide gave no decision';
  return {
    decision: r.decision as PermissionDecision,
    ...(typeof r.reason === 'string' && r.reason.trim() ? { reason: r.reason.trim() } : {}),
    ...(typeof r.rule === 'string' && r.rule ? { rule: r.rule } : {}),
  };
}

export class AgentPermissions {
  constructor(private readonly host: AgentPermissionsHost) {}

  /**
   * Why agent `by` may not type into agent `id` now, or null: no agent answers a question that is
   * yours (one the rules left to you), nor its own while it waits for you (a dialog it drew).
   */
  typingRefused(by: string, id: string): string | null {
    const agent = this.host.record(id);
    if (!agent) return null;
    const who = `agent ${agent.name} (id:${id})`;
    if (agent.permission)
      return `${who} waits for your answer to its permission question (${agent.permission.tool} "${agent.permission.subject}"): no agent answers it (you do: in the hub, on the web, botster-tui permission answer)`;
    if (by === id && agent.state === 'waiting')
      return `${who} waits for you: an agent does not answer its own question (you do)`;
    return null;
  }

  /**
   * Agent `id`'s question (null: no agent, a try of yours), through the policy. `trial`: yours, to
   * see what the rules say: logged as a try, nothing recorded, no event.
   */
  async ask(id: string | null, ask: PermissionAsk, trial: boolean): Promise<PermissionAnswer> {
    const agent = id === null ? null : this.host.record(id);
    const key = keyOf(ask);
    const subject = subjectOf(ask);
    const file = FILE_FIELDS.find((f) => typeof ask.input[f] === 'string' && ask.input[f] !== '');
    const q = {
      ...(agent ? { agent } : {}),
      tool: ask.tool,
      input: ask.input,
      ...(typeof ask.input.command === 'string' ? { command: ask.input.command } : {}),
      ...(file ? { path: ask.input[file] } : {}),
      subject,
      cwd: ask.cwd ?? agent?.cwd ?? null,
      home: this.host.home,
      key,
      ...(id !== null && this.host.allowed(id).includes(key) ? { remembered: true } : {}),
    };
    let said: ReturnType<typeof decisionOf>;
    try {
      said = decisionOf(await this.host.decide(q));
    } catch (err) {
      said = (err as Error).message;
    }
    const who = agent ? `agent ${agent.id} (${agent.name})` : 'no agent';
    const what = `${ask.tool} "${subject}"`;
    if (typeof said === 'string') {
      // Rules that cannot answer never let a tool through: the CLI asks you, as without them.
      const reason = `the hub's permission rules could not answer (${said}): its CLI asks you`;
      this.host.log('error', `permission: ${who} asks ${what}: ask: ${reason}`);
      this.host.notify(`permission rules: ${said}`, 'error');
      said = { decision: 'ask', reason };
    }
    const answer: PermissionAnswer = {
      decision: said.decision,
      reason: said.reason ?? DEFAULT_REASON[said.decision],
      rule: said.rule ?? null,
      subject,
      key,
    };
    const rule = answer.rule === null ? 'no rule' : `rule "${answer.rule}"`;
    this.host.log(
      'info',
      `permission: ${who} asks ${what}: ${answer.decision} (${rule}: ${answer.reason})${trial ? ' (a try: nothing recorded)' : ''}`,
    );
    if (trial || !agent) return answer;
    this.host.setPending(agent.id, answer.decision === 'ask' ? { tool: ask.tool, subject, key } : undefined);
    this.host.emit(
      'permission_decided',
      { agent: { id: agent.id }, tool: ask.tool, input: ask.input, ...answer, by: 'rules' },
      agent.name,
    );
    return answer;
  }

  /**
   * Your answer to the question agent `id` waits with (`key`: the one you were shown; absent, the
   * one it carries now). Typing it into the CLI is the caller's (its `answers`).
   */
  answer(
    id: string,
    answer: 'allow' | 'always' | 'deny',
    key?: string,
  ): { agent: { id: string; name: string }; tool: string; subject: string } {
    const agent = this.host.record(id);
    const p = agent?.permission;
    if (!agent || !p)
      throw new ControlError(
        `agent ${agent?.name ?? id} (id:${id}) has no permission question the rules left to you`,
        {
          reason: 'no_question',
        },
      );
    if (key !== undefined && key !== p.key)
      throw new ControlError(`agent ${agent.name} (id:${id}) asks another question now: nothing answered`, {
        reason: 'changed',
      });
    if (agent.state !== 'waiting')
      throw new ControlError(`agent ${agent.name} (id:${id}) is not waiting for an answer (${agent.state})`, {
        reason: 'not_waiting',
      });
    if (answer === 'always') this.host.allowAlways(id, p.key);
    this.host.setPending(id, undefined);
    const said =
      answer === 'always'
        ? 'allowed always by you (the rules answer it allow for this agent from now on)'
        : answer === 'allow'
          ? 'allowed once by you'
          : 'denied by you';
    this.host.log('info', `permission: agent ${id} (${agent.name}) ${p.tool} "${p.subject}": ${said}`);
    this.host.emit(
      'permission_decided',
      {
        agent: { id },
        tool: p.tool,
        subject: p.subject,
        key: p.key,
        decision: answer === 'deny' ? 'deny' : 'allow',
        always: answer === 'always',
        reason: said,
        rule: null,
        by: 'you',
      },
      agent.name,
    );
    return { agent: { id, name: agent.name }, tool: p.tool, subject: p.subject };
  }
}
