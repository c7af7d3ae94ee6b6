import type { BuiltinCommandId } from '../commands/builtin-commands.js';
import type { CommandHandler } from '../commands/registry.js';
import type { Hub } from './hub.js';
import { requestSuspend } from './suspend.js';

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
      if (arg === undefined || arg === null) return hub.spawnDialog();
      const spec = typeof arg === 'string' ? { command: arg } : (arg as { command: string });
      return hub.spawnAgent(spec).then((agent) => {
        if (agent) hub.setMode('insert');
      });
    },
    'agent.kill': (hub) => (hub.focused ? hub.killAgent(hub.focused) : undefined),
    'agent.restart': (hub) => hub.restartFocused(),
    'mode.normal': (hub) => hub.setMode('normal'),
    'mode.insert': (hub) => hub.setMode('insert'),
    'help.toggle': (hub) => hub.toggleHelp(),
    'palette.open': (hub) => hub.openPalette(),
    'scroll.up': (hub) => hub.scrollBy(1),
    'scroll.down': (hub) => hub.scrollBy(-1),
    'scroll.page_up': (hub) => hub.scrollBy(hub.pageSize()),
    'scroll.page_down': (hub) => hub.scrollBy(-hub.pageSize()),
    'scroll.bottom': (hub) => hub.scrollBy(-Infinity),
    'app.quit': (hub) => hub.quit(),
    'app.suspend': (hub) => {
      if (!requestSuspend()) hub.notifyError('app.suspend needs a hub running in a terminal');
    },
    'agent.next_waiting': (hub) => hub.focusNextWaiting(),
    'worktree.remove': (hub) => hub.removeOfferedWorktree(),
    'scroll.search': (hub) => hub.openSearch(),
    'scroll.search_next': (hub) => hub.searchStep(1),
    'scroll.search_prev': (hub) => hub.searchStep(-1),
    'scroll.copy': (hub) => hub.startSelection(),
    'improvements.accept': async (hub) => hub.notifyError(await hub.improvements.answer(true)),
    'improvements.reject': async (hub) => hub.notifyError(await hub.improvements.answer(false)),
  };
}
