---@meta
-- LuaLS annotations for keys, commands and the app handed to key functions.

---@class botster.BindOptions
---@field desc? string   # shown in the help overlay and `botster-tui keys`
---@field arg? any       # passed to the command (e.g. agent.focus takes a number)

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

--- Binds a key spec in a mode to a command id or a function(app). Specs: `ctrl+ alt+ shift+` plus
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
--- ```
---@param mode botster.Mode
---@param spec string
---@param action string|fun(app: botster.AppActions, arg: any)
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
--- commands.register("agent.next", function(app) app:focus(#app.agents) end, { desc = "Jump to the last agent" })
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

--- Focuses an agent (by id, by 1-based index in app.agents, or an agent table); a number past the
--- list does nothing.
--- ```lua
--- app:focus(2)
--- ```
---@param target string|integer|botster.Agent
function AppActions:focus(target) end

--- Starts a new agent and focuses it; `machine` (one of settings.machines) starts it there, its
--- hub runs it and it is listed here (its `cwd` is a folder there).
--- ```lua
--- app:spawn({ command = "claude", name = "claude", cwd = "/work" })
--- app:spawn({ command = "claude", machine = "gpu" })
--- ```
---@param spec string|{command: string, name?: string, cwd?: string, args?: string[], machine?: string}
function AppActions:spawn(spec) end

--- Stops an agent (the focused one by default); it stays listed as exited. Killing one that
--- already exited closes it (takes it off the list), like the `agent.close` command.
--- ```lua
--- app:kill()
--- ```
---@param target? string|integer|botster.Agent
function AppActions:kill(target) end

--- Types `text`, then presses `keys` (key specs: "enter", "ctrl+c", "escape"), into an agent (nil:
--- the focused one) as if you typed them: it is how `agent.answer` (lua/default/answers.lua)
--- answers a waiting agent. A bad key spec is an error at your line. Improvements (agents' code)
--- cannot type into agents: the hub refuses it with a notice.
--- ```lua
--- keys.bind("normal", "Y", function(app) app:send(app.focused, "y", "enter") end, { desc = "Say yes" })
--- ```
---@param target? string|integer|botster.Agent
---@param text? string
---@param keys? string
function AppActions:send(target, text, keys) end

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

--- Shows a notice on screen (`self.notice`, for 15 s; `"error"`: `self.error`) and writes it to the hub log.
--- ```lua
--- app:notify("done")
--- app:notify("no agent to search", "error")
--- ```
---@param text string
---@param level? "info"|"error"  # default "info"
function AppActions:notify(text, level) end

--- Searches the focused agent's scrollback for `query` (matches highlighted; n/N step through).
--- ```lua
--- app:search("error")
--- ```
---@param query string
function AppActions:search(query) end

--- Stops an agent (the focused one by default) and starts `spec` in its place, focused; without
--- `spec` the same command in the same folder.
--- ```lua
--- local a = app.focused
--- if a and a.profile then app:restart(a.id, { command = "profile:" .. a.profile }) end
--- ```
---@param target? string|integer|botster.Agent
---@param spec? string|{command: string, name?: string, cwd?: string, args?: string[]}
function AppActions:restart(target, spec) end

--- Asks every attached client's terminal for a desktop notification: OSC 9 (iTerm2, WezTerm,
--- kitty, Windows Terminal...) or OSC 777 (rxvt-unicode, foot...), or rings its bell ("bell").
--- `kind` defaults to "osc9".
--- ```lua
--- hooks.on("agent_exited", function(ev, app) app:notify_desktop(ev.agent.name .. " finished") end)
--- ```
---@param text string
---@param kind? "osc9"|"osc777"|"bell"
function AppActions:notify_desktop(text, kind) end

--- Removes a clean worktree the hub made for an agent that exited (one of app.worktrees, by path or
--- the entry itself); the branch stays. Any other path is refused with a notice.
--- ```lua
--- for _, w in ipairs(app.worktrees or {}) do app:remove_worktree(w.path) end
--- ```
---@param worktree string|botster.Worktree
function AppActions:remove_worktree(worktree) end

---@class botster.SelectOptions
---@field title? string                      # the dialog's title (default "Select")
---@field format? fun(item: any): string     # the text shown for an item (default: item.label / name / id, or the string)

--- Opens a list to choose from (like Neovim's vim.ui.select): the hub draws it, filters it as the
--- user types and moves the cursor; `fn(choice, app)` gets the chosen item itself (any value from
--- `items`), or nil when the user cancels. One dialog shows at a time: one opened while another is
--- open (by a hook, say) waits its turn. A dialog open while its file is saved still answers, with
--- the code that opened it.
--- Items may be strings or tables with `label` and `description`.
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
