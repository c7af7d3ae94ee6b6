// `botster-tui review --help` (src/cli/help/help.ts merges it).

import { VERB_CLI } from '../verb-cli.js';

// (the family's verbs and their older names, from their declarations)
const FAMILY = Object.keys(VERB_CLI).filter((n) => n.startsWith('review.'));
const VERBS = FAMILY.join(', ');
const OLD = FAMILY.flatMap((n) => VERB_CLI[n].aliases ?? []).join(', ');

export const REVIEW_COMMANDS: Record<string, string> = {
  review: `
  Usage
    $ botster-tui review comment AGENT FILE:LINE[-LINE] TEXT [--json]
    $ botster-tui review comment AGENT "FILE:LINE[-LINE] (removed)" TEXT [--json]
    $ botster-tui review comments AGENT [--json]
    $ botster-tui review edit AGENT ID [--text TEXT] [--handled | --not-handled] [--remove] [--json]
    $ botster-tui review send AGENT [--busy ask|wait|now] [--force] [--json]

  Review comments on an agent's changes (docs/review.md), the same ones the review panel's c, e, d
  and S make and send. comment: a remark on lines of a file in the agent's folder (its worktree;
  FILE relative to it): FILE:LINE counts the file's lines now (added or unchanged), and
  "FILE:LINE (removed)" the lines the diff removes, by their number in the old file (the - side of
  its @@ headers). comments: each with its place, named the same way (app.js:2, app.js:2
  (removed)), and its state (new, stale: its lines changed before it was sent, sent, handled: its
  lines changed after). edit: new text, handled or not, or delete it.
  send: every comment not sent yet goes to the agent as one prompt (typed as one paste, then
  Enter); an agent at work is waited for, or refused with busy (settings.review_busy). Only an
  agent CLI gets the prompt (its program known to a CLI file, lua/default/clis/: prompts.reads):
  one with a shell in its foreground is refused (the shell would run the prompt's lines as
  commands), and so is a program no CLI file knows; --force sends them anyway.

  They are the verbs ${VERBS} (docs/protocol.md);
  their older names still work on the socket and in Lua, and name their MCP tools:
  ${OLD}.

  Options
    --busy WHEN      send: ask (refuse when it is at work), wait (for its turn to end), now
    --force          send: where no agent CLI reads it too (a shell runs each line as a command)
    --text TEXT      edit: the new remark
    --handled        edit: mark it handled (--not-handled: not)
    --remove         edit: delete it
    --json           print the hub's answer
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 done; 1 refused (nothing to send, a shell or no agent CLI, busy...); 2 bad arguments; 3 no hub; 6 no such agent
`,
};
