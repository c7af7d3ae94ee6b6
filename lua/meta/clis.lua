---@meta
-- LuaLS annotations for clis: everything the hub knows about one agent CLI, in one file.
-- Shipped: lua/default/clis/<name>.lua. Yours: any file in $BOTSTER_HOME/user/ (a definition with
-- the name of a shipped one replaces it field by field). Docs: docs/lua/clis.md.

--- One hook in a Claude-style settings file the hub writes for a launch.
---@class botster.CliSettingsHook
---@field event string          # the CLI's event name ("Stop", "AfterAgent", ...)
---@field matcher? string       # its matcher ("*", "permission_prompt|elicitation_dialog")
---@field state "running"|"waiting"|"idle"|"done" # what the event reports
---@field why? string           # why, for `botster-tui hooks` and the docs

---@class botster.CliSettings
---@field file string           # the file written into $BOTSTER_HOME/hooks
---@field style? "claude"|"gemini" # claude: timeouts in seconds; gemini: in ms, each hook named
---@field events botster.CliSettingsHook[]
---@field user_file? string     # the user's own settings file (sh words: "${X:-$HOME/.x}/settings.json"): when it reports to the hub already the launch is left alone; `botster-tui hooks NAME --install` merges into it
---@field extra? table<string, any>  # other settings of the launch beside the hooks (claude: `teammateMode = "tmux"`, so a team's teammates are agents of the hub: docs/teams.md)
---@field status_line? string  # its status line goes through `botster-tui statusline NAME` ("claude"): the usage it is handed becomes agent.usage, then the user's own status line runs with the same input
---@field messages? { matcher: string, config: string }  # its messages to other sessions go to the hub first (claude: `{ matcher = "SendMessage", config = "${CLAUDE_CONFIG_DIR:-$HOME/.claude}" }`, a PreToolUse hook running `botster-tui message-hook`): typed into an agent of the hub when the drive rules let the sender, else refused (docs/teams.md)

--- How the hub wires the CLI's own hooks for one launch (a shim in $BOTSTER_HOME/bin, first on
--- each agent's PATH). In values, "{hooks}" is $BOTSTER_HOME/hooks, "{hooks_url}" its file:// URL,
--- "{notify}" a notify program as a JSON/TOML list (its JSON payload as the last argument).
---@class botster.CliHooks
---@field settings? botster.CliSettings
---@field files? table<string, string>   # more files for $BOTSTER_HOME/hooks: name -> text (a plugin)
---@field args? string[]                 # added before the user's arguments ({ "--settings", "{hooks}/x.json" })
---@field env? table<string, string>     # set for the launch
---@field own_commands? string[]         # a first argument that runs it as it is (its subcommands, --version)
---@field unless_args? string[]          # a user argument (`--x` or `--x=...`) that leaves the launch alone
---@field unless_env? string[]           # a variable of the user's that leaves the launch alone
---@field unless_files? string[]         # a file whose presence leaves the launch alone
---@field unless_file_has? { file: string, pattern: string } # a file with a line matching an extended regex leaves it alone
---@field since? string                # the oldest release the wiring works with: an older one (read from its npm package.json) runs as it is
---@field private_dir? boolean           # the CLI ignores settings below a folder others may write: no wiring from such a home
---@field user_toml? { file: string, key: string, value: string } # what `botster-tui hooks NAME --install` sets in the user's TOML config

--- How the CLI takes the hub's MCP server (`botster-tui mcp`) for one launch, in the same shim as its
--- hooks (docs/mcp.md): no file of yours is edited. In values "{mcp_server}" is the server as a JSON
--- object ({"command": ..., "args": ["mcp"]}), "{mcp_command}" the home's launcher as a JSON/TOML
--- string, "{mcp_args}" its arguments as a JSON/TOML list, "{read_tools}" the tools that only read
--- (named as `tool` says, joined by ","), "{hooks}" as for hooks. settings.mcp = false writes none;
--- BOTSTER_MCP=0 in an agent (a profile's mcp = false) leaves it out of that agent's launches.
---@class botster.CliMcp
---@field args? string[]                 # added before the user's arguments ({ "--mcp-config={...}" })
---@field env? table<string, string>     # set for the launch
---@field files? table<string, string>   # files for $BOTSTER_HOME/hooks: name -> text (a settings overlay)
---@field tool? string                   # how its allow list names one tool ("mcp__botster__{tool}")
---@field own_commands? string[]         # a first argument that runs it as it is (besides the hooks' own_commands)
---@field unless_args? string[]          # a user argument (`--x` or `--x=...`) that leaves the server out
---@field unless_env? string[]           # a variable of the user's that leaves the server out

--- How a CLI resumes: the session its hooks reported (or `find` found) goes into `args` in place
--- of "{session}"; without one, `last` continues the folder's newest conversation (for one agent
--- of this CLI per folder). Or a function(agent, restore), as profiles.define takes.
---@class botster.CliResume
---@field args? string[]        # { "--resume", "{session}" }
---@field last? string[]        # { "--continue" }
---@field find? fun(agent: botster.ResumeAgent, restore: botster.Restore): string|nil

---@class botster.CliDef
---@field name string           # one word: the adapter, the profile and `botster-tui hooks NAME` are named after it
---@field title? string         # what people call it ("Claude Code")
---@field programs? string[]    # program name globs it runs as ({ "claude*" }); default { name }
---@field command? string       # the word that starts it (default: the first plain program, else name)
---@field packages? string[]    # packages that install it (npm, PyPI): `npx @openai/codex` runs codex
---@field version? string       # the newest version its cases come from
---@field detect? fun(screen: botster.Screen, agent: botster.AdapterAgent): botster.DetectedState|nil, string|nil, string|nil # its status adapter
---@field priority? number      # the adapter's priority (lower is asked first; default 0)
---@field answers? table<string, {text?: string, keys?: string}> # what yes and no mean when you answer it (`a y`, `a n`)
---@field multiline? "paste"|"join" # how it takes a prompt of several lines (review comments, docs/review.md): "paste" (default) as one bracketed paste when its terminal asked for pastes, else joined; "join": always one line
---@field interrupt? string # the keys that stop its turn and leave it running (a key spec: "escape", "escape escape"; default "ctrl+c"): the interrupt verb presses them (lua/default/interrupt.lua)
---@field resume? botster.CliResume|fun(agent: botster.ResumeAgent, restore: botster.Restore): table|nil|false
---@field hooks? botster.CliHooks|false
---@field mcp? botster.CliMcp|false     # how it takes the hub's MCP server for one launch (false: it does not)
---@field sandbox? { write?: string[], env?: table<string, string>, seed?: table<string, string>, secrets?: string[], vars?: string[], network?: { allow?: string[] } } # what it writes besides its folder, for its box (docs/security.md#boxes): paths absolute or ~/..., a folder ending in "/" (made when missing); env: variables its box sets (a config folder moved into one it writes; a variable you set wins, and its folder is written instead); seed: files its box keeps as its own copy of one of yours (["~/.claude/.claude.json"] = "~/.claude.json"): made when missing, and at every start what you changed in yours since (a JSON object: key by key) reaches the copy, what the box changed and you did not stays; yours is never written; secrets: its credentials ({ "~/.codex/auth.json" }), seen by its box only and hidden from every other CLI's; vars: your variables its box gets besides the basics ({ "ANTHROPIC_*" }: names, or prefixes ending in "*"), the rest of the hub's environment stays out; network.allow: the hosts its box reaches through the hub's proxy without asking ("api.example.com", "*.example.com", "127.0.0.2:8080"; docs/security.md#boxes-network)
---@field limits? botster.CliLimits # where the hub asks an account's own limits, from outside the agent (docs/accounts.md#whose-figure)
---@field transcripts? string[] # where it keeps a session's transcript (sh words and * per folder; "{session}" is the id its hooks report): `botster-tui search` and search.all read them
---@field cases? string         # its cases file, beside it
---@field hub? string           # the oldest botster-tui release it needs ("0.2.0"): on an older hub it does not load, and says why
---@field versions? botster.CliVersion[] # the rules of releases it drew differently, picked by the running binary's release

--- The rules of the releases `from` (inclusive) up to `below` (exclusive): the first entry that
--- covers the running binary's release (agent.cli_version) decides, the top-level detect otherwise.
---@class botster.CliVersion
---@field from? string          # the first release it covers ("0.5.0")
---@field below? string         # the first release it no longer covers ("1.0.0")
---@field detect fun(screen: botster.Screen, agent: botster.AdapterAgent): botster.DetectedState|nil, string|nil, string|nil
---@field version? string       # the release its cases come from

---@class botster.Cli: botster.CliDef
---@field source string         # file:line of its definition

clis = {}

--- Defines (or, by the same name, changes field by field) an agent CLI: registers its status
--- adapter, its resume (a profile not listed in the spawn dialog), its answers, and hands the hub
--- its programs, packages and hook wiring. Errors are `file:line: message`.
--- ```lua
--- clis.define({
---   name = "mytool", title = "My Tool", programs = { "mytool" }, packages = { "@me/mytool" },
---   detect = function(screen)
---     if screen:ifind("approve%?", screen:last(5)) then return "waiting", "asks to approve", "approve" end
---     if screen:ifind("esc to stop", screen:last(5)) then return "running", nil, "stop hint" end
---     return screen:settle()
---   end,
---   answers = { yes = { text = "y" }, no = { text = "n" } },
---   resume = { args = { "--session", "{session}" }, last = { "--continue" } },
--- })
--- ```
---@param def botster.CliDef
---@return botster.Cli
function clis.define(def) end

--- The `versions` entry of CLI `cli` that covers release `release` ("0.5.29"), or nil (the top-level rules).
---@param cli botster.Cli
---@param release string|nil
---@return botster.CliVersion|nil
function clis.variant(cli, release) end

--- The CLI named `program`, or whose program globs match it; nil when none.
---@param program string
---@return botster.Cli|nil
function clis.find(program) end

--- The defined CLIs' names, in the order they were defined.
---@return string[]
function clis.names() end

--- Where the hub asks an account's limits itself (lua/default/account_limits.lua): a figure the
--- agent cannot make up, which moves it to another account without asking you.
---@class botster.CliLimits
---@field url string                          # the CLI's own usage endpoint (http:// or https://)
---@field token { file: string, field: string } # the account's login: a JSON file ("${CLAUDE_CONFIG_DIR:-$HOME/.claude}/.credentials.json") and the dotted field of its token
---@field headers? table<string, string>      # sent besides `authorization: Bearer <token>`
---@field read fun(answer: table): table<string, botster.UsageLimit>|nil # the decoded answer into { five_hour = { used_pct, resets_at } }
