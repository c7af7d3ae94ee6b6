import { EXIT_CODES_HELP } from '../../wire/exit-codes.js';
import { REPORT_COMMANDS } from './help-report.js';
import { FLEET_COMMANDS } from './help-fleet.js';
import { FLEET_VERBS } from '../fleet-verbs.js';
import { VERB_CLI } from '../verb-cli.js';
import { REMOTE_COMMANDS, REMOTE_OPTIONS, REMOTE_USAGE } from './help-remote.js';
import { WEB_COMMANDS, WEB_USAGE } from './help-web.js';
import { REVIEW_COMMANDS } from './help-review.js';
import { PLUGIN_USAGE, PLUGIN_USAGE_LINES } from './help-plugin.js';
import { AGENT_SIDE_COMMANDS } from './help-agent-side.js';
import { TEST_COMMANDS } from './help-test.js';

// What `botster-tui --help` and `botster-tui COMMAND --help` print.

/** Verbs' commands no line below names yet: a line each, their declarations' summaries. */
function declaredLines(): string {
  const named = (v: string) => HAND_NAMED.includes(v);
  return FLEET_VERBS.filter((v) => !named(v))
    .map((v) => `    ${v.padEnd(10)} ${VERB_CLI[v].summary}\n`)
    .join('');
}
/** The verbs' commands the Commands list below names by hand (kill's line names four). */
const HAND_NAMED = ['new', 'wait', 'read', 'kill', 'restart', 'focus', 'close', 'run', 'whoami', 'sandbox'];

/** The usage lines written by hand; a command none of them names gets its own help's first (usageLines). */
const USAGE = `    $ botster-tui [--agent CMD]... [--home DIR] [--layout FILE] [--restore]
    $ botster-tui attach | ls [--json] | kill-server | upgrade
    $ botster-tui agents [--json]
    $ botster-tui send AGENT TEXT... [--keys "ctrl+c enter"]
    $ botster-tui status AGENT [--explain] [--save-case STATE] [--json]
    $ botster-tui status --explain --file SCREEN.txt --program NAME [--title TEXT] [--json]
    $ botster-tui cases [show ID [--explain] | accept ID [--state STATE] | drop ID|--all]
    $ botster-tui report --state running|waiting|idle|done [--reason TEXT] [--session ID] [--stdin] [--if-in-hub] [AGENT]
    $ botster-tui hooks claude|codex|gemini [--install]
    $ botster-tui statusline claude      (Claude Code's status line in a hub launch: its usage to the hub, then yours)
    $ botster-tui message-hook --config DIR  (Claude Code's SendMessage in a hub launch: held to the drive rules)
    $ botster-tui new [--name N] [--cwd DIR] [--worktree BRANCH] [--profile P] [--sandbox BOX|off] [--no-focus] -- CMD...
    $ botster-tui wait AGENT --until waiting|idle|done|running|exited|output:REGEX [--timeout S]
    $ botster-tui read AGENT [--lines N] [--scrollback] [--ansi]
    $ botster-tui events [--agent AGENT] [--json]
    $ botster-tui kill|restart|focus|close AGENT
    $ botster-tui whoami [--json]
    $ botster-tui sandbox AGENT [--json]
    $ botster-tui run COMMAND [ARG] [--agent AGENT] [--yes]
    $ botster-tui snapshot [--size 120x40] [--layout FILE] [--agent CMD]... [--wait MS] [--keys "ctrl+g j"] [--ansi]
    $ botster-tui snapshot --live [--keys "ctrl+g j"] [--ansi]
    $ botster-tui check FILE.lua...
    $ botster-tui push FILE.lua
    $ botster-tui improvements [list | show NAME [V] | revert NAME [V] | disable NAME | enable NAME]
    $ botster-tui keys [--markdown]
    $ botster-tui pipeline run FILE.lua [--var NAME=VALUE]... [--json] | ls | show RUN | cancel|pause|resume RUN | retry|choose RUN STEP
    $ botster-tui review comment AGENT FILE:LINE[-LINE] TEXT | comments AGENT | send AGENT [--json]
    $ botster-tui ${PLUGIN_USAGE}
${REMOTE_USAGE}
${WEB_USAGE}`;

const main = () => `
  Usage
${USAGE}
${usageLines()}    $ botster-tui COMMAND --help

  Commands
    (none)     attach to this home's hub server, starting it if none runs (--agent: start those agents in it)
    attach     attach to the running hub server (no server: exit 3)
    ls         the hub server of this home and its agents (--json for scripts)
    kill-server  stop the hub server and its agents (session.json is written for --restore)
    upgrade    this installed version's server takes over from the running one; the agents carry on
    agents     the agents of the running hub: number, name, status, pid, id, command (--json for scripts)
    send       type TEXT into an agent of the running hub (--keys: then press these keys)
    status     what an agent is doing and who said so (--explain: the adapter, rule and lines that decide)
    cases      screens kept when an agent's own report and its screen disagreed: accept them as cases
    report     an agent says its own state (from its CLI's hooks): running, waiting, idle or done
    hooks      how each CLI reports its state (wired per launch); print or --install one CLI's hooks
    new        start an agent in the running hub; prints its id
    wait       wait until an agent is waiting, idle, done... or its screen matches (--timeout: exit 7)
    read       print what an agent shows (--scrollback: all it keeps)
    events     follow agents' events (started, state changes, exits) as they happen
    kill       stop an agent;  restart: again in its place;  focus: show it;  close: off the list
    run        run any command of the hub (as the palette would; --yes answers its dialogs)
    whoami     who the running hub takes you for: you, or an agent (the kernel's word)
    sandbox    what an agent's box lets it see and write (docs/security.md)
${declaredLines()}    (every one of these: --json for scripts; docs/protocol.md: the socket they speak)
    schema     each verb's JSON Schema: what it takes and what it answers (--json)
    server     run the hub server in the foreground (plain botster-tui starts it in the background)
    snapshot   render the hub headlessly and print the final frame
    check      load Lua files as the hub would; print errors (file:line: message) or what they register
    test       run Lua tests (*_test.lua) with golden frames; ends with N passed, N failed (docs/lua/testing.md)
    keys       list the live key bindings (defaults plus your $BOTSTER_HOME/user/*.lua)
    push       hand an improvement to the running hub; prints the policy's decision as JSON
    improvements   list, show, revert, disable or enable pushed improvements (a running hub follows at once)
    proxy      this home's hub socket on stdin/stdout (what --ssh runs on the other machine)
    web        the hub in a browser: its address is shown in the hub's window (sessions, revoke, stop)
    pipeline   hand one task to several agents (in parallel or a chain), keep the best (docs/pipelines.md)
    review     comment on lines of an agent's changes, send the comments to it as one prompt (docs/review.md)
    plugin     add, update, pin, grant and remove plugins: Lua other people wrote (docs/plugins.md)
    statusline   Claude Code's status line in a hub launch: its usage to the hub (you do not run it)
    message-hook Claude Code's SendMessage in a hub launch: held to the drive rules (you do not run it)
    mcp        the hub's verbs as MCP tools, for the agent CLI that starts it (docs/mcp.md)
    tmux       the hub's tmux for its agents: a pane an agent's CLI makes is an agent (docs/teams.md)

  Options
    --agent CMD      run CMD as an agent (repeatable); default: $SHELL
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)
    --layout FILE    use FILE instead of $BOTSTER_HOME/user/layout.lua
    --scrollback N   lines of scrollback per agent (default 5000)
    --restore        start again the agents of the last hub (stopped or died), each in its
                     conversation when its CLI can resume one (docs/resume.md)
    --size WxH       snapshot size (default 120x40)
    --wait MS        snapshot: let agents run this long before the frame (default 500)
    --ansi           snapshot: keep colours in the output
    --keys SPEC      snapshot: press these keys first, e.g. "ctrl+g j enter"; send: press them after TEXT
    --markdown       keys: print a Markdown table
    --update         test: write the golden frames as they are now
    --json           ls, agents, report: print JSON
    --state STATE    report: running, waiting, idle or done (--reason TEXT: what it asks or runs)
    --install        hooks: merge the hooks into the CLI's own config file (with a backup)
    --live           snapshot: the running hub's current frame (via $BOTSTER_SOCKET or the home's socket)
${REMOTE_OPTIONS}
    -h, --help       this help (COMMAND --help: that command's)
    -v, --version    the version

  Environment
    BOTSTER_HOME     the home when --home is not given
    BOTSTER_SOCKET   the hub's control socket (agents get it; default $BOTSTER_HOME/hub.sock, or a short
                     path under $XDG_RUNTIME_DIR or /tmp when that one is too long for a unix socket)
    NO_COLOR         any value: the hub draws without colours of its own (agents' output is unchanged)

  Keys (insert mode sends every key to the focused agent)
    ctrl+g           leave insert mode, from any mode to normal mode (settings.way_out picks another key; ctrl+g g sends it to the agent);
                     then ? lists every key, : opens the command palette, ctrl+z suspends,
                     d detaches (the agents keep running; botster-tui attach comes back),
                     q asks whether to detach or stop the agents (settings.on_quit)
${EXIT_CODES_HELP}
`;

const COMMANDS: Record<string, string> = {
  snapshot: `
  Usage
    $ botster-tui snapshot [--size 120x40] [--layout FILE] [--agent CMD]... [--wait MS] [--keys SPEC] [--ansi]
    $ botster-tui snapshot --live [--keys SPEC] [--ansi]

  Renders the hub headlessly (its agents run for real) and prints the final frame as plain text.
  With --live, prints the frame of the hub running on this home instead (keys go to that hub).

  Options
    --size WxH       frame size (default 120x40)
    --layout FILE    use FILE instead of $BOTSTER_HOME/user/layout.lua
    --agent CMD      run CMD as an agent (repeatable); default: $SHELL
    --wait MS        let agents run this long before the frame (default 500)
    --keys SPEC      press these keys first, e.g. "ctrl+g j enter"
    --ansi           keep colours (SGR) in the output
    --live           the running hub's current frame (via $BOTSTER_SOCKET or the home's socket)
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 printed; 1 the hub failed; 2 bad flag or value; 3 --live: no hub is listening
`,
  check: `
  Usage
    $ botster-tui check [--render] FILE.lua...

  Loads each file after the shipped configuration, in the sandbox it would run in, and prints
  "FILE: ok" with what it registers (bindings, commands, hooks, layout pieces, web routes, a
  layout), or its errors as file:line: message.

  Options
    --render         also run the file's layout pieces on sample data (three agents) and print
                     what each shows and the whole frame with them
    --size WxH       the frame's size with --render (default 120x40)
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 every file loads (and, with --render, every piece draws and fits its slot); 1 a file has
    errors or cannot be read, or a piece fails; 2 no file named
`,
  push: `
  Usage
    $ botster-tui push FILE.lua

  Hands FILE.lua to the hub running on this home ($BOTSTER_SOCKET inside an agent). The hub's
  policy (user/policy.lua) reviews it; the decision is printed as JSON on stdout. Anything that is
  not a decision (no hub, a file that cannot be read) is a message on stderr with its own exit code.

  Options
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0   autonomous: the improvement is live
    1   escalated (refused) or it failed to load
    2   collaborative: waiting for your answer in the hub (it still applies when you answer)
    3   no hub is listening on the socket, or it did not answer
    5   no file named, the file cannot be read, or its name cannot name an improvement
`,
  pipeline: `
  Usage
    $ botster-tui pipeline run FILE.lua|example:NAME [--id ID] [--var NAME=VALUE]... [--json]
    $ botster-tui pipeline ls [--json]
    $ botster-tui pipeline show RUN [--json]
    $ botster-tui pipeline cancel|pause|resume RUN
    $ botster-tui pipeline retry|choose RUN STEP

  Runs a pipeline (pipelines.define in FILE.lua) in the running hub: its steps' agents start there,
  get their prompts, and their results are merged (docs/pipelines.md). run says each step's moves on
  stderr and, once it ends, prints each step (agent, state, check, diff, time) and the result.
  From inside an agent (its process descends from one) your policy (user/policy.lua) reviews it first:
  it starts, is refused with the policy's reasoning, or waits for your answer in the hub.
  example:NAME runs one botster-tui ships (example:best-of-three, example:fan-out,
  example:plan-implement-review), from wherever it is installed.

  Options
    --var NAME=VALUE  fills \${NAME} in the prompts (repeatable)
    --id ID          the pipeline to run when FILE.lua defines several
    --json           the run as JSON

  Exit codes
    0 the run ended well (choose: the step was kept); 1 it failed (a step, the merge, or FILE.lua:
    file:line: message), or, from inside an agent, your policy (or you) refused it; 2 bad
    arguments; 3 no hub is listening; 10 it was cancelled; 11 every step ended and it waits for
    you to choose (pipeline choose); 12 from inside an agent: your policy asked you and you have
    not answered yet (the run starts when you accept it: pipeline.accept in the hub)
`,
  plugin: `
  Usage
${PLUGIN_USAGE_LINES}

  Plugins are folders of Lua that other people wrote (docs/plugins.md). SOURCE is a git URL
  (file:// too) or github:owner/repo, npm:NAME[@VERSION] or a packed .tgz, or a folder (used in
  place). add shows what the plugin asks for and adds it once you grant that: in a terminal you
  type "grant" (or the names you grant); a script says --grant. The lock, $BOTSTER_HOME/plugins/
  lock.json, pins each to a commit or version; install adds what settings.plugins lists and the
  lock lacks; update moves it (NAME@previous goes back), restore
  puts back what the lock says. A running hub follows at once; the hub itself never fetches.
  new writes a plugin to start from; new --from improvement IMP makes one of the improvement IMP
  (its code, every version kept, a manifest asking for what its code calls, a README and a test
  with its golden frame): it only writes the folder, adding it stays add.

  Capabilities
    keys, commands, hooks, clis, pieces, pipelines, send, spawn, run, files (docs/plugins.md)

  Options
    --grant CAP,...  what you grant (all: everything it asks for); refused inside the hub's agents
    --json           ls: the lock's entries as JSON
    --from improvement IMP   new: the plugin is the improvement IMP (botster-tui improvements)

  Exit codes
    0 done; 1 it failed (nothing changed: a version that does not load or asks for more than you
    granted is not installed; the message says why); 2 bad arguments
`,
  improvements: `
  Usage
    $ botster-tui improvements [list]
    $ botster-tui improvements show NAME [VERSION]
    $ botster-tui improvements revert NAME [VERSION]
    $ botster-tui improvements disable NAME
    $ botster-tui improvements enable NAME

  Lists, shows, reverts, disables or enables the improvements agents pushed into
  $BOTSTER_HOME/improvements/ (every accepted version is kept). A running hub follows at once.

  Options
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 done; 1 no such improvement or version; 2 bad arguments
`,
  schema: `
  Usage
    $ botster-tui schema [VERB] [--json]

  Prints what each verb of the hub's socket takes and answers, from its declaration (src/verbs/):
  one verb, or all. --json prints JSON Schema (draft 2020-12): { name, summary, stream, args,
  answer }, args the request (op and its fields; any other field is refused), answer the reply's
  fields when ok. Needs no hub: it is this install's protocol (docs/protocol.md).

  Options
    --json           the schemas as JSON

  Exit codes
    0 printed; 2 no such verb
`,
  keys: `
  Usage
    $ botster-tui keys [--markdown]

  Lists the live key bindings: the shipped ones plus those of your $BOTSTER_HOME/user/*.lua.

  Options
    --markdown       print a Markdown table
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 printed; 1 the configuration failed to load; 2 bad flag
`,
};

Object.assign(COMMANDS, {
  attach: `
  Usage
    $ botster-tui attach [--home DIR]

  Attaches this terminal to the hub server of the home: the agents and their screens exactly as they
  are. d in normal mode (client.detach) or closing the terminal detaches; the agents keep running.
  Refused inside an agent of the same hub (it would draw itself in its own panel): unset
  BOTSTER_AGENT_ID and BOTSTER_SOCKET to force it.

  Exit codes
    0 detached, or the server stopped; 1 the server was lost or refused this client;
    2 inside an agent of the same hub; 3 no server runs
`,
  ls: `
  Usage
    $ botster-tui ls [--json] [--home DIR]

  The hub server of the home (pid, version, attached clients) and its agents (status, pid, command).

  Exit codes
    0 printed; 3 no hub server runs for the home (--json prints {"running": false})
`,
  'kill-server': `
  Usage
    $ botster-tui kill-server [--home DIR]

  Stops the hub server of the home: its agents get SIGHUP, attached clients are told, session.json
  is written (botster-tui --restore starts the agents again). Waits until the server is gone.

  Exit codes
    0 stopped; 1 it did not stop within 10 s; 3 no hub server runs for the home
`,
  upgrade: `
  Usage
    $ botster-tui upgrade [--home DIR]

  The server of this installed version takes over from the running hub server of the home: the
  agents carry on as they run (their keepers hold them; the new server adopts them: same processes,
  screens and scrollback), attached clients attach again by themselves. Refused, with nothing
  stopped, when the running server's agents have no keepers or are kept with a keeper protocol of
  another major version (docs/keeper.md).

  Exit codes
    0 upgraded; 1 refused, or an agent did not carry on; 3 no hub server runs for the home
`,
  agents: `
  Usage
    $ botster-tui agents [--json] [--home DIR]

  The agents of the hub server of the home, numbered as the hub shows them: name, status (running,
  idle, waiting, exited N), pid, id and command, folder and title. --json prints an array of
  { id, name, command, cwd, pid, status, exit_code, title }. Works from inside an agent too.

  Exit codes
    0 printed; 3 no hub server runs for the home
`,
  send: `
  Usage
    $ botster-tui send AGENT TEXT... [--keys SPEC] [--home DIR]

  Types TEXT (the words joined by spaces, as if typed: no Enter unless you ask) into an agent of
  the running hub, then presses the keys of --keys. AGENT is its number as listed (botster-tui
  agents), its name, or id:ID (the BOTSTER_AGENT_ID it runs with). Works from inside an agent too:
  into itself and the agents it started; into any other once you let it (the hub asks you).
  Text that starts with - goes after --.

  Examples
    $ botster-tui send 2 "make test" --keys enter
    $ botster-tui send claude --keys "ctrl+c"
    $ botster-tui send 1 -- --version

  Options
    --keys SPEC      keys to press after TEXT, e.g. "enter", "ctrl+c", "escape : w q enter"
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 sent; 2 no agent or nothing to send, or a bad --keys; 3 no hub server runs for the home;
    6 no such agent (the message lists them), or it has exited
`,
  cases: `
  Usage
    $ botster-tui cases [--json] [--home DIR]
    $ botster-tui cases show ID [--explain] [--json]
    $ botster-tui cases accept ID [--state STATE]
    $ botster-tui cases drop ID|--all

  When an agent says its state itself (its CLI's hooks) and the status adapters read its screen
  otherwise for 3 s (within 20 s of the report, before you type to it), the hub keeps that screen
  (with settings.pending_cases = true; off by default, as any process of yours could read it)
  as a pending case in $BOTSTER_HOME/corpus/pending/ (at most 20 per program; status AGENT
  --explain shows the disagreement while it lasts). cases lists them; show prints one (--explain:
  what this home's adapters read on it now); accept moves it to the saved cases
  ($BOTSTER_HOME/corpus/PROGRAM.json) expecting what the agent said (--state: running, waiting or
  idle instead); every adapter change, yours or an agent's push, must then read it right. drop
  deletes it. No hub needed.

  Exit codes
    0 done; 1 a case file cannot be read or written; 2 bad usage, no such case
`,
  status: `
  Usage
    $ botster-tui status AGENT [--explain] [--save-case STATE] [--json] [--home DIR]
    $ botster-tui status --explain --file SCREEN.txt --program NAME [--title TEXT] [--progress P]
                         [--cli-version V] [--json] [--home DIR]

  What an agent of the running hub is doing (running, waiting, idle, done, exited), why (the
  question it asks, the command it wants to run) and who said so: a status adapter's rule on its
  screen, the agent's own report (botster-tui report), quietness alone, or its exit. AGENT is its
  number as listed, its name, or id:ID.

  Options
    --explain        also ask the adapters about the screen now: the adapter, the rule and the lines
                     that decide, and every adapter asked in order
    --save-case STATE  save the screen (and title) as a state-detection case expecting STATE
                     (running, waiting or idle) in $BOTSTER_HOME/corpus/PROGRAM.json; improvements that
                     change adapters must keep every saved case right
    --file FILE      explain a saved screen (plain text) instead, without a hub; --program names the
                     CLI it is from (default sh), --title its terminal title, --progress its OSC 9;4
                     progress (normal:40, indeterminate, error, paused), --cli-version the CLI's
                     release it came from (a CLI file's rules for that release); the screen counts as settled
    --json           print JSON

  Exit codes
    0 shown; 2 bad usage; 3 no hub server runs for the home; 5 the file cannot be read;
    6 no such agent (the message lists them)
`,
  server: `
  Usage
    $ botster-tui server [--agent CMD]... [--home DIR] [--layout FILE] [--restore] [--size WxH]

  Runs the hub server of the home in the foreground, without a terminal (plain botster-tui starts
  one in the background, detached, with its output in $BOTSTER_HOME/logs/server.log).
  If the last server of the home died, its agents are offered to the first terminal that attaches;
  a script resumes them with --restore or botster-tui run session.resume (docs/resume.md).

  Exit codes
    0 stopped; 1 failed; 4 a server already runs for the home
`,
});

Object.assign(
  COMMANDS,
  REPORT_COMMANDS,
  FLEET_COMMANDS,
  REMOTE_COMMANDS,
  WEB_COMMANDS,
  REVIEW_COMMANDS,
  AGENT_SIDE_COMMANDS,
  TEST_COMMANDS,
);

/** Every command: the one table the command line takes its words from (parse-args.ts refuses others). */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/** The commands a usage line names: its first word, and the first of each `|` alternative. */
export function usageNames(lines: string): Set<string> {
  const named = new Set<string>();
  for (const line of lines.split('\n')) {
    const m = /^[ \t]*\$ botster-tui (.*)$/.exec(line);
    for (const alt of m ? m[1].split('|') : []) named.add(alt.trim().split(/\s/)[0]);
  }
  return named;
}

/** A usage line for each command the hand-written ones do not name: its own help's first. */
function usageLines(): string {
  const named = usageNames(USAGE);
  return COMMAND_NAMES.filter((c) => !named.has(c))
    .map((c) => `${/^[ \t]*\$ botster-tui .*$/m.exec(COMMANDS[c])?.[0] ?? `    $ botster-tui ${c}`}\n`)
    .join('');
}

/** The help for `command` (a known subcommand), else the main help; meow formats it (src/cli/parse-args.ts). */
export function helpBody(command?: string): string {
  return (command !== undefined && COMMANDS[command]) || main();
}
