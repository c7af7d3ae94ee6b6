// The fleet commands' names: the verbs whose declaration says `command: true` (src/verbs/), read
// from the made table (./verb-cli.ts) so the command line's router needs none of the fleet's code.
import { VERB_CLI } from './verb-cli.js';

export const FLEET_VERBS: readonly string[] = Object.keys(VERB_CLI).filter((n) => VERB_CLI[n].command);
