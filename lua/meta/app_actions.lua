---@meta
-- The app's intents (what the view shows and where it is: lua/core/views.lua), its dialogs
-- (lua/core/select.lua) and its door to any verb by name (app:verb, app:call). Each verb's own
-- method is lua/meta/verbs.lua (made from the verbs' table); their older call forms are
-- lua/meta/verb_forms.lua.

---@class botster.AppActions: botster.App
local AppActions = {}

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

--- Asks every attached client's terminal for a desktop notification: OSC 9 (iTerm2, WezTerm,
--- kitty, Windows Terminal...) or OSC 777 (rxvt-unicode, foot...), or rings its bell ("bell").
--- `kind` defaults to "osc9".
--- ```lua
--- hooks.on("agent_exited", function(ev, app) app:notify_desktop(ev.agent.name .. " finished") end)
--- ```
---@param text string
---@param kind? "osc9"|"osc777"|"bell"
function AppActions:notify_desktop(text, kind) end

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
---   app:verb("agent.restart", { agent = app.focused }, function(answer, app2)
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
---   local answer = app:call("agent.kill", { agent = req.params.id })
---   if answer.ok then return redirect("/") end
---   return redirect("/?note=not+stopped") -- answer.refused or answer.error says why
--- end)
--- ```
---@param name string
---@param args? table<string, any>
---@return botster.VerbAnswer
function AppActions:call(name, args) end

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
