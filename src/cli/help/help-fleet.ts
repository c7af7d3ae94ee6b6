// `botster-tui new | wait | read | events | kill | restart | focus | close | run | whoami --help` (src/cli/help/help.ts has the rest).
// Each command's flags and their lines come from its verb's declaration (src/verbs/, through
// ./verb-cli.ts); the words around them (what it does, its exit codes) are written here.
import { VERB_CLI } from '../verb-cli.js';
import { COMMAND_VERBS } from '../fleet-verbs.js';

const AGENT = `AGENT is its number (as listed by botster-tui agents and on screen: the
  BOTSTER_AGENT_ID it runs with, kept for its life, a restart included), its name, or id:ID (the
  same number). Works from inside an agent too (BOTSTER_SOCKET): an agent drives itself and the
  agents it started freely; for any other the hub asks you once (docs/security.md).`;
const HOME: Line = ['--home DIR', 'botster home (default: $BOTSTER_HOME, then ~/.botster)'];
type Line = readonly [shown: string, doc: string];

/** Lines of `--help`: the flag, then its words wrapped under each other. */
function lines(rows: readonly Line[]): string {
  const at = Math.max(17, ...rows.map(([f]) => f.length + 2));
  const width = 100 - 4 - at;
  return rows
    .map(([flag, doc]) => {
      const words = doc.split(' ');
      const wrapped: string[] = [''];
      for (const w of words) {
        const last = wrapped.length - 1;
        if (wrapped[last] && wrapped[last].length + 1 + w.length > width) wrapped.push(w);
        else wrapped[last] = wrapped[last] ? `${wrapped[last]} ${w}` : w;
      }
      return wrapped.map((l, i) => `    ${(i === 0 ? flag : '').padEnd(at)}${l}`).join('\n');
    })
    .join('\n');
}

/** The Options of `verb`'s command: its verb's flags, then `--json` (its answer's fields) and `--home`. */
/** The declaration of the verb command word `word` names (`kill`: agent.kill's). */
const decl = (word: string) => VERB_CLI[COMMAND_VERBS[word] ?? word];

const options = (
  verb: string,
  json = `print the hub's answer: { ${decl(verb).answer.join(', ')} }`,
): string =>
  `  Options\n${lines([...(decl(verb).flags ?? []).map((f): Line => [f.shown, f.doc]), ['--json', json], HOME])}`;

const WRITTEN: Record<string, string> = {
  new: `
  Usage
    $ botster-tui new [--name N] [--cwd DIR] [--worktree BRANCH [--base REF]] [--profile P] [--no-focus] [--machine M] [--json] -- CMD [ARG...]

  Starts an agent in the running hub and prints its id (id:ID, as send, wait and read take it).
  One word after -- is a shell command line (as --agent takes it); several are the program and
  its arguments. --profile starts a profile of user/profiles.lua instead of CMD. It runs where you
  are (not where the hub was started), unless --cwd or its profile names another folder.

${options('new', 'print the agent as agents --json lists it (with its number)')}

  Exit codes
    0 started; 1 not started (a before_agent_spawn handler said no; the reason is printed);
    2 bad usage, no such folder or profile; 3 no hub server runs for the home; 9 the worktree
    asked for (--worktree, or the profile's) could not be made: nothing started (why is printed)
`,
  wait: `
  Usage
    $ botster-tui wait AGENT --until STATE|output:REGEX [--timeout S] [--json]

  Returns when the agent is in STATE (at once if it already is), printing the state and its
  reason ("waiting: Proceed? (y/n)"). STATE is running, waiting, idle, done or exited, or several
  comma-separated (waiting,done). done means done: an agent that finished its turn is done until
  you look at it, then idle; to catch a finished turn either way, wait for done,idle.
  output:REGEX waits until the visible screen (as botster-tui read prints it) matches REGEX
  (JavaScript syntax, ^ and $ match at each line), checked as the agent prints.
  The hub answers when it happens: nothing polls. ${AGENT}

${options('wait')}

  Exit codes
    0 reached; 2 bad usage (an unknown state, a bad regex); 3 no hub server runs for the home;
    6 no such agent; 7 timed out (it prints the state it is in); 8 the agent exited (or was
    closed) before it got there
`,
  message: `
  Usage
    $ botster-tui message TO TEXT [--force] [--json]

  Sends agent TO a message: typed into it as a prompt (lua/default/messages.lua makes it: a line
  naming the sender, then TEXT), as an agent's own messages to another go (Claude Code's
  SendMessage in a hub launch comes here: docs/teams.md). TO is an agent (its number, name,
  id:ID or tmux pane %N). From inside an agent it is held to the drive rules: its own agents and
  the ones it started it messages freely; for any other the hub asks you once (docs/security.md).
  A TO no agent of the hub goes by is refused, naming the agents there are. Only an agent CLI gets
  it (its program known to a CLI file: prompts.reads, lua/default/prompts.lua): an agent with a
  shell in its foreground is refused (the shell would run its lines as commands), and so is a
  program no CLI file knows; --force types it anyway.

${options('message')}

  Exit codes
    0 typed; 1 refused (the drive rules, no agent CLI in TO, a before_agent_message handler, TO is
    the sender);
    2 bad usage; 3 no hub server runs for the home; 6 no such agent, or it has exited
`,
  search: `
  Usage
    $ botster-tui search QUERY [--limit N] [--json]

  Finds QUERY (any case) in every agent's screen and scrollback and in the transcripts its CLI
  keeps (Claude Code's and Codex's session files, found from the session id their hooks
  reported; lua/default/clis/: transcripts). One line a hit: the agent, where it was found (and
  when, for a transcript), the line; by agent, newest first. It stops at 200 hits (--limit).
  No index is kept: the hub reads what it keeps and the files as they are (docs/search.md).

${options('search')}

  Exit codes
    0 searched (hits or none); 2 bad usage; 3 no hub server runs for the home
`,
  read: `
  Usage
    $ botster-tui read AGENT [--lines N] [--scrollback] [--ansi] [--json]

  Prints what the agent shows: its visible screen, trailing blank lines dropped. ${AGENT}

${options('read')}

  Exit codes
    0 printed; 2 bad usage; 3 no hub server runs for the home; 6 no such agent
`,
  events: `
  Usage
    $ botster-tui events [--agent AGENT] [--json]

  Prints the hub's agent events as they happen, one line each, until interrupted: an agent
  started, changed state (from, to, reason), changed its title, exited (with its code), was
  closed. --json prints each as an object: { event, agent: { id, name }, from, to, reason,
  title, exit_code, signal, at }. A reader too slow to keep up (over 1 MiB behind) is dropped.

${options('events', 'one JSON object a line')}

  Exit codes
    0 interrupted (ctrl+c, or the reader of its output went away); 2 bad usage; 3 no hub server
    runs for the home, or it stopped (a last line says so); 6 no such agent
`,
  kill: `
  Usage
    $ botster-tui kill AGENT [--json]

  Stops an agent (SIGHUP, as the x key); it stays in the list, exited, until closed.
  A before_agent_kill handler may refuse. ${AGENT}

  Exit codes
    0 stopped; 1 a handler refused; 3 no hub server runs for the home; 6 no such agent, or it has
    already exited
`,
  restart: `
  Usage
    $ botster-tui restart AGENT [--json]

  Stops an agent and starts it again in its place, as the r key does once you said yes: the same
  number, command, folder or worktree and conversation (a CLI that resumes picks it up). Prints its
  id and new pid; the hub shows it, as it shows a new agent. ${AGENT}

  Exit codes
    0 started again; 1 it was not started again; 3 no hub server runs for the home; 6 no such agent
`,
  focus: `
  Usage
    $ botster-tui focus AGENT [--json]

  Shows the agent in the hub's client that typed last. ${AGENT}

  Exit codes
    0 focused; 3 no hub server runs for the home; 6 no such agent
`,
  close: `
  Usage
    $ botster-tui close AGENT [--json]

  Takes an exited agent off the list (a running one: kill it first). ${AGENT}

  Exit codes
    0 closed; 1 it is still running; 3 no hub server runs for the home; 6 no such agent
`,
  run: `
  Usage
    $ botster-tui run COMMAND [ARG] [--agent AGENT] [--yes] [--json]

  Runs a registered command (built-in, Lua or improvement; the palette lists them) in the running
  hub as the palette would, with AGENT focused first. A dialog it opens takes its first choice
  with --yes; without it the dialog is cancelled and the command refused, so a script never hangs
  on a question. From inside an agent (the hub tells by its process, not its environment),
  improvements.accept, improvements.reject, pipeline.accept, pipeline.reject and project.trust are
  refused: only the user answers improvements and agents' pipeline runs.

${options('run')}

  Exit codes
    0 ran; 1 refused (a dialog without --yes, the user's only) or it failed (its error is printed);
    2 no such command, bad usage; 3 no hub server runs for the home; 6 no such agent
`,
  sandbox: `
  Usage
    $ botster-tui sandbox AGENT [--json]

  Prints what an agent's box lets it see and write: what it reads, the folders and files it
  writes, what it does not see at all, what stays read-only inside its folders, its network, and
  whose box it is (one an agent started runs in that agent's box). --json adds bubblewrap's
  arguments. An agent CLI runs boxed unless settings.sandbox = false; docs/security.md says what a
  box holds and what it does not.

${options('sandbox')}

  Exit codes
    0 answered; 2 bad usage; 3 no hub server runs for the home; 6 no such agent
`,
  worktrees: `
  Usage
    $ botster-tui worktrees [prune] [--dry-run] [--park] [--json]

  Lists the worktrees of the repositories the hub made worktrees in, and what a prune does with
  each, with the space it frees. \`prune\` removes a worktree the hub made (worktrees.json) whose
  branch is in its base by content (merged, squashed or rebased in), whose tree is clean, and which
  no agent holds (listed, kept by a keeper, or in session.json); the branch stays. A dirty one is
  kept, or with --park committed as "wip:" on its branch (never pushed) and removed. Worktrees the
  hub did not make are listed, never touched; anything it cannot be sure of is kept, saying why
  (docs/worktrees.md#prune).

${options('worktrees')}

  Exit codes
    0 done; 1 refused or failed (its error is printed); 2 bad usage; 3 no hub server runs for the home
`,
  whoami: `
  Usage
    $ botster-tui whoami [--json]

  Prints who the running hub takes you for: "you", or the agent this process descends from (told
  by the kernel: the socket's peer and its ancestry, not your environment). Where the hub cannot
  ask the kernel (no native client found), every caller is held to an agent's rules, and this
  says why (docs/security.md).

${options('whoami')}

  Exit codes
    0 answered; 2 bad usage; 3 no hub server runs for the home
`,
};

/** Text wrapped at 98 columns, each line indented by two. */
function paragraph(text: string): string {
  const out: string[] = [];
  for (const w of text.split(' ')) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + 1 + w.length <= 96) out[last] += ` ${w}`;
    else out.push(w);
  }
  return out.map((l) => `  ${l}`).join('\n');
}

/** The `--help` of a verb's command with no words written above: all of it from its declaration. */
function declared(word: string): string {
  const d = decl(word);
  const words = (d.positional ?? []).map((p) => ` ${p.toUpperCase()}`).join('');
  const flags = (d.flags ?? []).map((f) => ` [${f.shown}]`).join('');
  const says = d.summary.charAt(0).toUpperCase() + d.summary.slice(1);
  return `
  Usage
    $ botster-tui ${word}${words}${flags} [--json]

${paragraph(`${says}.`)}${d.positional?.includes('agent') ? `\n  ${AGENT}` : ''}

${options(word)}

  Exit codes
    0 done; 1 refused, or it failed (its error is printed); 2 bad usage; 3 no hub server runs for
    the home; 6 no such agent
`;
}

/**
 * Every fleet command's help: the words written above, else its declaration's (a family's verbs,
 * `review comment`, are its command's: help-review.ts).
 */
export const FLEET_COMMANDS: Record<string, string> = {
  ...Object.fromEntries(Object.keys(COMMAND_VERBS).map((w) => [w, declared(w)])),
  ...WRITTEN,
};
