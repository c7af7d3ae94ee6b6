---@meta
-- The shorter and older ways to call verbs (lua/core/verb_forms.lua): each is the verb it names
-- (app:kill is the kill verb, app:trust_project project.trust), and where its name is a verb's it
-- takes that verb's own form too (a table of named arguments, then a function).

---@class botster.AppActions: botster.App
local AppActions = {}

--- Focuses an agent: an agent table, or its id (a number is an id, the one on screen; the n-th row
--- of the list is `app.agents[n]`); an id that names no agent does nothing. Without `fn` the view
--- moves at once (in the frame the key draws); with `fn` last it is the `focus` verb, judged by the
--- same rule: `fn(answer, app)` gets its typed answer (see app:verb).
--- ```lua
--- app:focus(2)
--- app:focus(app.agents[1])
--- ```
---@param target string|integer|botster.Agent
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
function AppActions:focus(target, fn) end

--- Starts a new agent and focuses it; `machine` (one of settings.machines) starts it there, its
--- hub runs it and it is listed here (its `cwd` is a folder there). It is the `new` verb (as
--- `botster-tui new`), judged by its rule, with its typed answer: `{ ok = true, agent = { id, name,
--- number, ... } }` or `{ ok = false, error = why, reason = ... }` (`no_worktree`, `no_profile`,
--- `not_started`); returned where Lua can wait (a failure said on screen too), or to `fn`. A name
--- another agent has gets the free one after it. `command = "profile:NAME"` runs a profile;
--- `worktree = true` (or `{ branch, base }`) starts it in a new worktree.
--- ```lua
--- local a = app:spawn({ command = "claude", name = "claude", cwd = "/work" })
--- if a.ok then app:notify("started " .. a.agent.id) end
--- app:spawn({ command = "claude", machine = "gpu" })
--- ```
---@param spec string|{command: string, name?: string, cwd?: string, args?: string[], machine?: string, worktree?: true|{branch?: string, base?: string}}
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:spawn(spec, fn) end

--- Stops an agent (the focused one by default; a number is its id); it stays listed as exited.
--- It is the `kill` verb (as `botster-tui kill`, the socket, --ssh and the web's stop), judged by
--- the verb's rule, with the typed answer they get: `{ ok = true, agent = { id, name } }`,
--- `{ ok = false, refused = why }` (a before_agent_kill handler, or a caller that may not) or
--- `{ ok = false, error = why, reason = "exited" | "no_agent" }` (one that exited: the `close`
--- verb takes it off the list). With `fn` last, `fn(answer, app)` gets it; without, where Lua can
--- wait (a key, command, hook, timer, web route) app:kill returns it; elsewhere a failure is said
--- on screen. (In earlier releases app:kill(3) meant the third row and closed an exited agent.)
--- ```lua
--- local answer = app:kill(3)
--- app:kill(3, function(answer, app2) if not answer.ok then app2:notify(answer.error, "error") end end)
--- ```
---@return botster.VerbAnswer|nil
---@param target? string|integer|botster.Agent
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
function AppActions:kill(target, fn) end

--- Types `text`, then presses `keys` (key specs: "enter", "ctrl+c", "escape"), into an agent (nil:
--- the focused one; a number is its id) as if you typed them: it is how `agent.answer`
--- (lua/default/answers.lua) answers a waiting agent. A bad key spec is an error at your line. It
--- is the `send` verb: its answer (the bytes typed) goes to `fn`, or is returned where Lua can wait
--- (as app:kill). Improvements (agents' code) cannot type into agents: the hub refuses it.
--- ```lua
--- keys.bind("normal", "Y", function(app) app:send(app.focused, "y", "enter") end, { desc = "Say yes" })
--- ```
---@param target? string|integer|botster.Agent
---@param text? string
---@param keys? string
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:send(target, text, keys, fn) end

--- Stops the hub and every agent (`before_quit` hooks run first and may refuse); every attached
--- terminal is restored. To leave the agents running instead: `app:run("client.detach")`. The
--- `app.quit` command (`q`) asks which, as `settings.on_quit` says.
--- ```lua
--- app:quit()
--- ```
function AppActions:quit() end

--- Runs a command by id: the `run` verb, its command run here and now in this Lua's chain (the
--- registration it shadows, when it runs its own id), before the next request; judged as the run
--- verb is, whoever asks. `commands.run(id, arg)` is the same. Its own form takes the verb's
--- arguments: app:run({ command = "help.toggle" }).
--- ```lua
--- app:run("help.toggle")
--- ```
---@param id string|{ command: string, arg?: string, agent?: string|integer|botster.Agent, yes?: boolean }
---@param arg? any
function AppActions:run(id, arg) end

--- Searches every agent (their screens, scrollback and their CLIs' transcripts): the `search`
--- verb, `query` its words (or its arguments, a table). Its hits go to `fn(answer, app)`, or are
--- returned where Lua can wait. (Earlier, app:search searched the focused agent's scrollback:
--- that is app:scroll_search.)
--- ```lua
--- local found = app:search("TODO")
--- ```
---@param query string|table
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:search(query, fn) end

--- Stops an agent (the focused one by default; a number is its id) and starts `spec` in its place,
--- focused; without `spec` the same command in the same folder. It is the `restart` verb: `spec`
--- takes command, args and cwd; its answer (the agent with its new pid) goes to `fn`, or is
--- returned where Lua can wait (as app:kill).
--- ```lua
--- local a = app.focused
--- if a and a.profile then app:restart(a.id, { command = "profile:" .. a.profile }) end
--- ```
---@param target? string|integer|botster.Agent
--- `spec.env` is set over the environment the agent had (an account's CLAUDE_CONFIG_DIR, say).
---@param spec? string|{command: string, cwd?: string, args?: string[], env?: table<string, string>}
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
---@return botster.VerbAnswer|nil
function AppActions:restart(target, spec, fn) end

--- A Web Push to every web session that turned its alerts on (docs/web.md#push): its phone shows
--- `text` even with no page open, and a tap opens `opts.agent`'s page (or `opts.url`, a path of the
--- hub; default the board). `opts.unless_typed`: seconds; nothing is pushed when a key was typed at
--- the hub that lately. Nothing happens while the web is off or no session subscribed. Your own
--- files' Lua only (an improvement's or a plugin's is refused). lua/default/push.lua calls it.
--- ```lua
--- hooks.on("agent_exited", function(ev, app) app:web_push("agent " .. ev.agent.id .. " exited", { agent = ev.agent }) end)
--- ```
---@param text string
---@param opts? { agent?: string|botster.Agent, url?: string, unless_typed?: number }
function AppActions:web_push(text, opts) end

--- Removes a clean worktree the hub made for an agent that exited (one of app.worktrees, by path or
--- the entry itself); the branch stays. Any other path is refused with a notice.
--- ```lua
--- for _, w in ipairs(app.worktrees or {}) do app:remove_worktree(w.path) end
--- ```
---@param worktree string|botster.Worktree
function AppActions:remove_worktree(worktree) end

---@class botster.VerbAnswer
---@field ok boolean
---@field refused? string why who asked may not ask for it (nothing else is said; `error` says it too, with `reason = "refused"`, as the socket's reply)
---@field error? string why it failed
---@field reason? string the socket's reason (`usage`, `no_agent`, `exited`, ...)

--- What an agent's worktree holds now. git runs in the background (a notice shows meanwhile, keys
--- go on); `fn(status, app)` is called with the answer. `target`: an agent or its id
--- (nil: the focused one). lua/default/worktrees.lua builds the finish and discard dialogs on it.
--- ```lua
--- app:worktree_status(app.focused, function(st, app2)
---   if st.error then return app2:notify(st.error, "error") end
---   app2:notify(st.branch .. ": " .. #st.dirty .. " uncommitted, " .. st.ahead .. " commits ahead of " .. tostring(st.base))
--- end)
--- ```
---@param target botster.Agent|string|integer|nil
---@param fn fun(status: botster.WorktreeStatus, app: botster.AppActions)
function AppActions:worktree_status(target, fn) end

--- Trusts a project's `.botster/`: a path (any folder in the repository) as it is now, an entry of
--- app.projects (or a project_found event's project) only as it was then: its `hash` must still
--- match, else nothing is trusted and the hub says it changed. Its Lua loads as your own configuration from the next load on and its
--- setup script runs in new worktrees. Remembered in $BOTSTER_HOME/trusted-projects.json by folder
--- and contents: a change to its files asks again. Only your own files and keys may: a project's
--- own Lua, or an improvement, is refused.
--- ```lua
--- for _, p in ipairs(app.projects or {}) do if p.path:match("^/home/me/src/") then app:trust_project(p) end end
--- ```
---@param path string|botster.Project
function AppActions:trust_project(path) end

--- Stops trusting a project: its Lua goes back to the sandbox, its setup script does not run.
--- ```lua
--- app:untrust_project(app.projects[1])
--- ```
---@param path string|botster.Project
function AppActions:untrust_project(path) end

---@class botster.FinishOptions
---@field how? "merge"|"rebase"  # default settings.worktree_finish
---@field force? boolean         # finish even with uncommitted changes (they are lost)

--- Finishes an agent's worktree: merges its branch into the base (a merge commit) or rebases it
--- on top (`how`), stops the agent, removes the worktree, deletes the branch and takes the agent
--- off the list. A conflict stops it with nothing changed (and says so); uncommitted changes are
--- refused unless `force`. Your own files only: an improvement's call is refused.
--- ```lua
--- app:finish_worktree(app.focused, { how = "rebase" })
--- ```
---@param target botster.Agent|string|integer|nil
---@param opts? botster.FinishOptions
function AppActions:finish_worktree(target, opts) end

--- Discards an agent's worktree: stops the agent, removes the folder (changes and all), deletes
--- the branch (commits and all) and takes the agent off the list. It does not ask: worktree.discard
--- (lua/default/worktrees.lua) asks first, naming what is lost.
--- ```lua
--- app:discard_worktree(app.focused)
--- ```
---@param target botster.Agent|string|integer|nil
function AppActions:discard_worktree(target) end
