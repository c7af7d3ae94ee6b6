// The verbs' commands: the verbs whose declaration says `command: true` (src/verbs/), read from
// the made table (./verb-cli.ts) so the command line's router needs none of the fleet's code. A
// verb renamed object first keeps the one word its command always had (`botster-tui kill` is
// agent.kill, `botster-tui new` agent.new: its first one-word older name, src/wire/verb-aliases.ts),
// the word its help and messages go by. Any other family's verb (`review.comment`) is its object's
// command and a word after it: `botster-tui review comment`.
import { VERB_CLI } from './verb-cli.js';

export const FLEET_VERBS: readonly string[] = Object.keys(VERB_CLI).filter((n) => VERB_CLI[n].command);

/** A verb's one command word: its first one-word older name (`kill`), else its own name if one word. */
const wordOf = (n: string): string | undefined =>
  (VERB_CLI[n].aliases ?? []).find((w) => /^[a-z][a-z-]*$/.test(w)) ?? (n.includes('.') ? undefined : n);

/** The one-word commands, each the verb it names. */
export const COMMAND_VERBS: Readonly<Record<string, string>> = Object.fromEntries(
  FLEET_VERBS.flatMap((n) => {
    const w = wordOf(n);
    return w === undefined ? [] : [[w, n]];
  }),
);

/** The command words that name a family of verbs (`review`), with the words after them. */
export const FAMILIES: Readonly<Record<string, readonly string[]>> = FLEET_VERBS.filter(
  (n) => wordOf(n) === undefined,
).reduce<Record<string, string[]>>((all, n) => {
  const [object, what] = n.split('.');
  (all[object] ??= []).push(what);
  return all;
}, {});

/** The first words of the verbs' commands (`review` for the review family's, `kill` for agent.kill). */
export const COMMAND_WORDS: readonly string[] = [
  ...new Set([...Object.keys(COMMAND_VERBS), ...Object.keys(FAMILIES)]),
];

/** The command line's words for verb `name`: its one-word command (`kill`), else `review comment` for review.comment. */
export const commandWords = (name: string): string => wordOf(name) ?? name.replace('.', ' ');

/**
 * The verb a command line names, the words after it and the word it goes by; undefined: no verb's
 * command; `what`: a family named with no known word after it (its command says what it takes).
 */
export function verbOfCommand(
  command: string | undefined,
  rest: string[],
): { verb: string; rest: string[]; word: string } | { family: string; what: string | undefined } | undefined {
  if (command === undefined) return undefined;
  if (Object.hasOwn(COMMAND_VERBS, command)) return { verb: COMMAND_VERBS[command], rest, word: command };
  if (Object.hasOwn(FAMILIES, command)) {
    const what = rest[0];
    return what !== undefined && FAMILIES[command].includes(what)
      ? { verb: `${command}.${what}`, rest: rest.slice(1), word: command }
      : { family: command, what };
  }
  return undefined;
}
