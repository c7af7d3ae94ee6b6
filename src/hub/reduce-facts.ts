// Facts the hub's parts report (facts.ts) into the state. A fact that is already so changes nothing
// (no frame). Two are recorded without drawing again: where agents are on screen (it follows a
// frame, and drawing for it could draw for ever) and the planned agents (the start draws them itself).
const QUIET = new Set(['onScreen', 'planned']);
import type { Intent } from './intents.js';
import type { HubState } from './state.js';
import { equal, patchAgent, reviewKey, type HubFacts } from './facts.js';
import { changed, same, type Result } from './result.js';

type FactIntent = Extract<Intent, { type: 'agent_facts' | 'hub_facts' | 'review_facts' | 'review_comments' }>;

export function reduceFacts(s: HubState, i: FactIntent): Result {
  const facts = s.facts;
  switch (i.type) {
    case 'agent_facts': {
      const was = facts.agents[i.id];
      if (!was) return same(s);
      const next = patchAgent(was, i.facts, was);
      if (next === was) return same(s);
      // Lua hears of usage that changed (lua/default/usage.lua: the notice past 80% of a limit);
      // not of what a keeper carried over from the last server, which Lua heard of then.
      const agent = { id: i.id, name: next.name };
      const effects = [
        ...(next.usage && !i.carried && !equal(next.usage, was.usage)
          ? [emit('agent_usage_changed', { agent, usage: next.usage, from: was.usage ?? null }, next.name)]
          : []),
        // (a restart that moves its account waits for the line to be sent: lua/default/accounts.lua)
        ...(!next.draft !== !was.draft
          ? [emit('agent_draft_changed', { agent, draft: !!next.draft }, next.name)]
          : []),
      ];
      return changed(with_(s, { agents: { ...facts.agents, [i.id]: next } }), effects, false);
    }
    case 'hub_facts': {
      const patch: Partial<HubFacts> = {};
      for (const [k, v] of Object.entries(i.facts) as Array<[keyof HubFacts, unknown]>)
        if (!equal(facts[k], v)) (patch as Record<string, unknown>)[k] = v;
      const keys = Object.keys(patch);
      if (keys.length === 0) return same(s);
      const next = with_(s, patch);
      return keys.every((k) => QUIET.has(k)) ? same(next) : changed(next, [], false);
    }
    case 'review_facts': {
      const key = reviewKey(i.agent, i.mode);
      if (equal(facts.reviews[key], i.summary ?? undefined)) return same(s);
      const { [key]: _gone, ...rest } = facts.reviews;
      return changed(with_(s, { reviews: i.summary ? { ...rest, [key]: i.summary } : rest }), [], false);
    }
    case 'review_comments': {
      if (equal(facts.comments[i.agent] ?? [], i.comments)) return same(s);
      const { [i.agent]: _gone, ...rest } = facts.comments;
      return changed(
        with_(s, { comments: i.comments.length ? { ...rest, [i.agent]: i.comments } : rest }),
        [],
        false,
      );
    }
  }
}

function with_(s: HubState, patch: Partial<HubFacts>): HubState {
  return { ...s, facts: { ...s.facts, ...patch } };
}

const emit = (event: string, payload: Record<string, unknown>, subject: string) => ({
  type: 'emit' as const,
  event,
  payload,
  subject,
});
