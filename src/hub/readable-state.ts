// The state as a caller that may not read some agents sees it (an agent's `snapshot --live`): the
// hub draws that caller's frame from this, so whatever the layout, an overlay or the message line
// shows of those agents' screens is not in what it is drawn from. What their screens say is their
// state's reason (the question line, a pipeline step's too) and their title; a notice, a dialog or
// a question made from an agent's text carries that agent in `about` (the event or the answer its
// Lua was given, what app:select says it quotes): it is withheld whole. Their names and states
// stay, and so does a search the caller cannot see into (theirs is dropped).
import type { Notice, PaletteOverlay, Question, HubState, OverlayState } from './state.js';
import { agentsQuotedIn } from './quoted-agents.js';

/** What a withheld notice, dialog or question says instead. */
export const WITHHELD = '(not yours to read: it quotes an agent you may not read)';

/** `s` without what the agents `reads` refuses say on their screens; `s` itself when it may read every agent. */
export function readableState(s: HubState, reads: (id: string) => boolean): HubState {
  const hidden = new Set(Object.keys(s.facts.agents).filter((id) => !reads(id)));
  if (hidden.size === 0) return s;
  // Whom it says it quotes, or (Lua that read `self` and did not say) whose words it holds.
  const quotes = (about: readonly string[] | undefined, text = '') =>
    about?.some((id) => hidden.has(id)) === true || agentsQuotedIn(s, text, hidden).length > 0;
  const agentStates = { ...s.agentStates };
  for (const id of hidden) {
    const e = agentStates[id];
    if (e) agentStates[id] = { ...e, reason: null, lines: undefined };
  }
  const agents = { ...s.facts.agents };
  for (const id of hidden) if (agents[id]) agents[id] = { ...agents[id]!, title: '' };
  const overlay = (o: OverlayState | null): OverlayState | null =>
    o?.kind === 'palette' && quotes(o.action.kind === 'lua' ? o.action.about : undefined, overlayText(o))
      ? withheld(o)
      : o;
  return {
    ...s,
    client: {
      ...s.client,
      overlay: overlay(s.client.overlay),
      ...(s.client.queued ? { queued: s.client.queued.map((q) => overlay(q) as PaletteOverlay) } : {}),
    },
    agentStates,
    facts: {
      ...s.facts,
      agents,
      // A step's reason is its agent's question while it waits.
      pipelines: s.facts.pipelines.map((r) =>
        r.steps.some((st) => st.agent_id !== undefined && hidden.has(st.agent_id) && st.reason)
          ? {
              ...r,
              steps: r.steps.map((st) =>
                st.agent_id !== undefined && hidden.has(st.agent_id) ? { ...st, reason: undefined } : st,
              ),
            }
          : r,
      ),
    },
    notice: s.notice && readableNotice(s.notice, quotes),
    // A search in a hidden agent's scrollback: its matches are where its screen says the query.
    search: s.search && hidden.has(s.search.agentId) ? null : s.search,
    questions: s.questions.map((q): Question =>
      quotes(q.overlay.action.kind === 'lua' ? q.overlay.action.about : undefined, overlayText(q.overlay))
        ? { ...q, overlay: withheld(q.overlay) }
        : q,
    ),
  };
}

function readableNotice(
  n: Notice,
  quotes: (about: readonly string[] | undefined, text: string) => boolean,
): Notice {
  const behind =
    n.behind && quotes(n.behind.about, n.behind.text) ? { ...n.behind, text: WITHHELD } : n.behind;
  const shown = quotes(n.about, n.text) ? { ...n, text: WITHHELD } : n;
  return behind === n.behind ? shown : { ...shown, behind };
}

/** What a dialog says: its title, its text and its choices. */
function overlayText(o: PaletteOverlay): string {
  return [o.title, ...(o.text ?? []), ...o.items.map((i) => `${i.id} ${i.description}`)].join('\n');
}

/** A dialog that quotes an agent the caller may not read: its frame and nothing of what it says. */
function withheld(o: PaletteOverlay): PaletteOverlay {
  return {
    ...o,
    title: 'A dialog',
    items: [],
    query: '',
    index: 0,
    text: [WITHHELD],
    action: { kind: 'lua', ref: -1 },
    withheld: true,
  };
}
