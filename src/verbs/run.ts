import { ControlError, type ControlRequest } from '../wire/control-request.js';
import type { Question } from '../hub/state.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';
import { USER, type Principal } from '../hub/principal.js';

// `run` on the hub's control socket: any registered command, as the palette runs it. A script never
// hangs on a dialog the command opens: `yes` takes its first choice, else it is cancelled and refused.
// Its dialogs are the script's questions (hub/state.ts Question): answered here, never drawn over
// the user's screen, so they take no key the user types meanwhile.

// Only the user answers improvements and agents' pipeline runs and trusts projects: an agent must not
// let its own code (or a repository's) into the hub, nor start agents the user was asked about.
const USER_ONLY = new Set([
  'improvements.accept',
  'improvements.reject',
  'pipeline.accept',
  'pipeline.reject',
  'project.trust',
]);
// A command whose dialog's choice opens another, and another: this many are taken, no more.
const MAX_DIALOGS = 5;

export async function runCommandOp(
  deps: ControlDeps,
  req: ControlRequest,
  principal: Principal = USER,
): Promise<unknown> {
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
  if (USER_ONLY.has(id) && principal.kind !== 'user')
    throw new ControlError(`${id} is the user's to answer, not an agent's`, { reason: 'refused' });
  if (req.agent !== undefined) {
    const agent = findAgent(deps, req.agent);
    await deps.request({ type: 'focus', id: agent.id });
  }
  const notice = deps.store.state.notice;
  const before = new Set(scriptQuestions(deps).map((q) => q.id));
  await deps.request({ type: 'run', id, ...(req.arg !== undefined ? { arg: req.arg } : {}) });
  await deps.whenIdle();
  const chosen: string[] = [];
  for (let n = 0; ; n++) {
    const q = scriptQuestions(deps).find((x) => !before.has(x.id));
    if (!q) break;
    const dialog = q.overlay;
    // A choice that needs its word typed is a person's to make: --yes never takes it.
    const item = dialog.items[0];
    const first = item?.confirm === undefined ? item?.id : undefined;
    if (req.yes !== true || n >= MAX_DIALOGS || (first === undefined && !dialog.prompt)) {
      await answer(deps, q, 'cancel');
      const choices = dialog.items
        .map((i) => i.id)
        .slice(0, 8)
        .join(', ');
      const why =
        req.yes === true
          ? n >= MAX_DIALOGS
            ? `more than ${MAX_DIALOGS} dialogs in a row`
            : item?.confirm !== undefined
              ? `its first choice (${item.id}) is the user's to make: it needs "${item.confirm}" typed in the hub`
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
    await answer(deps, q, 'first');
  }
  const now = deps.store.state.notice;
  if (now && now !== notice && now.level === 'error')
    throw new ControlError(now.text, { reason: 'failed', chosen });
  return { command: id, chosen, notice: now && now !== notice ? now.text : null };
}

function scriptQuestions(deps: ControlDeps): Question[] {
  return deps.store.state.questions.filter((q) => q.script);
}

async function answer(deps: ControlDeps, q: Question, pick: 'first' | 'cancel'): Promise<void> {
  deps.store.dispatch({ type: 'question_answer', id: q.id, pick });
  await deps.whenIdle();
}

/** Where the command ids are listed: the palette, and the keys that open it when the keymap has them. */
function paletteSays(keys: string | null): string {
  return keys ? `the palette, ${keys}, lists them` : 'the palette lists them';
}

export const runVerb: Verb = {
  name: 'run',
  summary: 'run a command of the palette by its id (--yes takes the first choice of its dialogs)',
  may: ['agent'],
  ssh: true,
  act: async (deps, req, call) => runCommandOp(deps, req, await call.who()),
};
