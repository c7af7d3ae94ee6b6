import { ImprovementError } from '../reload/improvement-error.js';
import { ControlError } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { int, nullable, obj, str } from './shape.js';

// `improvement_revert NAME [VERSION]`: an earlier version of an improvement live again at once, as
// `botster-tui improvements revert` does on disk. An agent reverts only an improvement whose live
// version it pushed (its own change, as it could push that version again): one you dropped in,
// another agent's, or one you disabled stays as it is.

export const improvementRevertVerb = defineVerb({
  name: 'improvement.revert',
  summary: 'make an earlier version of an improvement live again (an agent: only one it pushed)',
  refusals:
    '`refused` (an agent reverts one whose live version it did not push, or one you disabled), `invalid_name`, `unknown_name`, `unknown_version`, `invalid_version`, `nothing_to_revert`',
  args: {
    name: {
      type: 'string',
      required: true,
      nonEmpty: true,
      doc: 'the improvement',
      cli: { positional: true },
    },
    version: {
      type: 'count',
      min: 1,
      doc: 'the version to make live (default: the one before the live one)',
      // (botster-tui improvements revert NAME [VERSION] is the command line's: --version is the CLI's own)
      cli: false,
    },
  },
  answer: obj({
    name: str(),
    version: int('the version live now'),
    error: nullable(str('what loading it said (null: it loaded)')),
  }),
  act: async (deps, req, call) => {
    const name = req.name;
    const who = await call.who();
    if (who.kind === 'agent') {
      const mine = deps.improvements.list().find((i) => i.name === name);
      const pusher = deps.improvementPusher(name);
      if (mine && (mine.disabled || pusher !== who.id))
        throw new ControlError(
          `agent ${who.id} may not revert improvement ${name}: ${mine.disabled ? 'you disabled it' : pusher ? `agent ${pusher} pushed its live version` : 'its live version was not pushed by it'} (an agent reverts only its own; botster-tui improvements revert ${name} is yours)`,
          { reason: 'refused' },
        );
    }
    try {
      const { record, error } = await deps.improvements.revert(name, req.version);
      return { name, version: record.version, error };
    } catch (err) {
      if (err instanceof ImprovementError) throw new ControlError(err.message, { reason: err.code });
      throw err;
    }
  },
});
