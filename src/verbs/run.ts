import { ControlError, type ControlRequest } from '../wire/control-request.js';
import type { Question } from '../hub/state.js';
import { isRefused } from '../hub/request-answers.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { list, nullable, obj, str, type Answer } from './shape.js';

const runAnswer = obj({
  command: str(),
  chosen: list(str(), 'the choices taken, a dialog each'),
  notice: nullable(str('what it said on screen')),
});
import { USER, type Principal } from '../hub/principal.js';

// `run` on the hub's control socket: any registered command, as the palette runs it. A script never
// hangs on a dialog the command opens: `yes` takes its first choice, else it is cancelled and refused.
// Its dialogs are the script's questions (hub/state.ts Question): answered here, never drawn over
// the user's screen, so they take no key the user types meanwhile.
// An agent that asks runs it as itself: the command and every request and verb it asks for (its
// dialogs' answers included) are judged as that agent's by the one who-may table (hub/who-may.ts)
// and the one drive rule (hub/drive-rule.ts): what only you may do is refused, and an agent it did
// not start asks you. Lua's app:run and commands.run are this verb too (commands/verb-door.ts).

// A command whose dialog's choice opens another, and another: this many are taken, no more.
const MAX_DIALOGS = 5;

export async function runCommandOp(
  deps: ControlDeps,
  req: ControlRequest,
  principal: Principal = USER,
): Promise<Answer<typeof runAnswer>> {
  const id = String(req.command); // (a non-empty string: the verb's args)
  if (!deps.hasCommand(id))
    throw new ControlError(`no command "${id}" (${paletteSays(deps.paletteKeys())})`, {
      reason: 'no_command',
    });
  if (req.agent !== undefined) {
    const agent = findAgent(deps, req.agent);
    const focused = await deps.request({ type: 'focus', id: agent.id }, principal);
    if (isRefused(focused)) throw new ControlError(focused.refused, { reason: 'refused' });
  }
  const before = new Set(scriptQuestions(deps, principal).map((q) => q.id));
  const chosen: string[] = [];
  // The errors of the command and of the dialogs answered for it: its typed answer.
  const { errors, refused, said } = await deps.attempt(async (answered) => {
    await deps.runCommand(id, req.arg, principal);
    const settled = async () => {
      await deps.whenIdle();
      // (the verbs it asked for answered, and their callbacks ran: a dialog one opens is the run's)
      await answered();
      await deps.whenIdle();
    };
    await settled();
    await answerDialogs(deps, req, id, before, chosen, principal, settled);
  });
  // Refused: an agent asked (through the command) for what it may not do alone.
  if (refused.length > 0) throw new ControlError(refused[refused.length - 1], { reason: 'refused', chosen });
  if (errors.length > 0) throw new ControlError(errors[errors.length - 1], { reason: 'failed', chosen });
  // What the command said on screen (its own chain's last words), shown to the script too.
  return { command: id, chosen, notice: said };
}

/** Takes the first choice of each dialog the command opens (--yes), or cancels it and refuses. */
async function answerDialogs(
  deps: ControlDeps,
  req: ControlRequest,
  id: string,
  before: Set<number>,
  chosen: string[],
  principal: Principal,
  settled: () => Promise<void>,
): Promise<void> {
  for (let n = 0; ; n++) {
    const q = scriptQuestions(deps, principal).find((x) => !before.has(x.id));
    if (!q) break;
    const dialog = q.overlay;
    // A choice that needs its word typed is a person's to make: --yes never takes it.
    const item = dialog.items[0];
    const first = item?.confirm === undefined ? item?.id : undefined;
    if (req.yes !== true || n >= MAX_DIALOGS || (first === undefined && !dialog.prompt)) {
      await answer(deps, q, 'cancel', settled);
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
    await answer(deps, q, 'first', settled);
  }
}

/** The questions of scripts like this one: an agent's own (another's it never answers), or yours. */
function scriptQuestions(deps: ControlDeps, principal: Principal): Question[] {
  const agent = principal.kind === 'agent' ? principal.id : undefined;
  return deps.store.state.questions.filter((q) => q.script && q.agent === agent);
}

async function answer(
  deps: ControlDeps,
  q: Question,
  pick: 'first' | 'cancel',
  settled: () => Promise<void>,
): Promise<void> {
  deps.store.dispatch({ type: 'question_answer', id: q.id, pick });
  await settled();
}

/** Where the command ids are listed: the palette, and the keys that open it when the keymap has them. */
function paletteSays(keys: string | null): string {
  return keys ? `the palette, ${keys}, lists them` : 'the palette lists them';
}

export const runVerb = defineVerb({
  name: 'run',
  waits: true,
  command: true,
  summary: 'run a command of the palette by its id (--yes takes the first choice of its dialogs)',
  ssh: true,
  refusals:
    '`no_command`, `no_agent`, `dialog` (with `title`, `choices`), `refused` (from an agent: what the command asks for that the agent may not do alone, judged request by request: answering for you, plugins, trust, an agent it did not start and you did not let it drive, a pipeline run it did not start), `busy` (a dialog is already open), `failed` (its error)',
  args: {
    command: {
      type: 'string',
      nonEmpty: true,
      required: true,
      doc: 'its id, as the palette lists it',
      error: 'name the command to run (its id, as the palette lists it)',
      cli: { positional: true },
    },
    arg: { type: 'string', doc: 'its argument', error: 'arg must be a string', cli: { positional: true } },
    agent: {
      type: 'agent',
      doc: 'focus this agent first (the command acts on it)',
      cli: { placeholder: 'AGENT' },
    },
    yes: {
      type: 'boolean',
      doc: 'take the first choice of each dialog it opens',
      error: 'yes must be true or false',
    },
    from_agent: {
      type: 'boolean',
      doc: 'an agent asks (older clients say so; the kernel decides)',
      cli: false,
    },
  },
  answer: runAnswer,
  act: async (deps, req, call) => runCommandOp(deps, req, await call.who()),
});
