import { OVERLAY_COMMANDS, type BuiltinCommandId } from '../commands/builtin-commands.js';
import type { CommandHandler } from '../commands/registry.js';
import type { Hub } from './hub.js';
import type { Agent } from '../agents/agent.js';
import { requestSuspend } from './suspend.js';
import { openSearch, startSelection } from './hub-scroll.js';
import { overlayHandlers } from './overlay-commands.js';

/** What each built-in command does to the hub. */
export function builtinHandlers(): Record<BuiltinCommandId, CommandHandler<Hub>> {
  return {
    'agent.next': (hub) => hub.focusNext(1),
    'agent.prev': (hub) => hub.focusNext(-1),
    'agent.focus': (hub, arg) => {
      if (typeof arg === 'number') hub.focusIndex(arg - 1);
      else if (typeof arg === 'string') hub.focus(arg);
    },
    'agent.spawn': (hub, arg) => {
      // No arg: the spawn dialog (profiles) or a new $SHELL. A new agent is there to be typed
      // into: it is focused in insert mode.
      if (arg === undefined || arg === null) return hub.lifecycle.spawnDialog();
      const spec = typeof arg === 'string' ? { command: arg } : (arg as { command: string });
      return hub.lifecycle.spawnFromKey(spec, () => hub.setMode('insert'));
    },
    'agent.kill': (hub) => (hub.focused ? hub.lifecycle.kill(hub.focused) : undefined),
    'agent.close': (hub, arg) => hub.lifecycle.close(agentArg(hub, arg)),
    'agent.send_way_out': (hub) => hub.lifecycle.sendWayOut(),
    'agent.restart': (hub) => hub.lifecycle.restartFocused(),
    'mode.normal': (hub) => hub.setMode('normal'),
    'mode.insert': (hub) => hub.setMode('insert'),
    'help.toggle': (hub) => hub.dispatch({ type: 'help_toggle' }),
    // The overlay tables' own commands do nothing from the palette: it does not offer them.
    'palette.open': (hub) =>
      hub.dispatch({ type: 'palette_open', title: 'Commands', items: hub.commands.list().filter((c) => !OVERLAY_COMMANDS.has(c.id)).map((c) => ({ id: c.id, description: c.description })), action: { kind: 'command' } }),
    'scroll.up': (hub) => hub.scrollBy(1),
    'scroll.down': (hub) => hub.scrollBy(-1),
    'scroll.page_up': (hub) => hub.scrollBy(hub.pageSize()),
    'scroll.page_down': (hub) => hub.scrollBy(-hub.pageSize()),
    'scroll.bottom': (hub) => hub.scrollBy(-Infinity),
    // Lua's app.quit (lua/default/dialogs.lua) asks; this answers only while Lua cannot run.
    'app.quit': (hub) => quitWithoutLua(hub),
    'app.stop': (hub) => hub.quit(),
    'app.suspend': (hub) => {
      if (!(hub.opts.suspend?.() ?? requestSuspend())) hub.notify('app.suspend needs a hub running in a terminal');
    },
    'client.detach': (hub) => {
      if (!hub.opts.detach?.()) hub.notify('client.detach needs a hub server with a client attached (plain botster-tui)');
    },
    'agent.next_waiting': (hub) => hub.lifecycle.focusNextWaiting(),
    'worktree.remove': (hub) => hub.lifecycle.offers.remove(),
    'scroll.search': (hub) => openSearch(hub),
    'scroll.search_next': (hub) => hub.dispatch({ type: 'search_step', delta: 1 }),
    'scroll.search_prev': (hub) => hub.dispatch({ type: 'search_step', delta: -1 }),
    'scroll.copy': (hub) => startSelection(hub),
    'improvements.accept': async (hub) => hub.notify(await hub.improvements.answer(true), 'info'),
    'improvements.reject': async (hub) => hub.notify(await hub.improvements.answer(false), 'info'),
    ...overlayHandlers(),
  };
}

/** An agent named by a command's arg: its 1-based number or its id; none given: the focused one. */
function agentArg(hub: Hub, arg: unknown): Agent | undefined {
  if (typeof arg === 'number') return hub.agents.get(hub.state.agents[arg - 1] ?? '');
  if (typeof arg === 'string' && arg !== '') return hub.agents.get(arg) ?? hub.agents.get(hub.state.agents[Number(arg) - 1] ?? '');
  return hub.focused;
}

/** app.quit while Lua is stopped: settings.on_quit still decides; "ask" asks with the palette. */
function quitWithoutLua(hub: Hub): Promise<void> | void {
  const how = hub.config.settings.on_quit;
  if (how === 'stop') return hub.quit();
  if (how === 'detach') return hub.runCommand('client.detach');
  const items = ['client.detach', 'app.stop'].map((id) => ({ id, description: hub.commands.get(id)?.description ?? '' }));
  hub.dispatch({ type: 'palette_open', title: 'Quit: detach or stop the agents?', items, action: { kind: 'command' } });
}
