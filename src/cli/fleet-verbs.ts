// The verbs' commands: the verbs whose declaration says `command: true` (src/verbs/), read from
// the made table (./verb-cli.ts) so the command line's router needs none of the fleet's code. A
// family's verb (`review.comment`) is its object's command and a word after it: `botster-tui
// review comment`.
import { VERB_CLI } from './verb-cli.js';

export const FLEET_VERBS: readonly string[] = Object.keys(VERB_CLI).filter((n) => VERB_CLI[n].command);

/** The command words that name a family of verbs (`review`), with the words after them. */
export const FAMILIES: Readonly<Record<string, readonly string[]>> = FLEET_VERBS.filter((n) =>
  n.includes('.'),
).reduce<Record<string, string[]>>((all, n) => {
  const [object, what] = n.split('.');
  (all[object] ??= []).push(what);
  return all;
}, {});

/** The first words of the verbs' commands (`review` for the review family's). */
export const COMMAND_WORDS: readonly string[] = [...new Set(FLEET_VERBS.map((n) => n.split('.')[0]))];

/** The command line's words for verb `name`: `review comment` for review.comment. */
export const commandWords = (name: string): string => name.replace('.', ' ');

/**
 * The verb a command line names and the words after it; undefined: no verb's command; `what`: a
 * family named with no known word after it (its command says what it takes).
 */
export function verbOfCommand(
  command: string | undefined,
  rest: string[],
): { verb: string; rest: string[] } | { family: string; what: string | undefined } | undefined {
  if (command === undefined) return undefined;
  if (Object.hasOwn(FAMILIES, command)) {
    const what = rest[0];
    return what !== undefined && FAMILIES[command].includes(what)
      ? { verb: `${command}.${what}`, rest: rest.slice(1) }
      : { family: command, what };
  }
  return FLEET_VERBS.includes(command) && !command.includes('.') ? { verb: command, rest } : undefined;
}
