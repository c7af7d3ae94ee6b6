// What each built-in command asks for, as data: a pure function of its argument to requests
// (hub/requests.ts), the same words Lua's app:* uses. A Lua command registered under the same id
// replaces it (commands/registry.ts); while Lua cannot run, these answer.
import type { BuiltinCommandId } from './builtin-commands.js';
import type { Request } from '../hub/requests.js';

type Requests = (arg: unknown) => Request[];

/** A count argument: a positive whole number, 1 when absent or nonsense. */
function count(arg: unknown): number {
  const n = typeof arg === 'string' ? Number(arg) : arg;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}

/** Which waiting request an answer is for (absent: the latest). */
function requestArg(arg: unknown): { request?: string } {
  return typeof arg === 'string' && arg.trim() ? { request: arg.trim() } : {};
}

function nameArg(arg: unknown): { name?: string } {
  return typeof arg === 'string' && arg.trim() ? { name: arg.trim() } : {};
}

function focusArg(arg: unknown): Request[] {
  // The agent numbered so in the list (a number stays with its agent, gaps and all); the verb's own
  // arguments, { agent = N } (a key bound to agent.focus in the verb form), name it the same.
  const agent = arg !== null && typeof arg === 'object' ? (arg as { agent?: unknown }).agent : arg;
  if (typeof agent === 'number') return [{ type: 'focus', id: String(agent) }];
  if (typeof agent === 'string') return [{ type: 'focus', id: agent.replace(/^id:/, '') }];
  return [];
}

/**
 * The agent a verb's face acts on: its arguments' `agent` (a key bound to { verb = "agent.kill",
 * agent = 3 }), an id given alone (the palette's argument), else "focused" (the agent shown).
 */
function agentArg(arg: unknown): unknown {
  if (arg !== null && typeof arg === 'object') return (arg as { agent?: unknown }).agent ?? 'focused';
  return typeof arg === 'number' || (typeof arg === 'string' && arg !== '') ? `id:${arg}` : 'focused';
}

/** Verb `name` asked with `args` ("focused": the agent shown), its failures named by the command. */
const verb = (name: string, args: Record<string, unknown> = {}): Request => ({
  type: 'verb',
  name,
  args,
  as: name,
});

const TABLE: Record<BuiltinCommandId, Requests> = {
  'agent.next': () => [{ type: 'focus_next', delta: 1 }],
  'agent.prev': () => [{ type: 'focus_next', delta: -1 }],
  'agent.focus': focusArg,
  // The verbs, as Lua's app:kill and `botster-tui kill` ask for them ("focused": the agent shown).
  'agent.kill': (arg) => [verb('agent.kill', { agent: agentArg(arg) })],
  'agent.close': (arg) => [verb('agent.close', { agent: agentArg(arg) })],
  // The chord itself to the agent shown, and back to typing into it.
  'agent.send_way_out': (arg) => [
    verb('agent.send_way_out', { agent: agentArg(arg) }),
    { type: 'set_mode', mode: 'insert' },
  ],
  'mode.normal': () => [{ type: 'set_mode', mode: 'normal' }],
  'mode.insert': () => [{ type: 'set_mode', mode: 'insert' }],
  'help.toggle': () => [{ type: 'help_toggle' }],
  'palette.open': () => [{ type: 'command_palette' }],
  'question.open': () => [{ type: 'question_open' }],
  'scroll.up': () => [{ type: 'scroll', lines: 1 }],
  'scroll.down': () => [{ type: 'scroll', lines: -1 }],
  'scroll.page_up': () => [{ type: 'scroll_page', pages: 1 }],
  'scroll.page_down': () => [{ type: 'scroll_page', pages: -1 }],
  'scroll.bottom': () => [{ type: 'scroll_bottom' }],
  'scroll.search_next': () => [{ type: 'search_step', delta: 1 }],
  'scroll.search_prev': () => [{ type: 'search_step', delta: -1 }],
  'scroll.copy': () => [{ type: 'select_start' }],
  // Lua's client.quit (lua/default/dialogs.lua) asks; the verb answers while Lua cannot run.
  'client.quit': () => [verb('client.quit')],
  'hub.stop': () => [verb('hub.stop')],
  'client.suspend': () => [verb('client.suspend')],
  'client.detach': () => [verb('client.detach')],
  'session.resume': () => [verb('session.resume')],
  'session.discard': () => [verb('session.discard')],
  'improvement.accept': (arg) => [verb('improvement.accept', nameArg(arg))],
  'improvement.reject': (arg) => [verb('improvement.reject', nameArg(arg))],
  'pipeline.accept': (arg) => [verb('pipeline.accept', requestArg(arg))],
  'pipeline.reject': (arg) => [verb('pipeline.reject', requestArg(arg))],
  'agent.allow_drive': (arg) => [verb('agent.allow_drive', requestArg(arg))],
  'agent.deny_drive': (arg) => [verb('agent.deny_drive', requestArg(arg))],
  'agent.allow_host': (arg) => [verb('agent.allow_host', requestArg(arg))],
  'agent.deny_host': (arg) => [verb('agent.deny_host', requestArg(arg))],
  'copy.down': (arg) => [{ type: 'select_move', delta: count(arg) }],
  'copy.up': (arg) => [{ type: 'select_move', delta: -count(arg) }],
  'copy.mark': () => [{ type: 'select_mark' }],
  'copy.yank': () => [{ type: 'select_copy' }],
  'copy.cancel': () => [{ type: 'select_cancel' }],
  'help.down': (arg) => [{ type: 'help_scroll', lines: count(arg) }],
  'help.up': (arg) => [{ type: 'help_scroll', lines: -count(arg) }],
  'help.page_down': () => [{ type: 'help_page', pages: 1 }],
  'help.page_up': () => [{ type: 'help_page', pages: -1 }],
  'help.close': () => [{ type: 'overlay_close', kind: 'help' }],
  'palette.next': () => [{ type: 'palette_move', delta: 1 }],
  'palette.prev': () => [{ type: 'palette_move', delta: -1 }],
  'palette.submit': () => [{ type: 'palette_submit' }],
  'palette.backspace': () => [{ type: 'palette_backspace' }],
  'palette.delete_word': () => [{ type: 'palette_backspace', erase: 'word' }],
  'palette.clear': () => [{ type: 'palette_backspace', erase: 'line' }],
  'palette.cancel': () => [{ type: 'overlay_close', kind: 'palette' }],
};

export const BUILTIN_REQUESTS: Readonly<Record<BuiltinCommandId, Requests>> = Object.freeze(TABLE);
