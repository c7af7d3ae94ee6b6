// Commands are data (dotted id, description, category, where it came from) plus a handler. Keys,
// the command palette and Lua all name commands by id; the registry neither knows nor cares what a
// handler does, so the app layer attaches handlers and this file stays pure. An older id of a
// verb's command (`app.stop` for `hub.stop`: src/wire/verb-aliases.ts) names that command.

import { searchCommands } from '../hub/search-commands.js';
import { aliasesOf, verbName } from '../wire/verb-aliases.js';
import type { Answerer } from '../hub/state.js';

/** A command's older ids, which find it in the palette too (a verb's: `app.quit` finds client.quit). */
export const olderIds = (id: string): string[] => aliasesOf(id).filter((a) => a.includes('.'));

export interface CommandInfo {
  /** Dotted, lower case: "agent.next", "scroll.page_up". */
  id: string;
  description: string;
  category: string;
  /** "builtin" or the "file:line" that registered it. */
  source: string;
}

/**
 * `depth`: how many commands are running this one (a command may run others); `improvement`: the
 * improvement that started the chain, if one did (it may not answer improvements, even through a
 * command of yours it ran); `by`: who is at the keys (absent: nobody, its dialogs wait as questions).
 */
export type CommandHandler<C> = (
  ctx: C,
  arg?: unknown,
  depth?: number,
  improvement?: string,
  by?: Answerer,
) => void | Promise<void>;

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export const COMMAND_ID_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

interface Entry<C> {
  info: CommandInfo;
  handler: CommandHandler<C>;
}

export class CommandRegistry<C> {
  // Per id, every live registration, newest last. The newest one is the command; dropping a source
  // (a reloaded file) brings back whatever it had overridden, e.g. the builtin.
  private readonly stacks = new Map<string, Entry<C>[]>();

  /**
   * The newest registration of an id wins; it replaces an earlier one from the same file and
   * shadows one from another file until that file is unregistered. Throws CommandError on a bad id, description or handler. */
  register(info: CommandInfo, handler: CommandHandler<C>): void {
    const given = validateInfo(info);
    // An older id of a verb (app.stop) registers that verb's command (hub.stop): it overrides it.
    const clean =
      given.id === verbName(given.id) ? given : Object.freeze({ ...given, id: verbName(given.id) });
    if (typeof handler !== 'function') {
      throw new CommandError(`command "${clean.id}": handler must be a function, got ${typeof handler}`);
    }
    const file = sourceFile(clean.source);
    const stack = (this.stacks.get(clean.id) ?? []).filter((e) => sourceFile(e.info.source) !== file);
    stack.push({ info: clean, handler });
    this.stacks.set(clean.id, stack);
  }

  /**
   * Drop every command a file registered (before re-evaluating it on reload). Sources compare by
   * file: "user/hooks.lua" (or any "user/hooks.lua:N") drops all of "user/hooks.lua:*".
   */
  unregisterSource(source: string): void {
    const file = sourceFile(source);
    for (const [id, stack] of this.stacks) {
      const kept = stack.filter((e) => sourceFile(e.info.source) !== file);
      if (kept.length === 0) this.stacks.delete(id);
      else if (kept.length !== stack.length) this.stacks.set(id, kept);
    }
  }

  /** Drop every registration whose source fails `keep` (a reload replaces all Lua commands). */
  retain(keep: (info: CommandInfo) => boolean): void {
    for (const [id, stack] of this.stacks) {
      const kept = stack.filter((e) => keep(e.info));
      if (kept.length === 0) this.stacks.delete(id);
      else if (kept.length !== stack.length) this.stacks.set(id, kept);
    }
  }

  has(id: string): boolean {
    return this.stacks.has(verbName(id));
  }

  /** Every live registration of an id, newest first (the first is the command; the rest it shadows). */
  stack(id: string): CommandInfo[] {
    return [...(this.stacks.get(verbName(id)) ?? [])].reverse().map((e) => e.info);
  }

  get(id: string): CommandInfo | undefined {
    return this.top(id)?.info;
  }

  /** Sorted by category, then id. */
  list(): CommandInfo[] {
    return [...this.stacks.values()]
      .map((s) => s[s.length - 1].info)
      .sort((a, b) => cmp(a.category, b.category) || cmp(a.id, b.id));
  }

  /**
   * Runs the newest registration of an id that `usable` accepts (all by default): while Lua cannot
   * run, the caller skips Lua's and the built-in below answers. Throws CommandError for an unknown
   * id; a handler's own error (or rejection) propagates.
   */
  async run(
    id: string,
    ctx: C,
    arg?: unknown,
    usable: (info: CommandInfo) => boolean = () => true,
    depth = 0,
    improvement?: string,
    by?: Answerer,
  ): Promise<void> {
    await this.pick(id, usable)(ctx, arg, depth, improvement, by);
  }

  /**
   * The handler of the newest registration of an id that `usable` accepts: the caller runs it (a
   * key's command goes registry -> handler without coming back through here). Throws CommandError
   * for an unknown id or when none is usable.
   */
  pick(id: string, usable: (info: CommandInfo) => boolean = () => true): CommandHandler<C> {
    const stack = this.stacks.get(verbName(id));
    if (!stack) throw new CommandError(`unknown command "${id}"`);
    for (let i = stack.length - 1; i >= 0; i--) if (usable(stack[i].info)) return stack[i].handler;
    throw new CommandError(`command "${id}" cannot run now (Lua is paused and it has no built-in)`);
  }

  /** Palette filter: query chars in order in id or description; best first. Empty query = list(). */
  search(query: string): CommandInfo[] {
    const items = this.list().map((info) => ({
      info,
      id: info.id,
      description: info.description,
      older: olderIds(info.id),
    }));
    return searchCommands(items, query).map((i) => i.info);
  }

  private top(id: string): Entry<C> | undefined {
    const s = this.stacks.get(verbName(id));
    return s?.[s.length - 1];
  }
}

/** "user/hooks.lua:12" -> "user/hooks.lua"; "builtin" stays. */
function sourceFile(source: string): string {
  return source.replace(/:\d+$/, '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Infos may come from Lua, so check the types at run time, not only in TypeScript.
function validateInfo(info: CommandInfo): CommandInfo {
  if (info === null || typeof info !== 'object') throw new CommandError('command info must be a table');
  const { id, description, category, source } = info;
  if (typeof id !== 'string' || !COMMAND_ID_PATTERN.test(id)) {
    throw new CommandError(
      `bad command id ${JSON.stringify(id)}: use lower-case dotted words like "agent.next"`,
    );
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw new CommandError(`command "${id}" needs a description`);
  }
  if (category !== undefined && typeof category !== 'string') {
    throw new CommandError(`command "${id}": category must be a string`);
  }
  if (typeof source !== 'string' || source === '') {
    throw new CommandError(`command "${id}": source must be "builtin" or "file:line"`);
  }
  // An empty category files the command under its first id segment ("agent.next" -> "agent").
  const cat = category?.trim() || id.slice(0, id.indexOf('.'));
  return Object.freeze({ id, description: description.trim(), category: cat, source });
}
