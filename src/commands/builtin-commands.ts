// The hub's own commands, as data. The app layer attaches the handlers (registerBuiltinCommands);
// keys, the palette, the help overlay and Lua see the same ids and descriptions.

import type { CommandHandler, CommandInfo, CommandRegistry } from './registry.js';

export const BUILTIN_SOURCE = 'builtin';

const b = (id: string, category: string, description: string): CommandInfo =>
  Object.freeze({ id, category, description, source: BUILTIN_SOURCE });

export const BUILTIN_COMMANDS: readonly CommandInfo[] = Object.freeze([
  b('agent.next', 'agents', 'Focus the next agent'),
  b('agent.prev', 'agents', 'Focus the previous agent'),
  b('agent.focus', 'agents', 'Focus agent N (arg: its 1-based number) and go back to insert mode'),
  b('agent.spawn', 'agents', 'Start a new agent and type into it (arg: a command line; default $SHELL)'),
  b('agent.kill', 'agents', 'Stop the focused agent (one that already exited is closed)'),
  b('agent.restart', 'agents', 'Restart the focused agent with the same command'),
  b('agent.close', 'agents', 'Close an agent that exited: take it off the list (arg: its number or id; default the focused one)'),
  b('agent.send_way_out', 'agents', 'Send the way-out key (settings.way_out) to the focused agent and go back to insert mode'),
  b('mode.normal', 'modes', 'Normal mode: keys drive the hub'),
  b('mode.insert', 'modes', 'Insert mode: keys go to the focused agent'),
  b('help.toggle', 'view', 'Show or hide the key bindings'),
  b('palette.open', 'view', 'Open the command palette'),
  b('scroll.up', 'scroll', 'Scroll the focused agent up one line'),
  b('scroll.down', 'scroll', 'Scroll the focused agent down one line'),
  b('scroll.page_up', 'scroll', 'Scroll the focused agent up one page'),
  b('scroll.page_down', 'scroll', 'Scroll the focused agent down one page'),
  b('scroll.bottom', 'scroll', 'Scroll the focused agent back to its live output'),
  b('scroll.search', 'scroll', 'Search the focused agent\'s scrollback (matches highlighted)'),
  b('scroll.search_next', 'scroll', 'Go to the next (older) search match'),
  b('scroll.search_prev', 'scroll', 'Go to the previous (newer) search match'),
  b('scroll.copy', 'scroll', 'Select lines of the focused agent with the keyboard and copy them'),
  b('app.quit', 'app', 'Quit: detach (the agents keep running) or stop the hub and its agents; asks unless settings.on_quit says'),
  b('app.stop', 'app', 'Stop the hub and every agent (session.json is written for --restore)'),
  b('client.detach', 'app', 'Detach this terminal: the agents keep running (botster-tui attach comes back)'),
  b('app.suspend', 'app', 'Suspend the hub like ctrl+z in a shell; fg brings it back'),
  b('worktree.remove', 'agents', 'Remove the clean worktree of an agent that exited (the branch stays)'),
  b('agent.next_waiting', 'agents', 'Jump to the next agent that is waiting for you'),
  b('improvements.accept', 'improvements', 'Accept the improvement waiting for you'),
  b('improvements.reject', 'improvements', 'Reject the improvement waiting for you'),
]);

/** Built-in commands that cannot run without an argument: the palette asks for it (what to ask). */
export const REQUIRED_ARGS: Readonly<Record<string, string>> = Object.freeze({ 'agent.focus': 'agent number (1-9)' });

export type BuiltinCommandId =
  | 'agent.next' | 'agent.prev' | 'agent.focus' | 'agent.spawn' | 'agent.kill' | 'agent.restart' | 'agent.close' | 'agent.send_way_out'
  | 'mode.normal' | 'mode.insert' | 'help.toggle' | 'palette.open'
  | 'scroll.up' | 'scroll.down' | 'scroll.page_up' | 'scroll.page_down' | 'scroll.bottom'
  | 'app.quit' | 'app.stop' | 'app.suspend' | 'client.detach'
  | 'improvements.accept' | 'improvements.reject' | 'agent.next_waiting' | 'worktree.remove'
  | 'scroll.search' | 'scroll.search_next' | 'scroll.search_prev' | 'scroll.copy';

/** Register every builtin with its handler; the type makes a missing handler a compile error. */
export function registerBuiltinCommands<C>(
  registry: CommandRegistry<C>,
  handlers: Record<BuiltinCommandId, CommandHandler<C>>,
): void {
  for (const info of BUILTIN_COMMANDS) {
    const handler = (handlers as Record<string, CommandHandler<C> | undefined>)[info.id];
    if (!handler) throw new Error(`no handler for builtin command "${info.id}"`);
    registry.register(info, handler);
  }
}
