import { EXIT_CODES_HELP } from '../../wire/exit-codes.js';
import { REPORT_COMMANDS } from './help-report.js';
import { FLEET_COMMANDS } from './help-fleet.js';
import { COMMAND_VERBS, FLEET_VERBS, commandWords } from '../fleet-verbs.js';
import { VERB_CLI } from '../verb-cli.js';
import { REMOTE_COMMANDS, REMOTE_OPTIONS, REMOTE_USAGE } from './help-remote.js';
import { WEB_COMMANDS, WEB_USAGE } from './help-web.js';
import { REVIEW_COMMANDS } from './help-review.js';
import { PERMISSION_COMMANDS } from './help-permission.js';
import { PLUGIN_USAGE } from './help-plugin.js';
import { AGENT_SIDE_COMMANDS } from './help-agent-side.js';
import { TEST_COMMANDS } from './help-test.js';
import { HUB_COMMANDS } from './help-hub.js';
import { SERVER_COMMANDS } from './help-server.js';

// What `botster-tui --help` and `botster-tui COMMAND --help` print.

/** Verbs' commands no line below names yet: a line each, their declarations' summaries. */
function declaredLines(): string {
  // (a verb once, by the word it goes by: `interrupt` for agent.interrupt)
  const words = [...new Set(FLEET_VERBS.map(commandWords))].filter((w) => !w.includes(' '));
  return words
    .filter((w) => !HAND_NAMED.includes(w))
    .map((w) => `    ${w.padEnd(10)} ${VERB_CLI[COMMAND_VERBS[w]].summary}\n`)
    .join('');
}
/** The verbs' commands the Commands list below names by hand (kill's line names four). */
const HAND_NAMED = [
  'send',
  'events',
  'agents',
  'status',
  'new',
  'wait',
  'read',
  'kill',
  'restart',
  'focus',
  'close',
  'run',
  'whoami',
  'sandbox',
];

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
    $ botster-tui permission-hook  (Claude Code's PermissionRequest in a hub launch: your rules answer it)
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
    permission what your rules answer an agent's permission question (docs/permissions.md)
    plugin     add, update, pin, grant and remove plugins: Lua other people wrote (docs/plugins.md)
    statusline   Claude Code's status line in a hub launch: its usage to the hub (you do not run it)
    message-hook Claude Code's SendMessage in a hub launch: held to the drive rules (you do not run it)
    permission-hook  Claude Code's PermissionRequest in a hub launch: your rules answer it (you do not run it)
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

const COMMANDS: Record<string, string> = { ...HUB_COMMANDS, ...SERVER_COMMANDS };

// (a verb's declared help never hides one written by hand: send's is help-server.ts's)
for (const [name, text] of Object.entries(FLEET_COMMANDS)) COMMANDS[name] ??= text;
Object.assign(
  COMMANDS,
  REPORT_COMMANDS,
  REMOTE_COMMANDS,
  WEB_COMMANDS,
  REVIEW_COMMANDS,
  PERMISSION_COMMANDS,
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
