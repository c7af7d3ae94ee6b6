import { ControlError } from '../wire/control-request.js';
import type { AgentUsage, UsageLimit } from '../wire/agent-record.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { agentRef, any, obj, type Answer } from './shape.js';

// `usage`: what an agent's CLI says about its own cost and limits, as facts (agent.usage in Lua,
// `agents --json`, the web). Claude Code's status line sends it (`botster-tui statusline claude`,
// wired per launch with --settings); docs/usage.md says what each CLI reports. Nothing is
// worked out per frame or per key: a report is one intent, and the same report changes nothing.

const answer = obj({ agent: agentRef, usage: any('the usage as the agent now has it') });

const usageArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent whose usage it is', cli: { positional: true } },
  tokens: { type: 'count', doc: 'tokens of the session (input, cache included, and output)' },
  cost: { type: 'number', min: 0, doc: 'its cost so far, US dollars' },
  context_pct: { type: 'number', min: 0, max: 100, doc: 'how full its context window is, 0-100' },
  limits: {
    type: 'map',
    doc: 'the account limits used, by name: `{ five_hour = "42" }` (percent)',
    cli: {
      flag: 'used',
      placeholder: 'NAME=PCT',
      doc: 'a limit used, in percent (again for each: --used five_hour=42)',
    },
  },
  resets: {
    type: 'map',
    doc: 'when each limit starts again, by name (epoch seconds)',
    cli: {
      flag: 'resets',
      placeholder: 'NAME=EPOCH',
      doc: 'when that limit starts again, epoch seconds (--resets five_hour=1767225600)',
    },
  },
  account: { type: 'string', doc: 'the account (an e-mail, a plan)' },
  model: { type: 'string', doc: 'the model it runs' },
  source: { type: 'string', doc: 'where the facts came from (`statusline`, `session`)' },
} as const satisfies VerbArgs;

const short = (v: string | undefined, max = 200): string | undefined =>
  v === undefined ? undefined : v.trim().slice(0, max) || undefined;

/** The limits of a report: each a percent (0-100) and, when said, when it resets. */
function limitsOf(used: Record<string, string>, resets: Record<string, string>): Record<string, UsageLimit> {
  const out: Record<string, UsageLimit> = {};
  for (const [name, v] of Object.entries(used).slice(0, 16)) {
    const pct = Number(v);
    if (!/^[\w.-]{1,40}$/.test(name) || !Number.isFinite(pct) || pct < 0 || pct > 1000)
      throw new ControlError(
        `usage: limits.${name.slice(0, 40)} must be a percent, got "${v.slice(0, 40)}"`,
        {
          reason: 'usage',
        },
      );
    const at = Number(resets[name]);
    out[name] = {
      used_pct: Math.round(pct * 10) / 10,
      ...(Number.isFinite(at) && at > 0 ? { resets_at: at } : {}),
    };
  }
  return out;
}

export function reportUsage(deps: ControlDeps, req: Checked<typeof usageArgs>): Answer<typeof answer> {
  const agent = findAgent(deps, req.agent);
  const limits = limitsOf(req.limits ?? {}, req.resets ?? {});
  const usage: AgentUsage = {
    ...(req.tokens !== undefined ? { tokens: req.tokens } : {}),
    ...(req.cost !== undefined ? { cost: Math.round(req.cost * 10000) / 10000 } : {}),
    ...(req.context_pct !== undefined ? { context_pct: Math.round(req.context_pct * 10) / 10 } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(short(req.account) ? { account: short(req.account) } : {}),
    ...(short(req.model) ? { model: short(req.model) } : {}),
    source: short(req.source, 40) ?? 'report',
  };
  deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { usage } });
  return { agent: { id: agent.id, name: agent.info.name }, usage };
}

export const usageVerb = defineVerb({
  name: 'usage',
  command: true,
  summary: "an agent's CLI says its own cost and limits (Claude Code's status line does)",
  drives: 'report the usage of',
  refusals: '`usage`, `no_agent`',
  args: usageArgs,
  answer,
  act: (deps, req) => reportUsage(deps, req),
});
