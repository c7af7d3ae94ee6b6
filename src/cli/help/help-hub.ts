import { PLUGIN_USAGE_LINES } from './help-plugin.js';

// `botster-tui COMMAND --help` for the commands about the hub's frame, its Lua and what extends it:
// snapshot, check, push, pipeline, plugin, improvements, schema, keys.

export const HUB_COMMANDS: Record<string, string> = {
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
