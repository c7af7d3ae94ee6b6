// The hub's own commands, as data: what answers while Lua is paused (the way out, modes, focus
// next/prev, the palette, stop, detach) and the primitives Lua's defaults build on; a behaviour
// lua/default/ defines (agent.spawn, agent.restart, agent.next_waiting, scroll.search,
// worktree.remove) has no second definition here. What each asks for is data too (commands/builtin-requests.ts);
// keys, the palette, the help overlay and Lua see the same ids and descriptions.

import type { CommandHandler, CommandInfo, CommandRegistry } from './registry.js';

export const BUILTIN_SOURCE = 'builtin';

const b = (id: string, category: string, description: string): CommandInfo =>
  Object.freeze({ id, category, description, source: BUILTIN_SOURCE });

export const BUILTIN_COMMANDS: readonly CommandInfo[] = Object.freeze([
  b('agent.next', 'agents', 'Focus the next agent'),
  b('agent.prev', 'agents', 'Focus the previous agent'),
  b(
    'agent.focus',
    'agents',
    'Focus agent N (arg: its number, the id shown); the mode stays as it is, like agent.next',
  ),
  b('agent.kill', 'agents', 'Stop the focused agent (one that already exited is closed)'),
  b(
    'agent.close',
    'agents',
    'Close an agent that exited: take it off the list (arg: its id; default the focused one)',
  ),
  b(
    'agent.allow_drive',
    'agents',
    'Let the agent that asks type into, read and stop the other agent it named (arg: its request, d1; default the latest)',
  ),
  b(
    'agent.deny_drive',
    'agents',
    'Refuse the agent that asks to drive another agent (arg: its request; default the latest)',
  ),
  b(
    'agent.allow_host',
    'agents',
    "Let the boxed agent that asks reach the host outside its box's list through the hub's proxy (arg: its request, n1; default the latest)",
  ),
  b(
    'agent.deny_host',
    'agents',
    'Refuse the boxed agent that asks to reach a host (arg: its request; default the latest)',
  ),
  b(
    'agent.send_way_out',
    'agents',
    'Send the way-out key (settings.way_out) to the focused agent and go back to insert mode',
  ),
  b('mode.normal', 'modes', 'Normal mode: keys drive the hub'),
  b('mode.insert', 'modes', 'Insert mode: keys go to the focused agent'),
  b('help.toggle', 'view', 'Show or hide the key bindings'),
  b('palette.open', 'view', 'Open the command palette'),
  b(
    'question.open',
    'view',
    'Answer the question the hub asks by itself (trust a project, resume agents...): it waits until you open it',
  ),
  b('scroll.up', 'scroll', 'Scroll the focused agent up one line'),
  b('scroll.down', 'scroll', 'Scroll the focused agent down one line'),
  b('scroll.page_up', 'scroll', 'Scroll the focused agent up one page'),
  b('scroll.page_down', 'scroll', 'Scroll the focused agent down one page'),
  b('scroll.bottom', 'scroll', 'Scroll the focused agent back to its live output'),
  b('scroll.search_next', 'scroll', 'Go to the next (older) search match'),
  b('scroll.search_prev', 'scroll', 'Go to the previous (newer) search match'),
  b('scroll.copy', 'scroll', 'Select lines of the focused agent with the keyboard and copy them'),
  b(
    'client.quit',
    'app',
    'Quit: detach (the agents keep running) or stop the hub and its agents; asks unless settings.on_quit says',
  ),
  b('hub.stop', 'app', 'Stop the hub and every agent (session.json is written for --restore)'),
  b('client.detach', 'app', 'Detach this terminal: the agents keep running (botster-tui attach comes back)'),
  b('client.suspend', 'app', 'Suspend the hub like ctrl+z in a shell; fg brings it back'),
  b(
    'session.resume',
    'agents',
    "Resume the conversations of the hub that died on this home (each agent through its profile's resume)",
  ),
  b(
    'session.discard',
    'agents',
    'Start fresh: drop the offer to resume the agents of the hub that died (kept in session.previous.json)',
  ),
  b(
    'improvement.accept',
    'improvements',
    'Accept the improvement waiting for you (arg: its name; the latest)',
  ),
  b(
    'improvement.reject',
    'improvements',
    'Reject the improvement waiting for you (arg: its name; the latest)',
  ),
  b(
    'pipeline.accept',
    'pipelines',
    'Run the pipeline an agent asked to run and your policy asked you about (arg: its request, r1; default the latest)',
  ),
  b(
    'pipeline.reject',
    'pipelines',
    'Refuse the pipeline run an agent asked for and your policy asked you about (arg: its request; default the latest)',
  ),
  // The overlay key tables' commands (keybindings/copy.lua, help.lua, palette.lua): each acts on
  // what is open and does nothing otherwise.
  b('copy.down', 'copy', 'Line selection: move the cursor down (arg: lines, default 1)'),
  b('copy.up', 'copy', 'Line selection: move the cursor up (arg: lines, default 1)'),
  b('copy.mark', 'copy', 'Line selection: mark the start at the cursor (again: unmark)'),
  b('copy.yank', 'copy', 'Line selection: copy the lines (OSC 52, $BOTSTER_COPY_COMMAND) and end it'),
  b('copy.cancel', 'copy', 'Line selection: end it without copying'),
  b('help.down', 'help', 'Key help: scroll down (arg: lines, default 1)'),
  b('help.up', 'help', 'Key help: scroll up (arg: lines, default 1)'),
  b('help.page_down', 'help', 'Key help: scroll down a page'),
  b('help.page_up', 'help', 'Key help: scroll up a page'),
  b('help.close', 'help', 'Key help: close it'),
  b('palette.next', 'palette', 'Palette or dialog: move to the next item'),
  b('palette.prev', 'palette', 'Palette or dialog: move to the previous item'),
  b('palette.submit', 'palette', 'Palette or dialog: run or choose the item (a prompt: take the text)'),
  b('palette.backspace', 'palette', 'Palette or dialog: delete the last character typed'),
  b('palette.delete_word', 'palette', 'Palette or dialog: delete the word before the cursor'),
  b('palette.clear', 'palette', 'Palette or dialog: delete everything typed'),
  b('palette.cancel', 'palette', "Palette or dialog: close it (a Lua dialog's callback gets nil)"),
]);

/** Commands that act only inside an open overlay (a key table's): the palette does not offer them. */
export const OVERLAY_COMMANDS: ReadonlySet<string> = new Set(
  BUILTIN_COMMANDS.filter((c) => ['copy', 'help', 'palette'].includes(c.category)).map((c) => c.id),
);

/** Built-in commands that cannot run without an argument: the palette asks for it (what to ask). */
export const REQUIRED_ARGS: Readonly<Record<string, string>> = Object.freeze({
  'agent.focus': 'agent number (1-9)',
});

export type BuiltinCommandId =
  | 'agent.next'
  | 'agent.prev'
  | 'agent.focus'
  | 'agent.kill'
  | 'agent.close'
  | 'agent.send_way_out'
  | 'mode.normal'
  | 'mode.insert'
  | 'help.toggle'
  | 'palette.open'
  | 'question.open'
  | 'scroll.up'
  | 'scroll.down'
  | 'scroll.page_up'
  | 'scroll.page_down'
  | 'scroll.bottom'
  | 'client.quit'
  | 'hub.stop'
  | 'client.suspend'
  | 'client.detach'
  | 'improvement.accept'
  | 'improvement.reject'
  | 'pipeline.accept'
  | 'pipeline.reject'
  | 'agent.allow_drive'
  | 'agent.deny_drive'
  | 'agent.allow_host'
  | 'agent.deny_host'
  | 'session.resume'
  | 'session.discard'
  | 'scroll.search_next'
  | 'scroll.search_prev'
  | 'scroll.copy'
  | 'copy.down'
  | 'copy.up'
  | 'copy.mark'
  | 'copy.yank'
  | 'copy.cancel'
  | 'help.down'
  | 'help.up'
  | 'help.page_down'
  | 'help.page_up'
  | 'help.close'
  | 'palette.next'
  | 'palette.prev'
  | 'palette.submit'
  | 'palette.backspace'
  | 'palette.delete_word'
  | 'palette.clear'
  | 'palette.cancel';

/** Register every builtin with the handler `handler` makes of its entry in `table`; the type makes a missing entry a compile error. */
export function registerBuiltinCommands<C, T>(
  registry: CommandRegistry<C>,
  table: Readonly<Record<BuiltinCommandId, T>>,
  handler: (entry: T) => CommandHandler<C>,
): void {
  for (const info of BUILTIN_COMMANDS) {
    const entry = (table as Record<string, T | undefined>)[info.id];
    if (entry === undefined) throw new Error(`no handler for builtin command "${info.id}"`);
    registry.register(info, handler(entry));
  }
}
