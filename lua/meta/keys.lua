---@meta
-- LuaLS annotations for keys, commands and the app handed to key functions.

---@class botster.BindOptions
---@field desc? string   # shown in the help overlay and `botster-tui keys`
---@field arg? any       # passed to the command (e.g. agent.focus takes a number)

---@class botster.VerbBinding
---@field verb string     # a verb of docs/protocol.md (kill, send, restart, focus, ...)
---@field agent? string|integer  # "focused", an id, or a name, as the socket takes it
---@field [string] any    # the verb's other arguments (text, keys, command, ...)

---@class botster.ModeOptions
---@field passthrough? boolean  # unbound keys go to the focused agent (like insert)
---@field sticky? boolean       # default true; false = one-shot: back to the previous mode after one key
---@field desc? string

---@class botster.BindingInfo
---@field mode string
---@field key string
---@field action string   # a command id or "<function>"
---@field desc string
---@field source string   # file:line of the keys.bind call

---@alias botster.Mode
---| "insert"   # keys go to the focused agent, except its bindings
---| "normal"   # keys drive the hub
---| "copy"     # key table while a line selection is open (y in normal); unbound keys do nothing
---| "help"     # key table while the key help is open; unbound keys work as usual
---| "palette"  # key table while the palette, a dialog or a prompt is open; unbound printable keys type
---| string     # a mode of your own (keys.mode)

---@class botster.keys
keys = {}

--- Binds a key spec in a mode to a command id, a function(app), or a verb with its arguments
--- (`{ verb = "kill", agent = "focused" }`: the verb as the socket takes it, `agent = "focused"`
--- naming the agent shown when the key is pressed; what fails or is refused is said). Specs: `ctrl+ alt+ shift+` plus
--- names (`a`, `enter`, `tab`, `backspace`, `escape`, `up`, `pageup`, `f1`..`f12`, `space`, ...),
--- space-separated for sequences. A later bind of the same keys replaces the earlier one. In insert
--- mode and in the key tables the way out (`ctrl+g`, or `settings.way_out`) is reserved; bad
--- specs, modes or command ids are errors at your line. The key tables `copy`, `help` and `palette`
--- answer first while their overlay is open (commands `copy.*`, `help.*`, `palette.*`).
--- ```lua
--- keys.bind("normal", "j", "agent.next", { desc = "Select next agent" })
--- keys.bind("insert", "ctrl+a c", function(app) app:spawn({ command = "claude" }) end, { desc = "New Claude" })
--- keys.bind("copy", "J", "copy.down", { arg = 5, desc = "Down five lines" })
--- keys.bind("palette", "ctrl+j", "palette.next")
--- keys.bind("normal", "K", { verb = "kill", agent = "focused" })
--- keys.bind("normal", "Y", { verb = "send", agent = "focused", text = "y", keys = "enter" })
--- ```
---@param mode botster.Mode
---@param spec string
---@param action string|fun(app: botster.AppActions, arg: any)|botster.VerbBinding
---@param opts? botster.BindOptions
function keys.bind(mode, spec, action, opts) end

--- Removes a binding (a shipped one too); returns whether there was one.
--- ```lua
--- keys.unbind("normal", "q")
--- keys.unbind("copy", "q")   -- q does nothing while selecting lines
--- ```
---@param mode botster.Mode
---@param spec string
---@return boolean
function keys.unbind(mode, spec) end

--- Defines a mode of your own (a key table), entered with app:set_mode(name) or a binding. For a
--- built-in mode or key table (insert, normal, copy, help, palette) only `desc` can change.
--- ```lua
--- keys.mode("window", { sticky = false, desc = "one window command" })
--- keys.bind("normal", "w", function(app) app:set_mode("window") end)
--- keys.bind("window", "n", "agent.next")
--- ```
---@param name string
---@param opts? botster.ModeOptions
function keys.mode(name, opts) end

--- The bindings defined so far (all modes and key tables, or one).
--- ```lua
--- for _, b in ipairs(keys.list("normal")) do log.info(b.key, b.desc) end
--- for _, b in ipairs(keys.list("copy")) do log.info(b.key, b.action) end
--- ```
---@param mode? botster.Mode
---@return botster.BindingInfo[]
function keys.list(mode) end

--- The key that runs a command in a mode, as people read it ("?", "Ctrl+g", "g g"), from the live
--- keymap (improvements' bindings and the way out included); nil when no key does.
--- ```lua
--- local help = keys.key_for("normal", "help.toggle")  -- "?"
--- ```
---@param mode string
---@param id string   # a command id
---@return string|nil
function keys.key_for(mode, id) end

---@class botster.CommandOptions
---@field desc? string
---@field category? string

---@class botster.commands
commands = {}

--- Registers a command (dotted id) usable from keys, the palette and Lua. Registering an id that
--- exists (a built-in such as "agent.next", a shipped one, or one from another file) overrides it
--- until your file goes away; inside the override, commands.run of the same id runs the one below.
--- ```lua
--- commands.register("git.status", function(app) app:spawn("git status; read") end, { desc = "Git status", category = "git" })
--- commands.register("agent.next", function(app) app:focus(app.agents[#app.agents]) end, { desc = "Jump to the last agent" })
--- ```
---@param id string
---@param fn fun(app: botster.AppActions, arg: any)
---@param opts? botster.CommandOptions
function commands.register(id, fn, opts) end

--- Runs a command (built-in or registered) after the current function returns.
--- ```lua
--- commands.run("agent.focus", 2)
--- ```
---@param id string
---@param arg? any
function commands.run(id, arg) end

--- The commands registered from Lua: { id, desc, category }.
--- ```lua
--- for _, c in ipairs(commands.list()) do log.info(c.id) end
--- ```
---@return {id: string, desc: string, category: string}[]
function commands.list() end

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

--- Switches the key mode.
--- ```lua
--- app:set_mode("normal")
--- ```
---@param mode string
function AppActions:set_mode(mode) end

--- Scrolls the focused agent's view by N lines (positive = back into scrollback).
--- ```lua
--- app:scroll(10)
--- ```
---@param lines integer
function AppActions:scroll(lines) end

--- Stops the hub and every agent (`before_quit` hooks run first and may refuse); every attached
--- terminal is restored. To leave the agents running instead: `app:run("client.detach")`. The
--- `app.quit` command (`q`) asks which, as `settings.on_quit` says.
--- ```lua
--- app:quit()
--- ```
function AppActions:quit() end

--- Runs a command by id.
--- ```lua
--- app:run("help.toggle")
--- ```
---@param id string
---@param arg? any
function AppActions:run(id, arg) end

--- Shows a notice on screen (`self.notice`, for 15 s; `"error"`: `self.error`) and writes it to the
--- hub log. With `opts` (`{}` will do) it answers its id: `app:unnotify(id)` takes it off once what
--- it says has ended; `opts.question` (an id of app.questions): it goes once that question no longer waits;
--- `opts.agent` and `opts.state` (an agent's id, a state): it tells of that agent in that state, and
--- goes once the agent left it (`agent w (id 2) asks: ...` once it waits no longer).
--- ```lua
--- local n = app:notify("searching…", "info", {}); app:verb("search", { query = q }, function(a, app2) app2:unnotify(n) end)
--- app:notify("no agent to search", "error")
--- ```
---@param text string
---@param level? "info"|"error"  # default "info"
---@param opts? { question?: integer, agent?: string, state?: string }
---@return string|nil id  # with opts
function AppActions:notify(text, level, opts) end
--- Takes off the notice app:notify answered `id` for, if it is still there.
--- ```lua
--- app:unnotify(n)
--- ```
---@param id string
function AppActions:unnotify(id) end

--- Searches the focused agent's scrollback for `query` (matches highlighted; n/N step through).
--- ```lua
--- app:scroll_search("error")
--- ```
---@param query string
function AppActions:scroll_search(query) end

--- The scrollback search, by its older name (app:scroll_search).
--- ```lua
--- app:search("error")
--- ```
---@param query string
function AppActions:search(query) end

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

--- Asks every attached client's terminal for a desktop notification: OSC 9 (iTerm2, WezTerm,
--- kitty, Windows Terminal...) or OSC 777 (rxvt-unicode, foot...), or rings its bell ("bell").
--- `kind` defaults to "osc9".
--- ```lua
--- hooks.on("agent_exited", function(ev, app) app:notify_desktop(ev.agent.name .. " finished") end)
--- ```
---@param text string
---@param kind? "osc9"|"osc777"|"bell"
function AppActions:notify_desktop(text, kind) end

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

---@class botster.WorktreeStatus
---@field error? string       # set (and little else) when git could not tell: the folder is gone, say
---@field agent string        # the agent's name
---@field agent_id string
---@field running boolean     # the agent still runs (finish and discard stop it first)
---@field path string         # the worktree's folder
---@field branch string
---@field base string|nil     # the branch it came from and merges into (nil: unknown or gone)
---@field repo string         # the repository's main folder
---@field dirty string[]      # changed, staged and untracked files: lost if the folder goes
---@field ahead integer       # commits on the branch that the base lacks (what finish brings in)
---@field behind integer      # commits on the base that the branch lacks
---@field upstream string|nil # the branch's upstream ("origin/x"), if it was pushed
---@field unpushed integer    # commits the upstream lacks

--- Runs a verb of the hub's table by name (the socket's ops, docs/protocol.md: `focus`, `kill`,
--- `close`, `restart`, `send`, `new`, `read`, `wait`, ...) with its arguments as the socket takes
--- them (`agent`: a number, a name, `id:ID`, or an agent table). The hub judges it by the verb's own
--- rule of who may ask (your files may; an improvement, a project or a plugin only where the verb
--- allows it, a plugin with the capability it needs granted) and checks the arguments with the
--- verb's checker: every verb declares its fields, and one it does not take, or of the wrong type,
--- is refused by name (`reason = "usage"`; `botster-tui schema VERB` lists what it takes and
--- answers). `fn(answer, app)` gets its typed answer, later: `{ ok = true, ... }` with the
--- verb's fields, `{ ok = false, refused = why }`, or `{ ok = false, error = why, reason = ... }`.
--- Without `fn`, a verb that fails or is refused says so in a notice.
--- ```lua
--- keys.bind("normal", "R", function(app)
---   app:verb("restart", { agent = app.focused }, function(answer, app2)
---     if not answer.ok then return app2:notify(answer.refused or answer.error, "error") end
---     app2:notify(answer.agent.name .. " runs again as pid " .. answer.agent.pid)
---   end)
--- end)
--- ```
---@param name string
---@param args? table<string, any>
---@param fn? fun(answer: botster.VerbAnswer, app: botster.AppActions)
function AppActions:verb(name, args, fn) end

--- app:verb that waits for the verb's typed answer and returns it, where Lua can wait: a key,
--- command, hook or timer, or a web route (docs/web.md: the page can then say what came of it;
--- the hub runs the verb as the route's owner before it answers the page). Elsewhere an error.
--- ```lua
--- routes.post("/agents/:id/stop", function(req, app)
---   local answer = app:call("kill", { agent = req.params.id })
---   if answer.ok then return redirect("/") end
---   return redirect("/?note=not+stopped") -- answer.refused or answer.error says why
--- end)
--- ```
---@param name string
---@param args? table<string, any>
---@return botster.VerbAnswer
function AppActions:call(name, args) end

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

---@class botster.ReviewOptions
---@field mode? "all"|"uncommitted"  # against the base (default), or only what is not committed

--- Opens the review panel (the default layout draws `ui.diff` beside the terminal) on an agent's
--- changes. While it is open it follows the focus, and outside insert mode the scroll, search and
--- copy commands act on its diff. `review.toggle` (v) calls it and goes to review mode.
--- ```lua
--- app:open_review(app.focused, { mode = "uncommitted" })
--- ```
---@param target botster.Agent|string|integer
---@param opts? botster.ReviewOptions
function AppActions:open_review(target, opts) end

--- Closes the review panel.
--- ```lua
--- if app.review then app:close_review() end
--- ```
function AppActions:close_review() end

--- Moves the open review panel to its top (the file list), or to the next or previous file's
--- changes, or review comment.
--- ```lua
--- app:review_jump("next_file")
--- ```
---@param to "top"|"next_file"|"prev_file"|"next_comment"|"prev_comment"
function AppActions:review_jump(to) end

---@class botster.CompareOptions
---@field mode? "all"|"uncommitted"  # against each one's base (default), or only what is not committed
---@field selected? integer          # the column selected at first (1-based; default 1)

--- Opens the compare panel: the agents' changes side by side, one column each (app.compare says
--- what it shows). The default layout draws it in place of the agents and the terminal
--- (App:choose_panel); `pipeline.choose` opens it on a pipeline run's candidates and goes to
--- choose mode, where Enter keeps the selected one. While it is open (outside insert mode) the
--- scroll commands (scroll.down, scroll.page_down, scroll.bottom...) scroll every column. Opened
--- again on the same agents, each column stays where it was scrolled.
--- ```lua
--- app:open_compare({ app.agents[1], app.agents[2] }, { selected = 2 })
--- ```
---@param targets (botster.Agent|string|integer)[]
---@param opts? botster.CompareOptions
function AppActions:open_compare(targets, opts) end

--- Closes the compare panel.
--- ```lua
--- if app.compare then app:close_compare() end
--- ```
function AppActions:close_compare() end

--- Selects a column of the compare panel (1-based; past the ends: the first or last).
--- ```lua
--- app:compare_select(app.compare.selected + 1)
--- ```
---@param n integer
function AppActions:compare_select(n) end

--- Scrolls the compare panel's columns together (positive = down the diffs), each within its own
--- diff; `pages = true` counts pages of the panel's height, `selected = true` scrolls only the
--- selected column.
--- ```lua
--- app:compare_scroll(1, { pages = true })        -- a page down, every column
--- app:compare_scroll(-3, { selected = true })    -- three lines up, only the selected one
--- ```
---@param lines number
---@param opts? { pages?: boolean, selected?: boolean }
function AppActions:compare_scroll(lines, opts) end

--- Moves the compare panel: every column to its `"top"` (the file list) or `"bottom"`; or the
--- selected column to its `"next_file"` / `"prev_file"`, each other column to that same file where
--- it changed it too (else it stays).
--- ```lua
--- app:compare_jump("next_file")
--- ```
---@param to "top"|"bottom"|"next_file"|"prev_file"
function AppActions:compare_jump(to) end

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

---@class botster.SelectOptions
---@field title? string                      # the dialog's title (default "Select")
---@field text? string|string[]              # lines shown above the choices (what choosing means)
---@field format? fun(item: any): string     # the text shown for an item (default: item.label / name / id, or the string)
---@field typed? boolean                     # Enter on text that matches no item answers `{ typed = "the text" }` (default: nil)
---@field key? string                        # what the question is about ("improvement:NAME"): the hub withdraws it (fn gets nil) once that is answered elsewhere
---@field about? (botster.Agent|string)[]    # the agents whose words it quotes (their reason, title, screen): an agent that may not read one of them sees the dialog withheld (items naming an agent_id count too)
---@field about? (botster.Agent|string)[]    # the agents whose screens it quotes (a reason, a title): an agent that may not read one sees the dialog withheld in its `snapshot --live` (those its items name, by `agent_id`, `agent` or an agent's `id`, count too)

--- Opens a list to choose from (like Neovim's vim.ui.select): the hub draws it, filters it as the
--- user types and moves the cursor; `fn(choice, app)` gets the chosen item itself (any value from
--- `items`), or nil when the user cancels. One dialog shows at a time: one opened while another is
--- open waits its turn. A dialog open while its file is saved still answers, with the code that
--- opened it. Opened from a key (or a dialog the user answered), it opens at once; opened by
--- anything else (a hook, a timer, `botster-tui run`) it is a question: it waits in
--- `app.questions` until the user opens it (question.open, `o` in normal mode) and never takes
--- keys typed for an agent (docs/questions.md).
--- Items may be strings or tables with `label` and `description`; an item with `confirm = "word"`
--- is chosen only by typing that word, then Enter (Enter alone on it answers nil, and a script's
--- `run --yes` never takes it): for choices that run code that is not the user's.
--- ```lua
--- app:select({ { label = "not now" }, { label = "trust", confirm = "trust" } },
---   { title = "Trust it?", text = { "Trusting it runs .botster/keys.lua as your own" } },
---   function(choice, app) if choice and choice.label == "trust" then ... end end)
--- ```
--- ```lua
--- app:select({ { label = "claude", cmd = "claude" }, { label = "aider", cmd = "aider" } }, { title = "New agent" },
---   function(choice, app)
---     if choice then app:spawn({ command = choice.cmd, name = choice.label }) end
---   end)
--- ```
---@param items any[]
---@param opts? botster.SelectOptions
---@param fn fun(choice: any|nil, app: botster.AppActions)
function AppActions:select(items, opts, fn) end

---@class botster.InputOptions
---@field title? string    # the prompt's title (default "Input")
---@field default? string  # the text it starts with

--- Asks for one line of text: `fn(text, app)` gets what the user typed on enter, or nil on escape.
--- ```lua
--- app:input({ title = "Search scrollback" }, function(text, app)
---   if text and text ~= "" then app:search(text) end
--- end)
--- ```
---@param opts? botster.InputOptions
---@param fn fun(text: string|nil, app: botster.AppActions)
function AppActions:input(opts, fn) end
