---@meta
-- LuaLS annotations for keys and commands (the app handed to key functions: app_actions.lua,
-- verb_forms.lua, verbs.lua).

---@class botster.BindOptions
---@field desc? string   # shown in the help overlay and `botster-tui keys`
---@field arg? any       # passed to the command (e.g. agent.focus takes a number)

---@class botster.VerbBinding
---@field verb string     # a verb of docs/protocol.md (agent.kill, agent.send, hub.stop, ...; an older name, kill, too); the command of its name (its face) runs in its place where there is one, with the arguments as its arg
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
--- keys.bind("normal", "K", { verb = "agent.kill", agent = "focused" })
--- keys.bind("normal", "Y", { verb = "agent.send", agent = "focused", text = "y", keys = "enter" })
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
---@field verb? string  # the verb it acts through when not named after it (review.delete: "review.edit"); one named as a verb is that verb's face already

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
