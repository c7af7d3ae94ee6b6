// The help overlay and palette-like overlays (command palette, choosers, one-line prompts): the
// host filters, moves the cursor and draws; what a choice does is the overlay's ChooseAction.
// A dialog nobody at the keys opened (a hook's, a script's) is a question: it waits in
// `questions` and never takes keys typed for an agent (docs/questions.md).
import { searchCommands } from './search-commands.js';
import type { Intent } from './intents.js';
import type { Effect } from './effect.js';
import type { Answerer, HubState, OverlayState, PaletteItem, PaletteOverlay, Question } from './state.js';
import { changed, loggedText, notify, same, type Result } from './result.js';

type Palette = PaletteOverlay;

/** The palette's items that match its query, best first. */
export function paletteMatches(p: Palette): PaletteItem[] {
  if (p.prompt) return [];
  return searchCommands(p.items, p.query);
}

function withOverlay(s: HubState, overlay: OverlayState | null): HubState {
  return { ...s, client: { ...s.client, overlay } };
}

/** The overlay closed: the next Lua dialog waiting its turn opens, if any. */
function closeOverlay(s: HubState): HubState {
  const [next, ...rest] = s.client.queued ?? [];
  if (!next) return withOverlay(s, null);
  return { ...s, client: { ...s.client, overlay: next, queued: rest.length ? rest : undefined } };
}

/** A Lua dialog that will never be answered hears so: its callback gets nil. */
export function cancelled(o: OverlayState | null | undefined, by?: Answerer): Effect[] {
  return o?.kind === 'palette' && o.action.kind === 'lua'
    ? [{ type: 'choose', action: o.action, value: null, ...(by ? { by } : {}) }]
    : [];
}

/** A dialog the user left without answering (a detach) goes back to the questions, or hears nil. */
export function leftOpen(
  s: HubState,
  overlays: ReadonlyArray<OverlayState | null | undefined>,
): { questions: Question[]; effects: Effect[] } {
  const back: Question[] = [];
  const effects: Effect[] = [];
  for (const o of overlays) {
    if (o?.kind !== 'palette') continue;
    if (o.question) back.push({ id: o.question.id, from: o.question.from, overlay: o });
    else effects.push(...cancelled(o));
  }
  return { questions: [...back, ...s.questions], effects };
}

/** What answering `o` with `item` (null: nothing) does. */
function answer(o: Palette, item: PaletteItem | null, by: Answerer, arg?: string): Effect[] {
  if (!item) return o.action.kind === 'lua' ? [{ type: 'choose', action: o.action, value: null, by }] : [];
  return [{ type: 'choose', action: o.action, value: item.value ?? item.id, ...(arg ? { arg } : {}), by }];
}

/** Enter in a palette: the choice under the cursor (a word typed exactly chooses its item). */
function submitted(o: Palette): Effect[] {
  if (o.prompt) return [{ type: 'choose', action: o.action, value: o.query, by: 'user' }];
  const typed = o.query.trim();
  const word = o.items.find((it) => it.confirm !== undefined && it.confirm === typed);
  if (word) return answer(o, word, 'user');
  // "agent.focus 3": an exact id and the rest of the line, the command's argument
  const [, id, arg] = /^\s*(\S+)\s+(.*\S)\s*$/.exec(o.query) ?? [];
  if (o.action.kind === 'command' && id && o.items.some((it) => it.id === id))
    return [{ type: 'choose', action: o.action, value: id, arg, by: 'user' }];
  const matches = paletteMatches(o);
  // Text that matches no item, in a select that takes it (a command line in "New agent"): the
  // answer is the text (as a prompt's is), not nothing.
  if (o.action.kind === 'lua' && o.action.typed && matches.length === 0 && typed)
    return [{ type: 'choose', action: { ...o.action, input: true }, value: typed, by: 'user' }];
  const chosen = matches[o.index] ?? null;
  // Enter alone on a choice that needs its word typed is "not now".
  return answer(o, chosen?.confirm !== undefined ? null : chosen, 'user');
}

/** How many questions may wait for the user: a hook asking in a loop cannot pile up more. */
export const MAX_QUESTIONS = 20;

/**
 * A dialog nobody at the keys opened waits as a question (a script's is its own to answer). The
 * same question asked again replaces the one waiting (which hears nil); past MAX_QUESTIONS the new
 * one is answered nil at once.
 */
function ask(s: HubState, overlay: Palette, by: Answerer | undefined, from: string): Result {
  const id = s.questionSeq + 1;
  const script = by !== undefined && by !== 'user';
  const q: Question = {
    id,
    from,
    overlay: { ...overlay, question: { id, from } },
    ...(script ? { script } : {}),
    ...(typeof by === 'object' ? { agent: by.id } : {}),
  };
  if (script) return changed({ ...s, questions: [...s.questions, q], questionSeq: id }, [], false);
  const again = s.questions.find((x) => !x.script && x.from === from && x.overlay.title === overlay.title);
  const waiting = s.questions.filter((x) => x !== again);
  // (A title made from agents' text is named in the log, not quoted: result.ts loggedText.)
  const title = loggedText(
    s,
    overlay.title,
    overlay.action.kind === 'lua' ? overlay.action.about : undefined,
    'a question',
  );
  if (waiting.filter((x) => !x.script).length >= MAX_QUESTIONS)
    return changed(s, [
      ...cancelled(overlay),
      {
        type: 'log',
        level: 'error',
        text: `question from ${from} dropped (${MAX_QUESTIONS} wait already): ${title}`,
      },
    ]);
  return changed(
    { ...s, questions: [...waiting, q], questionSeq: id },
    [
      ...cancelled(again?.overlay),
      { type: 'log', level: 'info', text: `question from ${from}: ${title}` },
      { type: 'emit', event: 'question_asked', payload: { id, title: overlay.title, from }, subject: from },
    ],
    false,
  );
}

export function reduceOverlay(s: HubState, i: Intent): Result | null {
  const o = s.client.overlay;
  switch (i.type) {
    case 'help_toggle':
      return o?.kind === 'help'
        ? changed(closeOverlay(s))
        : changed(withOverlay(s, { kind: 'help', scroll: 0 }), cancelled(o, 'user'));
    case 'help_scroll':
      if (o?.kind !== 'help') return null;
      return changed(withOverlay(s, { ...o, scroll: Math.max(0, o.scroll + i.lines) }));
    case 'palette_open': {
      const next: Palette = {
        kind: 'palette',
        title: i.title,
        items: i.items,
        query: i.query ?? '',
        index: 0,
        prompt: i.prompt === true,
        action: i.action,
        ...(i.text?.length ? { text: i.text } : {}),
        ...(i.key ? { key: i.key } : {}),
      };
      if (i.by !== 'user') return ask(s, next, i.by, i.from ?? 'the hub');
      // A Lua dialog arriving while a palette is open waits its turn: the keys being typed stay
      // with the one the user is in.
      if (i.action.kind === 'lua' && o?.kind === 'palette')
        return changed(
          { ...s, client: { ...s.client, queued: [...(s.client.queued ?? []), next] } },
          [],
          false,
        );
      return changed(withOverlay(s, next), cancelled(o, 'user'));
    }
    case 'question_open': {
      const q = s.questions.find((x) => !x.script);
      if (!q) return notify(s, 'no question is waiting', 'info');
      const questions = s.questions.filter((x) => x !== q);
      // From the palette it is closed already; a palette open meanwhile keeps the keys, the question is next.
      if (o?.kind === 'palette')
        return changed({
          ...s,
          questions,
          client: { ...s.client, queued: [q.overlay, ...(s.client.queued ?? [])] },
        });
      return changed({ ...withOverlay(s, q.overlay), questions });
    }
    case 'question_withdraw': {
      // Its callback hears nil, as for a question left unanswered; the badge counts one less.
      const gone = s.questions.filter((x) => !x.script && x.overlay.key === i.key);
      if (gone.length === 0) return same(s);
      return changed(
        { ...s, questions: s.questions.filter((x) => !gone.includes(x)) },
        gone.flatMap((q) => cancelled(q.overlay)),
      );
    }
    case 'question_answer': {
      const q = s.questions.find((x) => x.id === i.id);
      if (!q) return same(s);
      const next = { ...s, questions: s.questions.filter((x) => x !== q) };
      const by: Answerer = q.script ? (q.agent ? { kind: 'agent', id: q.agent } : 'script') : 'user';
      if (i.pick === 'cancel') return changed(next, cancelled(q.overlay, by), false);
      const d = q.overlay;
      if (d.prompt) return changed(next, [{ type: 'choose', action: d.action, value: d.query, by }], false);
      // Only a person types the word a confirmed choice needs: a first choice that needs it is nil.
      const first = d.items[0] ?? null;
      return changed(next, answer(d, first?.confirm !== undefined ? null : first, by), false);
    }
    case 'overlay_close':
      if (!o || (i.kind && o.kind !== i.kind)) return null;
      // A Lua dialog hears about the cancel: its callback gets nil.
      return changed(closeOverlay(s), cancelled(o, 'user'));
    case 'palette_move': {
      if (o?.kind !== 'palette') return null;
      const last = Math.max(0, paletteMatches(o).length - 1);
      return changed(withOverlay(s, { ...o, index: Math.max(0, Math.min(last, o.index + i.delta)) }));
    }
    case 'palette_edit': {
      if (o?.kind !== 'palette') return null;
      const query =
        i.erase === 'line'
          ? ''
          : i.erase === 'word'
            ? o.query.replace(/\S*\s*$/, '') // the word before the cursor, as a shell's ctrl+w
            : i.backspace
              ? [...o.query].slice(0, -1).join('')
              : o.query + (i.text ?? '').replace(/[\r\n]/g, ' ');
      return changed(withOverlay(s, { ...o, query, index: 0 }));
    }
    case 'palette_submit': {
      if (o?.kind !== 'palette') return null;
      return changed(closeOverlay(s), submitted(o));
    }
    default:
      return null;
  }
}
