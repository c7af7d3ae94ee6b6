---@meta
-- LuaLS annotations for the tables the shipped behaviour files define (lua/default/notify.lua,
-- lua/default/worktrees.lua, lua/default/sessions.lua, lua/default/push.lua, lua/default/answers.lua): change a function in user/hooks.lua, or turn a hook off.
-- (Functions are fields here, so that defining your own is not a "duplicate" in your editor.)

---@class botster.notifications
---@field hooks { state: integer, bell: integer }  # the ids of its two handlers (agent_state_changed, agent_bell), for hooks.off
--- The text that tells you `agent` wants you (`what`: "waiting", "done" or "bell"), or nil for
--- none. The shipped one says nothing while a client shows the agent (you are looking at it).
--- ```lua
--- function notifications.message(agent, what, app)
---   if what == "waiting" and agent.command:match("^claude") then return "Claude (" .. agent.name .. ") waits for you" end
--- end
--- ```
--- The shipped one names the agent as the hub does (`agent NAME (id N)`) and quotes what its
--- screen says (notifications.quote), so nothing an agent writes reads as the hub's own notice.
---@field message fun(agent: botster.Agent, what: "waiting"|"done"|"bell", app: botster.AppActions): string|nil
--- Tells you `text`: the notice on screen, then each way settings.notify names (the bell, a
--- desktop notification, a command).
--- ```lua
--- notifications.send("agent 3 finished", app.agents[1], "done", app)
--- ```
---@field send fun(text: string, agent: botster.Agent, what: string, app: botster.AppActions)
--- An agent's own words as one quoted line: `"` and `\` escaped, control characters as `\n`,
--- `\t` or `\ddd` (`notifications.quote(agent.reason)`).
---@field quote fun(text: string): string
notifications = {}

--- What yes and no mean when you answer an agent from normal mode (`a y`, `a n`, `a enter`,
--- `a escape`; lua/default/answers.lua): a CLI file's `answers` first (clis.define), else
--- `answers[program]` or `answers[name]`, else `answers.default`.
--- ```lua
--- answers.mytool = { yes = { text = "yes", keys = "enter" }, no = { keys = "ctrl+c" } }
--- ```
---@class botster.answers
---@field default table<string, {text?: string, keys?: string}> # yes = "y" then Enter, no = "n" then Enter
---@field [string] table<string, {text?: string, keys?: string}> # by program or agent name
--- What `what` ("yes", "no", "enter", "escape") means to `agent`: the text typed and the keys
--- pressed after it (as app:send takes them), or nil.
--- ```lua
--- local a = answers.for_agent(app.focused, "yes"); if a then app:send(app.focused, a.text, a.keys) end
--- ```
---@field for_agent fun(agent: botster.Agent, what: string): {text?: string, keys?: string}|nil
answers = {}

---@class botster.push
---@field hooks { waiting: integer, pipeline: integer, account: integer }  # the ids of its handlers (agent_state_changed, pipeline_done, account_switched), for hooks.off
---@field unless_typed number  # seconds: nothing is pushed while a key was typed at the hub that lately (default 60)
--- The text pushed to your phone when `agent` starts waiting ("waiting"), or nil for none. The
--- shipped one is content-free: `agent 3 needs you` (a push passes through the browser vendor's
--- service, and a locked phone shows it).
--- ```lua
--- function push.message(agent, what, app) return agent.name .. " asks: " .. (agent.reason or "?") end
--- ```
---@field message fun(agent: botster.Agent, what: "waiting", app: botster.AppActions): string|nil
--- The text pushed when a pipeline run ends (the pipeline_done event: run, pipeline, status), or
--- nil for none. The shipped one: `pipeline run 4 finished` (or `ended: failed`); a tap opens /pipelines.
---@field pipeline_message fun(ev: table, app: botster.AppActions): string|nil
--- Pushes `text` (app:web_push) unless a key was typed at the hub in the last push.unless_typed
--- seconds. An event of your own pushes with it:
--- ```lua
--- hooks.on("agent_exited", function(ev, app) push.send(app, "agent " .. ev.agent.id .. " exited", { agent = ev.agent.id }) end)
--- ```
---@field send fun(app: botster.AppActions, text: string, opts?: { agent?: string|botster.Agent, url?: string })
push = {}

---@class botster.worktrees
---@field hook integer  # the worktree_clean handler's id, for hooks.off
---@field create_hook integer  # the before_worktree_create handler that names branches, for hooks.off
--- The branch of a new worktree when none was asked for (`ev` is the before_worktree_create
--- payload). The shipped one: botster/NAME (the hub adds -2, -3... when taken).
--- ```lua
--- function worktrees.branch_name(ev) return "agents/" .. ev.agent.name .. "-" .. os.date("%m%d-%H%M") end
--- ```
---@field branch_name fun(ev: { agent: { name: string, command: string }, repo: string, base: string|nil }): string
--- What would be lost if a worktree and its branch went now ("2 uncommitted files (a, b), 1 commit
--- not in main"), or nil. `merged`: its commits are being merged, so they are not lost.
---@field at_stake fun(status: botster.WorktreeStatus, merged: boolean): string|nil
--- What happens when an agent's worktree is clean after it exited. The shipped one asks (a
--- question: it waits until you open it) while you look at that agent, else leaves a notice.
--- ```lua
--- function worktrees.offer(ev, app)
---   app:remove_worktree(ev.worktree.path)  -- always remove at once (the branch stays)
---   app:notify("removed " .. ev.worktree.path)
--- end
--- ```
---@field offer fun(ev: { agent: botster.Agent, worktree: { path: string, branch: string } }, app: botster.AppActions)
worktrees = {}

---@class botster.projects
---@field hook integer  # the project_found handler's id, for hooks.off
--- What happens when a project is found that you do not trust (or that changed since you did).
--- The shipped one asks (a question: it waits until you open it) and lists what trusting runs;
--- Enter or Escape is "not now", trusting takes the word `trust` typed.
--- ```lua
--- function projects.ask(ev, app)
---   if ev.project.path:match("^/home/me/src/") then app:trust_project(ev.project) end
--- end
--- ```
---@field ask fun(ev: { project: botster.Project }, app: botster.AppActions)
--- The trust dialog's lines: each .botster/*.lua file and the setup script trusting would run.
---@field lines fun(p: botster.Project): string[]
projects = {}

---@class botster.questions
---@field hook integer  # the question_asked handler's id, for hooks.off
--- What happens when a question comes (a dialog nobody at the keys opened): the shipped one posts
--- a notice saying what it asks and which keys open it.
--- ```lua
--- function questions.announce(ev, app) app:notify_desktop("botster asks: " .. ev.title) end
--- ```
---@field announce fun(ev: { id: integer, title: string, from: string }, app: botster.AppActions)
--- The keys that open the oldest question from the mode you are in ("Ctrl+g o"), or "question.open";
--- with `anywhere`, keys that do it from every mode (what the notice says: it outlives a mode change).
---@field keys fun(app: botster.AppActions, anywhere?: boolean): string
--- Text cut into lines of at most `width` cells at spaces, the later ones after `indent`: for a
--- question's `text` (`app:select(items, { text = questions.wrap(reason, 74, "  ") }, fn)`).
---@field wrap fun(text: string, width: integer, indent?: string): string[]
questions = {}

---@class botster.sessions
---@field hook integer  # the session_offer handler's id, for hooks.off
--- What happens when a hub server starts where the last one died (its agents were running): the
--- shipped one asks (a question: it waits until you open it): resume all (command session.resume) or start fresh (session.discard).
--- ```lua
--- function sessions.offer(ev, app)
---   app:run("session.resume")  -- always resume, without a question
--- end
--- ```
---@field offer fun(ev: { agents: { name: string, command: string, cwd: string|nil, program: string|nil, session: string|nil }[], saved: string|nil, pid: integer|nil, why: string|nil }, app: botster.AppActions)
sessions = {}

---@class botster.UsageLimit
---@field used_pct number     # how much of the limit is used, 0-100
---@field resets_at? integer  # when it starts again (epoch seconds)

---@class botster.Usage # what an agent's CLI reports about its own cost and limits (agent.usage; docs/usage-facts.md)
---@field tokens? integer     # tokens of the session (input, cache included, and output)
---@field cost? number        # US dollars so far, as the CLI works it out
---@field context_pct? number # how full its context window is, 0-100
---@field limits? table<string, botster.UsageLimit> # the account's limits: five_hour, seven_day, ...
---@field account? string     # the account, when the CLI says (Claude: the e-mail it signed in with)
---@field model? string
---@field source string       # "statusline" (Claude Code), "session" (Codex's session file)

---@class botster.usage
---@field threshold number  # the percent of a limit that brings usage.limit_passed (80)
---@field hook integer      # the agent_usage_changed handler's id, for hooks.off
--- The usage in a few cells, what matters first ("5h 82% ctx 45% $1.24": the fullest limit, the
--- context window, the cost), as the agent list's rows end; `full`: every limit ("5h 82% 7d 30% ctx
--- 45% $1.24"), as the focused panel's title shows it. nil when none.
--- ```lua
--- layout.piece("status.right", "cost", function(app) return app.focused and usage.short(app.focused.usage) end)
--- ```
---@field short fun(u: botster.Usage|nil, full?: boolean): string|nil
--- What happens when an account passes `usage.threshold` percent of a limit (once per account,
--- limit and window): the shipped one posts a notice.
--- ```lua
--- function usage.limit_passed(agent, name, limit, u, app) app:notify_desktop(agent.name .. ": " .. name .. " at " .. limit.used_pct .. "%") end
--- ```
---@field limit_passed fun(agent: { id: string, name: string }, name: string, limit: botster.UsageLimit, u: botster.Usage, app: botster.AppActions)
usage = {}

---@class botster.search
--- Lists the hits of `query` in every agent (the `search` verb) to choose from; the shipped one
--- posts a notice when nothing is found.
--- ```lua
--- search.open("TODO", app)
--- ```
---@field open fun(query: string, app: botster.AppActions)
--- What choosing a hit does: the shipped one focuses its agent, gives it your keys (insert mode,
--- so the next word typed goes to it, not to the hub's keys) and finds the line with its
--- scrollback search (`/`) when it is in the scrollback.
--- ```lua
--- function search.jump(hit, app) app:focus(hit.agent.id) end  -- never scroll
--- ```
---@field jump fun(hit: { agent: { id: string, name: string }, source: "screen"|"scrollback"|"transcript", line: string, at: number|nil, from_bottom?: integer, file?: string, query: string }, app: botster.AppActions)
search = {}

-- Boxes (lua/default/sandbox.lua; docs/security.md#boxes): what an agent sees and may write.
---@class botster.BoxDef
---@field network? boolean|{ allow?: string[] } # false: no network; otherwise its own network through the hub's proxy: the hosts of `allow` (and its CLI file's sandbox.network.allow) unasked, any other once you let it (`allow = { "*" }`: any host; `"127.0.0.1:PORT"`: that port of your loopback, a local model, at the same address inside the box); default true
---@field read? "all"|"folder"  # "all" (default; a container's: "folder"): the system and your home, read-only; "folder": the system and its folders only
---@field write? string[]       # more it writes (absolute or ~/...; a folder ends with "/")
---@field hide? string[]        # more it does not see
---@field env? table<string, string> # variables the box sets, over the agent's own (PATH for a container whose image does not have your CLI there) and its CLI file's
---@field vars? string[]        # more of your variables it gets (names, or prefixes ending in "*"), besides sandbox.vars and its CLI's
---@field runner? "bwrap"|"podman" # what makes it: bubblewrap (default), or a container (podman)
---@field image? string         # a container's image (runner "podman"): "name", "name:tag", "host/name@sha256:..."
---@field devcontainer? boolean # a container of the image its repository's .devcontainer/devcontainer.json names (its `image`; one it builds is not built)
---@field mount? string[]       # yours a container sees read-only at the same path (e.g. "/usr" to run your programs in a bare image)

---@class botster.sandbox
---@field secrets string[]   # what no box sees (~/.ssh/, ~/.gnupg/, cloud credentials, git's, cargo's and podman's credentials, histories, keyrings, /run/user/ ...): add yours; each CLI's own login is its clis.define's sandbox.secrets (hidden from every other CLI's box)
---@field vars string[]      # your variables every box gets besides the basics (PATH, HOME, LANG, TERM, BOTSTER_*, ...) and its CLI's (clis.define's sandbox.vars): names, or prefixes ending in "*" ({ "AWS_*" } for Claude Code on Bedrock); the rest of the hub's environment stays out
---@field protect string[]   # yours that stay read-only even inside a folder a box writes (shell rc files, ~/.config/, ~/.local/bin/, ~/.gitconfig), there yet or not (one not there: the folder above it is read-only)
---@field unset string[]     # variables no box keeps (SSH_AUTH_SOCK, DBUS_SESSION_BUS_ADDRESS, ...)
---@field boxes table<string, botster.BoxDef> # the boxes by name: default, strict, devcontainer; `--sandbox NAME`, a profile's sandbox = "NAME"
---@field hook integer       # the before_agent_spawn handler that resolves a box (hooks.off turns it off: no boxes)
--- Which box an agent runs in when nothing asked: "default" for an agent CLI (a file of
--- lua/default/clis/ knows its program), false for your shell and plain commands.
--- ```lua
--- function sandbox.choose(agent) return "strict" end  -- every agent, your shell too
--- ```
---@field choose fun(agent: { command: string, program: string|nil, cwd: string, name: string|nil }): string|false
--- The box `name` for an agent running `program`, resolved: the named box with the secrets (every
--- other CLI's login too), protected files, variables to drop and let in, your accounts' folders
--- (all but its own hidden) and the CLI's own needs added; nil when no box has that name.
---@field resolve fun(name: string, program: string|nil): table|nil
--- A boxed agent tried a host outside its box's list (box_host_asked; lua/default/sandbox_hosts.lua):
--- the shipped question waits until you open it (Ctrl+g o). Answer with app:run("agent.allow_host",
--- ev.request) or app:run("agent.deny_host", ev.request); the answer holds for the agent and host.
--- ```lua
--- function sandbox.ask_host(ev, app) app:run("agent.deny_host", ev.request) end  -- never, unasked
--- ```
---@field ask_host fun(ev: botster.HostAsked, app: botster.AppActions)
---@field ask_host_hook integer # the box_host_asked handler's id, for hooks.off
sandbox = {}

--- The box_host_asked event: a boxed agent (by the kernel's word: its process descends from it)
--- tried to reach a host its box does not allow, through the hub's proxy, which refused it.
---@class botster.HostAsked
---@field request string                    # "n1": what agent.allow_host and agent.deny_host take
---@field agent { id: string, name: string } # the agent that asks (its id is the hub's)
---@field host string                       # the host it tried (lower case)
---@field port integer
