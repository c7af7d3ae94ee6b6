import { ControlError, type ControlRequest } from './control-request.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { PaletteOverlay } from '../hub/state.js';
import { findAgent } from './control-agents.js';
import type { ControlDeps } from './ports.js';

// `run` on the hub's control socket: any registered command, as the palette runs it. A script never
// hangs on a dialog the command opens: `yes` takes its first choice, else it is cancelled and refused.

// Only the user answers improvements: an agent must not accept its own code into the hub.
const USER_ONLY = new Set(['improvements.accept', 'improvements.reject']);
// A command whose dialog's choice opens another, and another: this many are taken, no more.
const MAX_DIALOGS = 5;

export async function runCommandOp(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const id = req.command;
  if (typeof id !== 'string' || id.trim() === '')
    throw new ControlError('name the command to run (its id, as the palette lists it)', { reason: 'usage' });
  if (req.arg !== undefined && typeof req.arg !== 'string')
    throw new ControlError('arg must be a string', { reason: 'usage' });
  if (req.yes !== undefined && typeof req.yes !== 'boolean')
    throw new ControlError('yes must be true or false', { reason: 'usage' });
  if (!deps.hasCommand(id))
    throw new ControlError(`no command "${id}" (${paletteSays(deps.paletteKeys())})`, {
      reason: 'no_command',
    });
  if (USER_ONLY.has(id) && req.from_agent === true)
    throw new ControlError(`${id} is the user's to answer, not an agent's`, { reason: 'refused' });
  if (deps.store.state.client.overlay?.kind === 'palette')
    throw new ControlError('a dialog is open in the hub: answer it there first', { reason: 'busy' });
  if (req.agent !== undefined) {
    const agent = findAgent(deps, req.agent);
    deps.store.dispatch({ type: 'focus', id: agent.id });
  }
  const notice = deps.store.state.notice;
  await deps.runCommand(id, req.arg, 'cli');
  await deps.whenIdle();
  const chosen: string[] = [];
  for (let n = 0; ; n++) {
    const dialog = openDialog(deps);
    if (!dialog) break;
    const first = dialog.items[0]?.id;
    if (req.yes !== true || n >= MAX_DIALOGS || (first === undefined && !dialog.prompt)) {
      await press(deps, 'escape');
      const choices = dialog.items
        .map((i) => i.id)
        .slice(0, 8)
        .join(', ');
      const why =
        req.yes === true
          ? n >= MAX_DIALOGS
            ? `more than ${MAX_DIALOGS} dialogs in a row`
            : 'a dialog with nothing to choose'
          : `it asks "${dialog.title}"${choices ? ` (${choices})` : ''}; --yes takes the first choice${first ? ` (${first})` : ''}`;
      throw new ControlError(`${id}: cancelled: ${why}`, {
        reason: 'dialog',
        title: dialog.title,
        choices: dialog.items.map((i) => i.id),
        chosen,
      });
    }
    chosen.push(first ?? '');
    await press(deps, 'enter');
  }
  const now = deps.store.state.notice;
  if (now && now !== notice && now.level === 'error')
    throw new ControlError(now.text, { reason: 'failed', chosen });
  return { command: id, chosen, notice: now && now !== notice ? now.text : null };
}

function openDialog(deps: ControlDeps): PaletteOverlay | null {
  const o = deps.store.state.client.overlay;
  return o?.kind === 'palette' ? o : null;
}

async function press(deps: ControlDeps, key: string): Promise<void> {
  for (const ev of keyEventsFromSpec(key)) {
    deps.key(ev);
    await deps.whenIdle();
  }
}

/** Where the command ids are listed: the palette, and the keys that open it when the keymap has them. */
function paletteSays(keys: string | null): string {
  return keys ? `the palette, ${keys}, lists them` : 'the palette lists them';
}
