// The pure reducer: (state, intent) -> new state, the effects to run, and what must be redrawn.
// No I/O and no clocks here: times arrive inside intents, or as `now` (when the intent happened).
import type { Effect } from './effect.js';
import type { Intent } from './intents.js';
import type { HubState } from './state.js';
import { reduceView } from './reduce-view.js';
import { STARTED } from './agent-state.js';
import { reduceAgentState, withTurn } from './reduce-agent-state.js';
import { reduceOverlay } from './reduce-overlay.js';
import { reduceReview, reviewFollows } from './reduce-review.js';
import { compareWithout, reduceCompare } from './reduce-compare.js';
import { mapViews, reduceClients } from './reduce-clients.js';
import { changed, notify, same, withEndedNotices, type Result } from './result.js';
import { reduceFacts } from './reduce-facts.js';
import { configLoaded } from './reduce-config.js';
import { unknownAgent } from './facts.js';
import { desktopNotification } from './desktop-notification.js';

export type { Result };

/**
 * Whether a key typed into agent `id` changes anything (its view was scrolled or searched, or its
 * turn begins): most keys do not, and the hub then skips the dispatch (a key's echo waits for it).
 */
export function typedChanges(s: HubState, id: string): boolean {
  return id in s.scroll || s.search?.agentId === id || withTurn(s, id) !== s;
}

export function reduce(s: HubState, i: Intent, now = 0): Result {
  const r = reduceIntent(s, i, now);
  // A notice ends with what it says: its question (opened, answered, withdrawn, replaced), its
  // agent's state.
  return r.state.questions === s.questions && r.state.agentStates === s.agentStates ? r : withEndedNotices(r);
}

function reduceIntent(s: HubState, i: Intent, now: number): Result {
  switch (i.type) {
    case 'agent_added': {
      if (s.agents.includes(i.id)) return same(s);
      // Views with nothing focused focus the first agent quietly (nothing was focused to change from).
      const agentStates = { ...s.agentStates, [i.id]: { ...STARTED, since: now } };
      const at = i.at !== undefined && i.at >= 0 && i.at < s.agents.length ? i.at : s.agents.length;
      const facts = { ...s.facts, agents: { ...s.facts.agents, [i.id]: i.facts ?? unknownAgent(i.id) } };
      const next = mapViews(
        { ...s, agents: [...s.agents.slice(0, at), i.id, ...s.agents.slice(at)], agentStates, facts },
        (v) => (v.focus === null ? { ...v, focus: i.id } : v),
      );
      if (s.client.focus === null) return changed(next, [], false);
      return i.focus ? withFocus(next, i.id, now, false) : changed(next, [], false);
    }
    case 'agent_removed': {
      const agents = s.agents.filter((a) => a !== i.id);
      const at = s.agents.indexOf(i.id);
      const instead = agents[Math.min(at, agents.length - 1)] ?? null;
      const { [i.id]: _scroll, ...scroll } = s.scroll;
      return changed(
        {
          ...mapViews(s, (v) =>
            v.focus === i.id ||
            v.selection?.agentId === i.id ||
            v.review?.agent === i.id ||
            v.compare?.agents.includes(i.id)
              ? {
                  ...v,
                  focus: v.focus === i.id ? instead : v.focus,
                  selection:
                    v.selection?.agentId === i.id || v.selection?.agentId === `diff:${i.id}`
                      ? null
                      : v.selection,
                  review: v.review?.agent === i.id ? reviewFollows(v.review, instead) : v.review,
                  ...(v.compare ? { compare: compareWithout(v.compare, i.id) } : {}),
                }
              : v,
          ),
          agents,
          scroll,
          agentStates: without(s.agentStates, i.id),
          facts: {
            ...s.facts,
            agents: without(s.facts.agents, i.id),
            comments: without(s.facts.comments, i.id),
            onScreen: s.facts.onScreen.filter((id) => id !== i.id),
          },
          sessions: without(s.sessions, i.id),
          bellAt: without(s.bellAt, i.id),
          seenAt: without(s.seenAt, i.id),
          search: s.search?.agentId === i.id ? null : s.search,
        },
        [],
        false,
      );
    }
    case 'typed': {
      const t = withTurn(s, i.id);
      return reduceView(t, i) ?? (t === s ? same(s) : changed(t, [], false));
    }
    case 'bell':
      return changed({ ...s, bellAt: { ...s.bellAt, [i.id]: i.at } }, [], false);
    case 'agent_facts':
    case 'hub_facts':
    case 'review_facts':
    case 'review_comments':
      return reduceFacts(s, i);
    case 'focus':
      return withFocus(s, i.id, now);
    case 'planned_focus':
      return i.id === s.client.focus ? same(s) : same({ ...s, client: { ...s.client, focus: i.id } });
    case 'focus_next': {
      if (s.agents.length === 0) return same(s);
      const at = s.agents.indexOf(s.client.focus ?? '');
      const n = s.agents.length;
      return withFocus(s, s.agents[(((at + i.delta) % n) + n) % n], now);
    }
    case 'focus_index':
      return s.agents[i.index] ? withFocus(s, s.agents[i.index], now) : same(s);
    case 'set_mode': {
      if (i.mode === s.client.mode) return same(s);
      if (!s.modes.includes(i.mode)) return notify(s, `unknown mode "${i.mode}"`, 'error');
      const from = s.client.mode;
      return changed({ ...s, client: { ...s.client, prevMode: from, mode: i.mode } }, [
        { type: 'emit', event: 'mode_changed', payload: { from, to: i.mode } },
      ]);
    }
    case 'modes_loaded':
      return changed(
        mapViews({ ...s, modes: i.modes }, (v) => (i.modes.includes(v.mode) ? v : { ...v, mode: 'insert' })),
        [],
        false,
      );
    case 'notify':
      return notify(s, i.text, i.level, i.untilKey, i.id, i.about, i.question, i.whileAgent);
    case 'notify_desktop':
      return {
        state: s,
        effects: [{ type: 'terminal', data: desktopNotification(i.text, i.kind) }],
        dirty: { tree: false, urgent: false },
      };
    case 'notice_key': {
      if (!s.notice?.untilKey) return same(s);
      const { behind } = s.notice;
      return behind
        ? notify(
            { ...s, notice: null },
            behind.text,
            behind.level,
            false,
            behind.id,
            behind.about,
            behind.question,
            behind.whileAgent,
          )
        : changed({ ...s, notice: null });
    }
    case 'notice_expired':
      // (One that waits for a key has no timer of its own; it goes with the key, not a timer.)
      return s.notice?.seq === i.seq && !s.notice.untilKey
        ? changed({ ...s, notice: null }, [], false)
        : same(s);
    case 'notice_clear':
      if (s.notice?.behind?.id === i.id)
        return changed({ ...s, notice: { ...s.notice, behind: undefined } }, [], false);
      return s.notice?.id === i.id ? changed({ ...s, notice: null }) : same(s);
    case 'config_error':
      if (i.error === s.configError) return same(s);
      return changed(
        { ...s, configError: i.error },
        i.error ? [{ type: 'log', level: 'error', text: i.error }] : [],
      );
    case 'config_loaded':
      return configLoaded(s, i);
    case 'rendered': {
      // A render error is logged once, not every frame.
      const effects: Effect[] =
        i.error && i.error !== s.renderError ? [{ type: 'log', level: 'error', text: i.error }] : [];
      const lua = i.error ? s.lua : { ...s.lua, backoffMs: 0 };
      return { state: { ...s, renderError: i.error, lua }, effects, dirty: { tree: false, urgent: false } };
    }
    case 'lua_stalled': {
      const backoffMs = Math.min(10000, Math.max(1000, s.lua.backoffMs * 2));
      return {
        state: { ...s, lua: { pausedUntil: i.now + backoffMs, backoffMs } },
        effects: [{ type: 'timer', name: 'lua-retry', ms: backoffMs, intent: { type: 'lua_ok' } }],
        dirty: { tree: false, urgent: false },
      };
    }
    case 'lua_ok':
      return changed({ ...s, lua: { pausedUntil: 0, backoffMs: s.lua.backoffMs } }, [], false);
    case 'lua_ran':
      return changed({ ...s, luaRan: s.luaRan + 1 }, [], false);
    default:
      return (
        reduceAgentState(s, i, now) ??
        reduceClients(s, i) ??
        reduceView(s, i) ??
        reduceOverlay(s, i) ??
        reduceReview(s, i) ??
        reduceCompare(s, i) ??
        same(s)
      );
  }
}

/** The agent focus leaves was seen until `now`: what it does from then on may need the user. */
function withFocus(s: HubState, id: string, now: number, urgent = true): Result {
  if (id === s.client.focus || !s.agents.includes(id)) return same(s);
  const from = s.client.focus;
  return changed(
    {
      ...s,
      client: { ...s.client, focus: id, review: reviewFollows(s.client.review, id) },
      seenAt: from === null ? s.seenAt : { ...s.seenAt, [from]: now },
    },
    [{ type: 'emit', event: 'focus_changed', payload: { from, to: id }, subject: id }],
    urgent,
  );
}

function without<T>(r: Record<string, T>, id: string): Record<string, T> {
  const { [id]: _gone, ...rest } = r;
  return rest;
}
