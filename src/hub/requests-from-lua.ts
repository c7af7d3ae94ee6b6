import { REVIEW_JUMPS } from './requests.js';
import type { LuaRequest, ReviewJump } from './requests.js';

// `fromLua`: the list of requests Lua's worker sends, checked field by field into LuaRequest (./requests.ts):
// a sandboxed improvement can put anything in its list, and nothing but the hub's words may get through.

const text = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const optId = (v: unknown): { id?: string } => (v === undefined || v === null ? {} : { id: text(v) });

/** A request Lua sent, checked (null: not one of the words Lua's app may use, or malformed). */
export function fromLua(e: unknown): LuaRequest | null {
  if (!e || typeof e !== 'object') return null;
  const r = e as Record<string, unknown>;
  switch (r.type) {
    case 'focus':
      return { type: 'focus', id: text(r.id) };
    case 'set_mode':
      return { type: 'set_mode', mode: text(r.mode) };
    case 'notify':
      return {
        type: 'notify',
        text: text(r.text),
        level: r.level === 'error' ? 'error' : 'info',
        ...(typeof r.id === 'string' && r.id ? { id: r.id } : {}),
        ...(Number.isInteger(r.question) ? { question: r.question as number } : {}),
        ...(typeof r.agent === 'string' && r.agent && typeof r.state === 'string' && r.state
          ? { whileAgent: { agent: r.agent, state: r.state } }
          : {}),
      };
    case 'unnotify':
      return typeof r.id === 'string' && r.id ? { type: 'unnotify', id: r.id } : null;
    case 'scroll':
      return typeof r.lines === 'number' && !Number.isNaN(r.lines)
        ? { type: 'scroll', lines: r.lines }
        : null;
    case 'dialog_open': {
      const items =
        r.prompt || !Array.isArray(r.items)
          ? undefined
          : r.items.map(
              (it: { id?: unknown; description?: unknown; confirm?: unknown } | null, i: number) => ({
                id: text(it?.id),
                description: text(it?.description),
                value: String(i + 1),
                ...(typeof it?.confirm === 'string' && it.confirm.trim()
                  ? { confirm: it.confirm.trim() }
                  : {}),
              }),
            );
      const lines = Array.isArray(r.text) ? r.text.slice(0, 20).map(text) : undefined;
      return {
        type: 'dialog_open',
        title: text(r.title),
        dialog: Number(r.dialog),
        ...(items ? { items } : {}),
        ...(r.prompt ? { prompt: true, query: text(r.query) } : {}),
        ...(r.typed === true && !r.prompt ? { typed: true } : {}),
        ...(lines?.length ? { text: lines } : {}),
        ...(typeof r.key === 'string' && r.key !== '' ? { key: r.key.slice(0, 200) } : {}),
        ...(Array.isArray(r.about) && r.about.length ? { about: r.about.slice(0, 1000).map(text) } : {}),
      };
    }
    case 'scroll_search':
      return { type: 'scroll_search', query: text(r.query) };
    case 'notify_desktop':
      return {
        type: 'notify_desktop',
        text: text(r.text),
        kind: r.kind === 'osc777' || r.kind === 'bell' ? r.kind : 'osc9',
      };
    case 'verb': {
      if (typeof r.name !== 'string' || r.name === '') return null;
      // An empty Lua table arrives as [] (no arguments); any other list is not arguments.
      const a = r.args ?? {};
      if (typeof a !== 'object' || (Array.isArray(a) && a.length > 0)) return null;
      return {
        type: 'verb',
        name: r.name,
        args: Array.isArray(a) ? {} : { ...(a as Record<string, unknown>) },
        ...(Number.isInteger(r.dialog) ? { dialog: Number(r.dialog) } : {}),
        ...(r.tell === true ? { tell: true as const } : {}),
        ...(typeof r.as === 'string' && /^[\w.:]{1,60}$/.test(r.as) ? { as: r.as } : {}),
      };
    }
    case 'review':
      return { type: 'review', mode: r.mode === 'uncommitted' ? 'uncommitted' : 'all', ...optId(r.id) };
    case 'review_jump':
      return typeof r.to === 'string' && (REVIEW_JUMPS as readonly string[]).includes(r.to)
        ? { type: 'review_jump', to: r.to as ReviewJump }
        : null;
    case 'compare': {
      const mode = r.mode === 'uncommitted' ? 'uncommitted' : 'all';
      const selected = typeof r.selected === 'number' && Number.isFinite(r.selected) ? r.selected : 1;
      if (r.ids === undefined || r.ids === null) return { type: 'compare', mode, selected };
      return Array.isArray(r.ids) ? { type: 'compare', ids: r.ids.map(text), mode, selected } : null;
    }
    case 'compare_select':
      return typeof r.index === 'number' && Number.isFinite(r.index)
        ? { type: 'compare_select', index: r.index }
        : null;
    case 'compare_scroll':
      return typeof r.lines === 'number' && !Number.isNaN(r.lines)
        ? { type: 'compare_scroll', lines: r.lines, pages: r.pages === true, selected: r.selected === true }
        : null;
    case 'compare_jump':
      return r.to === 'top' || r.to === 'bottom' || r.to === 'next_file' || r.to === 'prev_file'
        ? { type: 'compare_jump', to: r.to }
        : null;
    default:
      return null;
  }
}
