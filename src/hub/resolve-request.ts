// Resolving a request (hub/requests.ts) to the reducer's intents: a pure function of the request,
// the state and a few facts only the host has (how far an agent can scroll, a page's height, the
// review panel in view, the commands on offer). What resolves to null here is the verb door (`verb`:
// an act, src/verbs/) or a view intent only the host completes (a scrollback search, a diff's
// files: commands/hub-scroll.ts viewIntents).
// A request and an intent of the same name have the same shape; one that needs the host's facts
// has a name of its own (request `scroll` -> intent `scroll_view`, `dialog_open` -> `palette_open`).
import type { Intent, TermFacts } from './intents.js';
import type { Request } from './requests.js';
import type { Answerer, ChooseAction, HubState, PaletteItem } from './state.js';

/** What resolving reads besides the state (functions, so only what a request needs is read). */
export interface RequestFacts {
  state: HubState;
  /** The review panel scrolling, searching and copying act on now (see reviewTarget), or null. */
  review(): { key: string; lineCount: number; rows: number } | null;
  /**
   * The compare panel scrolling acts on now (open, and keys drive the hub): each column's last top
   * line; null when closed (or in insert mode).
   */
  compare(): { max: number[] } | null;
  /** A page of the focused agent's panel (or the review or compare panel): its height less one line of context. */
  page(): number;
  /** An agent's terminal geometry; null: no such agent. */
  term(id: string): TermFacts | null;
  /** The commands the command palette offers. */
  paletteItems(): PaletteItem[];
  /** The key that runs a command in the mode the hub is in, as people read it (null: none does). */
  keyFor(id: string): string | null;
}

/** Who asked: a dialog a request opens answers there. */
export interface Asker {
  owner?: string;
  command?: { id: string; source: string };
  /** Who is at the keys (absent: nobody asked, the dialog waits as a question). */
  by?: Answerer;
  /** Where the request came from (`file:line`, a hook's name), for a question's badge. */
  source?: string;
  /** The agents whose text the Lua that asked was given: what it says and opens quotes them. */
  about?: readonly string[];
}

/** A notice's id as Lua named it, made its asker's own (the user's Lua, or one improvement or plugin). */
const noticeId = (id: string, from: Asker) => `lua:${from.owner ?? ''}:${id}`;

/** The intents `r` comes to; null: not the reducer's (an action of the hub's). */
export function resolveRequest(r: Request, f: RequestFacts, from: Asker = {}): Intent[] | null {
  const s = f.state;
  switch (r.type) {
    case 'focus':
    case 'focus_next':
    case 'focus_index':
    case 'set_mode':
    case 'help_toggle':
    case 'help_scroll':
    case 'palette_move':
    case 'palette_submit':
    case 'select_mark':
    case 'select_copy':
    case 'select_cancel':
    case 'overlay_close':
    case 'notify_desktop':
      return [r];
    case 'notify': {
      // (its id is its asker's: another improvement's notice of the same id is not its to take off)
      const { id, ...rest } = r;
      const named = id === undefined ? rest : { ...rest, id: noticeId(id, from) };
      return [from.about?.length ? { ...named, about: from.about } : named];
    }
    case 'unnotify':
      return [{ type: 'notice_clear', id: noticeId(r.id, from) }];
    case 'help_page':
      // The help overlay shows rows - 6 lines of bindings at most (see helpOverlay).
      return [{ type: 'help_scroll', lines: r.pages * Math.max(1, s.client.rows - 6) }];
    case 'palette_backspace':
      return [{ type: 'palette_edit', backspace: true, ...(r.erase ? { erase: r.erase } : {}) }];
    case 'scroll':
      return scrollBy(f, r.lines);
    case 'scroll_page':
      return scrollBy(f, r.pages * f.page());
    case 'scroll_bottom':
      return scrollBy(f, -Infinity);
    case 'search_step': {
      // n is the next match down the diff (in the scrollback it is the next older one, upward).
      const rv = f.review();
      const key = f.keyFor('scroll.search');
      const searchKey = key ? { searchKey: key } : {};
      return rv
        ? [
            {
              type: 'review_search_step',
              delta: r.delta,
              rows: rv.rows,
              lineCount: rv.lineCount,
              ...searchKey,
            },
          ]
        : [{ type: 'search_step', delta: r.delta, ...searchKey }];
    }
    case 'select_move': {
      const sel = s.client.selection;
      if (!sel) return [];
      const rv = sel.agentId.startsWith('diff:') ? f.review() : null;
      const term = rv ? { lineCount: rv.lineCount, rows: rv.rows, scrollbackLength: 0 } : f.term(sel.agentId);
      return term ? [{ type: 'select_by', delta: r.delta, term }] : [{ type: 'select_cancel' }];
    }
    case 'question_open':
      // It takes the keys: a script or a hook may not open it over what the user is typing.
      return from.by === 'user'
        ? [{ type: 'question_open' }]
        : [{ type: 'notify', text: 'question.open opens a question only from your keys', level: 'info' }];
    case 'command_palette':
      return [
        {
          type: 'palette_open',
          title: 'Commands',
          items: f.paletteItems(),
          action: { kind: 'command' },
          ...asked(from),
        },
      ];
    case 'dialog_open': {
      // What the Lua that asked was given, and what it says the dialog quotes.
      const about = [...new Set([...(from.about ?? []), ...(r.about ?? [])])];
      const action: ChooseAction = {
        kind: 'lua',
        ref: r.dialog,
        ...(r.prompt ? { input: true } : {}),
        ...(r.typed ? { typed: true } : {}),
        ...(from.owner ? { owner: from.owner } : {}),
        ...(from.command ? { command: from.command } : {}),
        ...(about.length ? { about } : {}),
      };
      return [
        {
          type: 'palette_open',
          title: r.title,
          items: r.items ?? [],
          action,
          ...(r.prompt ? { prompt: true, query: r.query ?? '' } : {}),
          ...(r.text?.length ? { text: r.text } : {}),
          ...(r.key ? { key: r.key } : {}),
          ...asked(from),
        },
      ];
    }
    case 'review':
      if (r.id === undefined) return [{ type: 'review_close' }];
      if (!f.term(r.id))
        return [{ type: 'notify', text: `app:open_review: no agent ${r.id}`, level: 'error' }];
      return [{ type: 'review_open', agent: r.id, mode: r.mode }];
    case 'compare': {
      if (r.ids === undefined) return [{ type: 'compare_close' }];
      const gone = r.ids.find((id) => !f.term(id));
      if (gone !== undefined)
        return [{ type: 'notify', text: `app:open_compare: no agent ${gone}`, level: 'error' }];
      if (r.ids.length === 0) return [{ type: 'compare_close' }];
      return [{ type: 'compare_open', agents: r.ids, mode: r.mode, selected: r.selected - 1 }];
    }
    case 'compare_select':
      return [{ type: 'compare_select', index: r.index - 1 }];
    default:
      return null;
  }
}

/** Who a palette is for, and where it came from (a question's badge). */
function asked(from: Asker): { by?: Answerer; from?: string } {
  return { ...(from.by ? { by: from.by } : {}), ...(from.source ? { from: from.source } : {}) };
}

/** The focused agent's view (positive = up into scrollback), or the compare or review panel (positive = up too). */
function scrollBy(f: RequestFacts, lines: number): Intent[] {
  const cv = f.compare();
  if (cv)
    return [
      {
        type: 'compare_scroll',
        lines: cv.max.map((m) => (lines === -Infinity ? Math.max(0, m) : -lines)),
        max: cv.max,
      },
    ];
  const rv = f.review();
  if (rv)
    return [
      {
        type: 'review_scroll',
        lines: lines === -Infinity ? rv.lineCount : -lines,
        max: rv.lineCount - rv.rows,
      },
    ];
  const id = f.state.client.focus;
  const term = id ? f.term(id) : null;
  return id && term ? [{ type: 'scroll_view', id, lines, max: term.scrollbackLength }] : [];
}
