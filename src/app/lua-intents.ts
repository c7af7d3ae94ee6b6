import type { LuaIntent } from '../lua/runtime/config-file.js';
import type { PaletteItem } from '../hub/state.js';
import { search } from './hub-scroll.js';
import type { Hub } from './hub.js';

/** Where a batch of Lua intents came from: for errors, nested commands and dialog answers. */
export interface LuaOrigin {
  /** `file:line` or a name, for messages. */
  source: string;
  /** How deep commands ran commands to get here. */
  depth: number;
  /** The improvement whose Lua state asked (its dialogs answer there). */
  owner?: string;
  /** Runs a command id (the runner's, so an override that runs its own id reaches the one it shadows). */
  run(id: string, arg: unknown): Promise<void>;
  /** When Lua ran (the hub's clock), for the frame the worker rendered with it (see LuaHost.luaRun). */
  now?: number;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

/**
 * Applies what Lua's app:* asked for. The reducer's own intents go to dispatch as they are (the
 * host adds only what it knows: scroll limits, the dialog the palette answers); the rest are the
 * hub's actions. Lua data is checked field by field: a sandboxed improvement can put anything in
 * its request list, and nothing but these requests gets through.
 */
export async function applyLuaIntent(hub: Hub, e: LuaIntent, from: LuaOrigin): Promise<void> {
  switch (e.type) {
    case 'focus':
      return hub.dispatch({ type: 'focus', id: text(e.id) }, from.now);
    case 'set_mode':
      return hub.dispatch({ type: 'set_mode', mode: text(e.mode) });
    case 'notify':
      return hub.dispatch({ type: 'notify', text: text(e.text), level: e.level === 'error' ? 'error' : 'info' });
    case 'scroll':
      if (typeof e.lines === 'number') hub.scrollBy(e.lines);
      return;
    case 'palette_open': {
      const action = { kind: 'lua' as const, ref: Number(e.dialog), ...(e.prompt ? { input: true } : {}), ...(from.owner ? { owner: from.owner } : {}) };
      const items: PaletteItem[] = e.prompt || !Array.isArray(e.items) ? [] : e.items.map((it, i) => ({ id: text(it?.id), description: text(it?.description), value: String(i + 1) }));
      return hub.dispatch({ type: 'palette_open', title: text(e.title), items, action, ...(e.prompt ? { prompt: true, query: text(e.query) } : {}) });
    }
    case 'spawn':
      if (e.spec && typeof e.spec.command === 'string') await hub.lifecycle.spawnFromKey(e.spec);
      return;
    case 'kill': {
      const agent = hub.agents.get(e.id === undefined ? (hub.state.client.focus ?? '') : text(e.id));
      if (agent) await hub.lifecycle.kill(agent);
      return;
    }
    case 'restart': {
      const id = e.id === undefined ? hub.state.client.focus : text(e.id);
      if (id) await hub.lifecycle.restart(id, e.spec && typeof e.spec.command === 'string' ? e.spec : undefined);
      return;
    }
    case 'quit':
      return hub.quit();
    case 'run':
      return from.run(text(e.id), e.arg);
    case 'search':
      return search(hub, text(e.query));
    case 'remove_worktree':
      return hub.lifecycle.offers.remove(text(e.path));
    case 'notify_desktop':
      return hub.effects.run([{ type: 'terminal', data: desktopNotification(text(e.text), e.kind) }]);
  }
}

/** The escape that asks the user's terminal for a desktop notification (no control bytes inside). */
export function desktopNotification(message: string, kind: unknown): string {
  const clean = message.replace(/[\x00-\x1f\x7f;]/g, ' ').slice(0, 200);
  return kind === 'osc777' ? `\x1b]777;notify;botster-tui;${clean}\x07` : `\x1b]9;${clean}\x07`;
}
