---@meta
-- Made by scripts/protocol-table.mjs (npm run docs:protocol) from the verbs' declarations
-- (src/verbs/): do not edit. Each verb's app:NAME (lua/core/verbs.lua), its arguments as the socket
-- takes them. test/server/verb-docs.test.ts fails when it is stale.

---@class botster.AppActions
local AppActions = {}

--- Whether a hub answers: the installed package's version and how many agents it has: the `ping`
--- verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a
--- key, command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:ping()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:ping(args, fn) end

--- Who the hub takes the caller for: you, or the agent it descends from: the `whoami` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:whoami()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:whoami(args, fn) end

--- The hub's frame as an attached client sees it, after pressing keys (--keys): the `snapshot` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   keys: key spec, pressed first ("ctrl+g j")
---   ansi: keep colours and attributes (SGR escapes)
--- ```lua
--- local answer = app:snapshot()
--- ```
---@param args? { keys?: string, ansi?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:snapshot(args, fn) end

--- Offer Lua to the hub as an improvement: your policy (user/policy.lua) decides: the `push` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   name: the improvement's name
---   source: its Lua
---   agent_id: the agent offering it, where the kernel cannot be asked (else the kernel says)
---   from_agent: an agent asks (older clients say so; the kernel decides)
--- ```lua
--- local answer = app:push({ name = "text", source = "text" })
--- ```
---@param args { name: string, source: string, agent_id?: string, from_agent?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:push(args, fn) end

--- Load Lua as the improvement it would be (sandboxed; nothing goes live): its errors as file:line:
--- message, or what it registers: the `check` verb (docs/protocol.md). Its typed answer goes to
--- `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a failure
--- nobody reads is said on screen.
---
--- Arguments:
---   source: the Lua (else path)
---   path: a .lua file to read it from (absolute)
---   name: the improvement's name it is checked as (default: the file's, else check)
--- ```lua
--- local answer = app:check()
--- ```
---@param args? { source?: string, path?: string, name?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:check(args, fn) end

--- The improvements: their versions, which is live, what waits for your answer: the
--- `improvement.list` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:improvement_list()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:improvement_list(args, fn) end

--- Make an earlier version of an improvement live again (an agent: only one it pushed): the
--- `improvement.revert` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned
--- where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on
--- screen.
---
--- Arguments:
---   name: the improvement
---   version: the version to make live (default: the one before the live one)
--- ```lua
--- local answer = app:improvement_revert({ name = "text" })
--- ```
---@param args { name: string, version?: integer }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:improvement_revert(args, fn) end

--- The agents, as listed on screen (with their states): the `agent.list` verb (docs/protocol.md).
--- Its typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer,
--- web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:agent_list()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_list(args, fn) end

--- Type text, then press keys, into an agent: the `agent.send` verb (docs/protocol.md). Its typed
--- answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route);
--- a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to type into
---   text: text to type
---   keys: keys to press after it ("ctrl+c enter")
--- ```lua
--- local answer = app:agent_send({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, text?: string, keys?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_send(args, fn) end

--- Send another agent a message, held to the drive rules (Claude Code's SendMessage comes here):
--- the `message` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   to: who gets it: an agent (its number, name, id:ID or tmux pane %N), or the name its CLI lists a session by
---   text: the message
---   force: type it even where no agent CLI reads it (a shell runs its lines as commands; else refused with shell or not_cli: prompts.reads)
---   pid: the receiving session's process, as its CLI's session file names it (the hub tells its agent)
---   cli_tool: sent by the sender CLI's own message tool (its hook): a name no agent goes by is that CLI's to deliver (route cli), not refused
--- ```lua
--- local answer = app:message({ to = "text", text = "text" })
--- ```
---@param args { to: string, text: string, force?: boolean, pid?: integer, cli_tool?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:message(args, fn) end

--- An agent's CLI asks before a tool: your rules in Lua answer allow, deny or ask
--- (docs/permissions.md): the `permission.ask` verb (docs/protocol.md). Its typed answer goes to
--- `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a failure
--- nobody reads is said on screen.
---
--- Arguments:
---   tool: the tool it asks to use (Bash, Edit, WebFetch, mcp__server__tool)
---   input: the tool's input by field, as text (Bash: command=...)
---   cwd: the folder its CLI runs in
---   agent: whose question it is: an agent asks for itself; you may try any agent's (nothing is recorded)
--- ```lua
--- local answer = app:permission_ask({ tool = "text" })
--- ```
---@param args { tool: string, input?: table<string, string>, cwd?: string, agent?: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:permission_ask(args, fn) end

--- Answer the permission question an agent waits with: allow once, always for this agent, or deny:
--- the `permission.answer` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned
--- where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on
--- screen.
---
--- Arguments:
---   agent: the agent that waits
---   answer: allow (once), always (allow it for this agent from now on) or deny
---   key: the question you were shown (its key): refused if it asks another now
--- ```lua
--- local answer = app:permission_answer({ agent = app.focused, answer = "allow" })
--- ```
---@param args { agent: string|integer|botster.Agent, answer: "allow"|"always"|"deny", key?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:permission_answer(args, fn) end

--- An agent's state, and with explain what its CLI's rules make of its screen: the `status` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent
---   explain: what its CLI's rules make of its screen now, and who decided
---   save_case: save its screen as a case of this state (running, waiting or idle)
--- ```lua
--- local answer = app:status({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, explain?: boolean, save_case?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:status(args, fn) end

--- An agent's own hooks say its state (running, waiting, idle, done): the `report` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent whose state it is
---   state: the state it is in
---   reason: why (a question, a command), up to 500 characters
---   session: its CLI's conversation id (what resuming needs)
--- ```lua
--- local answer = app:report({ agent = app.focused, state = "running" })
--- ```
---@param args { agent: string|integer|botster.Agent, state: "running"|"waiting"|"idle"|"done", reason?: string, session?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:report(args, fn) end

--- An agent's CLI says its own cost and limits (Claude Code's status line does): the `usage` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent whose usage it is
---   tokens: tokens of the session (input, cache included, and output)
---   cost: its cost so far, US dollars
---   context_pct: how full its context window is, 0-100
---   limits: the account limits used, by name: `{ five_hour = "42" }` (percent)
---   resets: when each limit starts again, by name (epoch seconds)
---   account: the account (an e-mail, a plan)
---   model: the model it runs
---   source: where the facts came from (`statusline`, `session`)
--- ```lua
--- local answer = app:usage({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, tokens?: integer, cost?: number, context_pct?: number, limits?: table<string, string>, resets?: table<string, string>, account?: string, model?: string, source?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:usage(args, fn) end

--- What an agent's box lets it see and write (none: it runs unboxed): the `sandbox` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent whose box it is
--- ```lua
--- local answer = app:sandbox({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:sandbox(args, fn) end

--- Start an agent (a command or a profile), optionally in a new worktree or on a machine: the
--- `agent.new` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can
--- wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   command: a shell command line, or with args the program
---   args: the program's arguments
---   name: the agent's name in the list: unique, not the hub's, not a number (else refused)
---   suffix: a name taken, the hub's or a number gets the free one after it (-2, -3...) instead of a refusal (tmux's -n)
---   cwd: the folder it runs in (before a profile's own)
---   caller_cwd: where the caller is: where it runs when neither cwd nor its profile names a folder
---   worktree: run it in a new git worktree on this branch ("": the hub names it)
---   base: the branch the new worktree starts from
---   profile: start this profile (user/profiles.lua) instead of a command
---   focus: show it (default true; false leaves the hub's focus where it is)
---   sandbox: the box it runs in: a name of sandbox.boxes (default, strict), or "off" for none (an agent's word: its own box, whatever is asked)
---   machine: start it on this machine of the hub's settings.machines
--- ```lua
--- local answer = app:agent_new()
--- ```
---@param args? { command?: string, args?: string[], name?: string, suffix?: boolean, cwd?: string, caller_cwd?: string, worktree?: string, base?: string, profile?: string, focus?: boolean, sandbox?: string, machine?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_new(args, fn) end

--- Answers when an agent reaches a state, or its screen matches output:REGEX: the `wait` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to wait for
---   until: running|waiting|idle|done|exited (several, comma-separated) or output:REGEX
---   timeout_ms: give up after this many milliseconds (reason timeout)
--- ```lua
--- local answer = app:wait({ agent = app.focused, until = "text" })
--- ```
---@param args { agent: string|integer|botster.Agent, until: string, timeout_ms?: number }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:wait(args, fn) end

--- What an agent shows (its screen, or its scrollback too): the `read` verb (docs/protocol.md). Its
--- typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web
--- route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to read
---   lines: only the last N lines
---   scrollback: the lines above the screen too (all the hub keeps)
---   ansi: keep colours and attributes (SGR escapes)
--- ```lua
--- local answer = app:read({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, lines?: integer, scrollback?: boolean, ansi?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:read(args, fn) end

--- Stop a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse: the
--- `agent.kill` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to stop
--- ```lua
--- local answer = app:agent_kill({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_kill(args, fn) end

--- Stop what an agent is doing, leaving it running (its CLI's interrupt key: Escape, Ctrl+C): the
--- `agent.interrupt` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to interrupt
---   keys: press these instead of its CLI's interrupt key ("ctrl+c")
--- ```lua
--- local answer = app:agent_interrupt({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, keys?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_interrupt(args, fn) end

--- Show an agent in the client that typed last: the `agent.focus` verb (docs/protocol.md). Its
--- typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web
--- route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to show
--- ```lua
--- local answer = app:agent_focus({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_focus(args, fn) end

--- Take an agent that exited off the list: the `agent.close` verb (docs/protocol.md). Its typed
--- answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route);
--- a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to take off the list
--- ```lua
--- local answer = app:agent_close({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_close(args, fn) end

--- Stop an agent and start it again in its place (same number, command, folder and conversation):
--- the `agent.restart` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to restart
---   command: run this instead (a shell command line, or with args the program), as tmux respawn-pane does
---   args: the program's arguments
---   cwd: where the new command runs (default: where the agent ran)
---   env: set over the agent's environment for the new command (an account's CLAUDE_CONFIG_DIR, say)
--- ```lua
--- local answer = app:agent_restart({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, command?: string, args?: string[], cwd?: string, env?: table<string, string> }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_restart(args, fn) end

--- Give an agent another name in the list: the `rename` verb (docs/protocol.md). Its typed answer
--- goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a
--- failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to rename
---   name: its new name in the list
---   suffix: a name taken, the hub's or a number gets the free one after it (-2, -3...) instead of a refusal (tmux's titles)
---   window: name the tmux window of the agent's team (tmux's rename-window: list-windows and #W show it) instead of the agent, whose name stays
--- ```lua
--- local answer = app:rename({ agent = app.focused, name = "text" })
--- ```
---@param args { agent: string|integer|botster.Agent, name: string, suffix?: boolean, window?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:rename(args, fn) end

--- The machines this hub reaches (machines.define, settings.machines) and the state of each: the
--- `machine.list` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:machine_list()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:machine_list(args, fn) end

--- Move an agent to another machine: its branch and its conversation go, it resumes there, and
--- stops here once it runs there: the `agent.move` verb (docs/protocol.md). Its typed answer goes
--- to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a failure
--- nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to move
---   machine: the machine it goes to (machines.define, settings.machines; "local": this one)
--- ```lua
--- local answer = app:agent_move({ agent = app.focused, machine = "text" })
--- ```
---@param args { agent: string|integer|botster.Agent, machine: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_move(args, fn) end

--- Pack an agent to move it to another machine: its branch, its transcripts, how it resumes (it
--- runs on): the `move.pack` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned
--- where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on
--- screen.
---
--- Arguments:
---   agent: the agent to pack
--- ```lua
--- local answer = app:move_pack({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:move_pack(args, fn) end

--- One part of a move's transfer: read it, write it, or drop the transfer: the `move.part` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   transfer: the transfer's id
---   key: which file: bundle, t0, t1, ...
---   offset: where the part starts
---   data: the part to write (base64); absent: read one
---   drop: drop the transfer folder
--- ```lua
--- local answer = app:move_part({ transfer = "text" })
--- ```
---@param args { transfer: string, key?: string, offset?: integer, data?: string, drop?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:move_part(args, fn) end

--- Start here an agent packed on another machine, in its conversation and folder, once its parts
--- came: the `move.land` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned
--- where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on
--- screen.
---
--- Arguments:
---   pack: what move.pack answered (JSON)
---   transfer: the transfer its parts came in here
--- ```lua
--- local answer = app:move_land({ pack = "text", transfer = "text" })
--- ```
---@param args { pack: string, transfer: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:move_land(args, fn) end

--- Pipeline run|ls|show|cancel|pause|resume|retry|choose (an agent's run goes through your policy):
--- the `pipeline` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   what: what to do
---   file: run: the pipeline file (with source)
---   source: run: the file's Lua
---   vars: run: its variables, NAME: VALUE
---   cwd: run: where relative paths are (default: the home)
---   wait: run: answer when the run ends
---   run: show, cancel, pause, resume, retry, choose: the run's id
---   step: retry, choose: the step's id
---   from_agent: an agent asks (older clients say so; the kernel decides)
---   agent_id: the agent that asks, where the kernel cannot be asked
--- ```lua
--- local answer = app:pipeline({ what = "run" })
--- ```
---@param args { what: "run"|"ls"|"show"|"cancel"|"pause"|"resume"|"retry"|"choose", file?: string, source?: string, vars?: table<string, string>, cwd?: string, wait?: boolean, run?: string, step?: string, from_agent?: boolean, agent_id?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:pipeline(args, fn) end

--- An agent asks you, in the hub, to add, grant or enable a plugin: you answer there: the
--- `plugin_ask` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   action: add, grant or enable
---   source: add: a folder or a git URL
---   name: grant, enable: the plugin's name
---   caps: grant: the capabilities, comma-separated
---   cwd: where a relative folder is
--- ```lua
--- local answer = app:plugin_ask({ action = "text" })
--- ```
---@param args { action: string, source?: string, name?: string, caps?: string, cwd?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_ask(args, fn) end

--- Make an improvement a plugin folder (its code and versions, a manifest of what it calls, a
--- README, a passing golden-frame test): never installed, plugin add is yours: the
--- `plugin_from_improvement` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned
--- where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on
--- screen.
---
--- Arguments:
---   name: the plugin's name
---   improvement: the improvement it is made of
---   dir: its folder, new (default: the home's drafts/plugins/NAME; an agent's relative folder is in its own folder)
--- ```lua
--- local answer = app:plugin_from_improvement({ name = "text", improvement = "text" })
--- ```
---@param args { name: string, improvement: string, dir?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_from_improvement(args, fn) end

--- Comment on lines of an agent's changes (sent with review.send): the `review.comment` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent whose changes it is on
---   at: FILE:LINE or FILE:LINE-LINE (FILE relative to its folder; the file's lines now), FILE:LINE (removed) or FILE:LINE-LINE (removed) (removed lines, numbered in the old file), or selection (the review panel's)
---   text: the remark
---   side: whose lines LINE-LINE count: the file's now (new, the default) or the removed ones (old, as FILE:LINE (removed) says)
---   snippet: the lines as the diff shows them (+, - or a space first): default, the file's
--- ```lua
--- local answer = app:review_comment({ agent = app.focused, at = "text", text = "text" })
--- ```
---@param args { agent: string|integer|botster.Agent, at: string, text: string, side?: "new"|"old", snippet?: string[] }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:review_comment(args, fn) end

--- An agent's review comments (new, stale, sent, handled): the `review.comments` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent whose changes they are on
---   at: selection: also say where the review panel's cursor points (its selection, else its top line)
--- ```lua
--- local answer = app:review_comments({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, at?: "selection" }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:review_comments(args, fn) end

--- Change a review comment: its text, handled or not, or delete it: the `review.edit` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent whose changes it is on
---   id: the comment ("c3")
---   text: its new remark
---   handled: mark it handled (false: not handled)
---   remove: delete it
--- ```lua
--- local answer = app:review_edit({ agent = app.focused, id = "text" })
--- ```
---@param args { agent: string|integer|botster.Agent, id: string, text?: string, handled?: boolean, remove?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:review_edit(args, fn) end

--- Send every review comment not sent yet to the agent, as one prompt: the `review.send` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to send them to
---   busy: when it is at work: ask (refused with busy), wait for its turn to end, or now (default: settings.review_busy)
---   force: send even where no agent CLI reads it (a shell runs the lines as commands; else refused with shell or not_cli: prompts.reads)
---   shell: the same as force (its older name)
--- ```lua
--- local answer = app:review_send({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent, busy?: "ask"|"wait"|"now", force?: boolean, shell?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:review_send(args, fn) end

--- The worktrees the hub made; prune removes the merged, clean ones: the `worktree.list` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   action: list (what a prune would do: the default) or prune
---   dry_run: prune: only say it
---   park: prune: park dirty ones
--- ```lua
--- local answer = app:worktree_list()
--- ```
---@param args? { action?: "list"|"prune", dry_run?: boolean, park?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:worktree_list(args, fn) end

--- Merge or rebase an agent's worktree into its base, then stop the agent and remove the worktree
--- and its branch: the `worktree.finish` verb (docs/protocol.md). Its typed answer goes to `fn`, or
--- is returned where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads
--- is said on screen.
---
--- Arguments:
---   agent: the agent (default: the focused one)
---   how: how its commits go into the base (default merge)
---   force: even with uncommitted changes (they are lost)
--- ```lua
--- local answer = app:worktree_finish()
--- ```
---@param args? { agent?: string|integer|botster.Agent, how?: "merge"|"rebase", force?: boolean }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:worktree_finish(args, fn) end

--- Stop an agent, remove its worktree (changes and all) and delete its branch: the
--- `worktree.discard` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent (default: the focused one)
--- ```lua
--- local answer = app:worktree_discard()
--- ```
---@param args? { agent?: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:worktree_discard(args, fn) end

--- Remove the clean worktree of an agent that exited (one of app.worktrees); the branch stays: the
--- `worktree.remove` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   path: its folder (default: the newest on offer)
--- ```lua
--- local answer = app:worktree_remove()
--- ```
---@param args? { path?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:worktree_remove(args, fn) end

--- Trust a project's .botster/ as it is now: its files load as yours (a change asks again): the
--- `project.trust` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   path: a folder of the repository (one of app.projects, ~ allowed)
---   hash: the contents the question showed (app.projects[i].hash): trusted only if still so
--- ```lua
--- local answer = app:project_trust({ path = "text" })
--- ```
---@param args { path: string, hash?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:project_trust(args, fn) end

--- No longer trust a project's .botster/: its files run in the sandbox: the `project.untrust` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   path: a folder of the repository (one of app.projects, ~ allowed)
--- ```lua
--- local answer = app:project_untrust({ path = "text" })
--- ```
---@param args { path: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:project_untrust(args, fn) end

--- Grant an installed plugin more of the capabilities it asks for: the `plugin.grant` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   name: the plugin
---   grant: the capabilities to grant
--- ```lua
--- local answer = app:plugin_grant({ name = "text", grant = { "text" } })
--- ```
---@param args { name: string, grant: string[] }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_grant(args, fn) end

--- Fetch an installed plugin again from its source: the `plugin.update` verb (docs/protocol.md).
--- Its typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer,
--- web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   name: the plugin
--- ```lua
--- local answer = app:plugin_update({ name = "text" })
--- ```
---@param args { name: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_update(args, fn) end

--- Remove an installed plugin: the `plugin.remove` verb (docs/protocol.md). Its typed answer goes
--- to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a failure
--- nobody reads is said on screen.
---
--- Arguments:
---   name: the plugin
--- ```lua
--- local answer = app:plugin_remove({ name = "text" })
--- ```
---@param args { name: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_remove(args, fn) end

--- Load an installed plugin again: the `plugin.enable` verb (docs/protocol.md). Its typed answer
--- goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a
--- failure nobody reads is said on screen.
---
--- Arguments:
---   name: the plugin
--- ```lua
--- local answer = app:plugin_enable({ name = "text" })
--- ```
---@param args { name: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_enable(args, fn) end

--- Keep a plugin installed but load it no more: the `plugin.disable` verb (docs/protocol.md). Its
--- typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web
--- route); a failure nobody reads is said on screen.
---
--- Arguments:
---   name: the plugin
--- ```lua
--- local answer = app:plugin_disable({ name = "text" })
--- ```
---@param args { name: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:plugin_disable(args, fn) end

--- Type the way-out chord itself (settings.way_out, ctrl+g) into an agent: the `agent.send_way_out`
--- verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a
--- key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   agent: the agent to type it into
--- ```lua
--- local answer = app:agent_send_way_out({ agent = app.focused })
--- ```
---@param args { agent: string|integer|botster.Agent }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_send_way_out(args, fn) end

--- Stop the hub and every agent (session.json is written for --restore); a before_quit handler may
--- refuse: the `hub.stop` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned
--- where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on
--- screen.
--- ```lua
--- local answer = app:hub_stop()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:hub_stop(args, fn) end

--- Quit as settings.on_quit says: detach, stop the hub and its agents, or ask (the default): the
--- `client.quit` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:client_quit()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:client_quit(args, fn) end

--- Detach the attached client: the agents keep running (botster-tui attach comes back): the
--- `client.detach` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua
--- can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:client_detach()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:client_detach(args, fn) end

--- Suspend the attached client's terminal like ctrl+z in a shell (fg brings it back): the
--- `client.suspend` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
--- ```lua
--- local answer = app:client_suspend()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:client_suspend(args, fn) end

--- Resume the conversations of the hub that died on this home (each agent through its profile's
--- resume): the `session.resume` verb (docs/protocol.md). Its typed answer goes to `fn`, or is
--- returned where Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is
--- said on screen.
--- ```lua
--- local answer = app:session_resume()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:session_resume(args, fn) end

--- Start fresh: drop the offer to resume the agents of the hub that died (kept in
--- session.previous.json): the `session.discard` verb (docs/protocol.md). Its typed answer goes to
--- `fn`, or is returned where Lua can wait (a key, command, hook, timer, web route); a failure
--- nobody reads is said on screen.
--- ```lua
--- local answer = app:session_discard()
--- ```
---@param args? table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:session_discard(args, fn) end

--- Accept the improvement waiting for your answer: it goes live: the `improvement.accept` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   name: the improvement (default: the latest waiting)
--- ```lua
--- local answer = app:improvement_accept()
--- ```
---@param args? { name?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:improvement_accept(args, fn) end

--- Reject the improvement waiting for your answer: the `improvement.reject` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   name: the improvement (default: the latest waiting)
--- ```lua
--- local answer = app:improvement_reject()
--- ```
---@param args? { name?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:improvement_reject(args, fn) end

--- Run the pipeline an agent asked to run and your policy asked you about: the `pipeline.accept`
--- verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a
--- key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   request: which of them (its request id; default: the latest)
--- ```lua
--- local answer = app:pipeline_accept()
--- ```
---@param args? { request?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:pipeline_accept(args, fn) end

--- Refuse the pipeline run an agent asked for: the `pipeline.reject` verb (docs/protocol.md). Its
--- typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer, web
--- route); a failure nobody reads is said on screen.
---
--- Arguments:
---   request: which of them (its request id; default: the latest)
--- ```lua
--- local answer = app:pipeline_reject()
--- ```
---@param args? { request?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:pipeline_reject(args, fn) end

--- Let the agent that asks type into, read and stop the other agent it named: the
--- `agent.allow_drive` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   request: which of them (its request id; default: the latest)
--- ```lua
--- local answer = app:agent_allow_drive()
--- ```
---@param args? { request?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_allow_drive(args, fn) end

--- Refuse the agent that asks to drive another agent: the `agent.deny_drive` verb
--- (docs/protocol.md). Its typed answer goes to `fn`, or is returned where Lua can wait (a key,
--- command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   request: which of them (its request id; default: the latest)
--- ```lua
--- local answer = app:agent_deny_drive()
--- ```
---@param args? { request?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_deny_drive(args, fn) end

--- Let the boxed agent that asks reach the host outside its box's list through the hub's proxy: the
--- `agent.allow_host` verb (docs/protocol.md). Its typed answer goes to `fn`, or is returned where
--- Lua can wait (a key, command, hook, timer, web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   request: which of them (its request id; default: the latest)
--- ```lua
--- local answer = app:agent_allow_host()
--- ```
---@param args? { request?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_allow_host(args, fn) end

--- Refuse the boxed agent that asks to reach a host: the `agent.deny_host` verb (docs/protocol.md).
--- Its typed answer goes to `fn`, or is returned where Lua can wait (a key, command, hook, timer,
--- web route); a failure nobody reads is said on screen.
---
--- Arguments:
---   request: which of them (its request id; default: the latest)
--- ```lua
--- local answer = app:agent_deny_host()
--- ```
---@param args? { request?: string }
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:agent_deny_host(args, fn) end
