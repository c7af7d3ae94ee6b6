-- actions: the app handed to key, command and hook functions, and the configuration as data.
-- Loaded by the trusted configuration and by every improvement's sandbox alike.
__botster.user_state = __botster.user_state or {}
__botster.namespaces = __botster.namespaces or {}

-- state.get(namespace, default): a table that survives reloads (the hub carries it over).
state = {}
__botster.persist_ns = __botster.persist_ns or {}

function state.get(namespace, default, opts)
  if type(namespace) ~= "string" or not namespace:match("^[%w_%-%.]+$") then
    error("state.get: namespace must be a word (letters, digits, _ - .)", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then error("state.get: options must be a table", 2) end
  if opts and opts.persist then __botster.persist_ns[namespace] = true end
  local t = __botster.namespaces[namespace]
  if t == nil then
    t = default or {}
    if type(t) ~= "table" then error("state.get: default must be a table", 2) end
    __botster.namespaces[namespace] = t
  end
  return t
end

-- The namespaces to save to $BOTSTER_HOME/state/ (plain data).
function __botster.persisted_namespaces()
  local out = {}
  for ns in pairs(__botster.persist_ns) do out[ns] = __botster.namespaces[ns] or {} end
  return out
end

-- The app handed to key and command functions: what the hub looks like now, plus methods that
-- ask the hub to act. The hub applies the requests after the function returns.
__botster.effects = {}

local function effect(op, fields)
  fields = fields or {}
  fields.op = op
  __botster.effects[#__botster.effects + 1] = fields
end

local Actions = {}
function Actions:focus(target) effect("focus", { target = type(target) == "table" and target.id or target }) end
function Actions:spawn(spec)
  if type(spec) == "string" then spec = { command = spec } end
  if type(spec) ~= "table" or type(spec.command) ~= "string" then error("app:spawn needs { command = \"...\" }", 2) end
  effect("spawn", { spec = spec })
end
function Actions:kill(target) effect("kill", { target = type(target) == "table" and target.id or target }) end
function Actions:set_mode(mode) effect("mode", { mode = mode }) end
function Actions:scroll(lines) effect("scroll", { lines = lines }) end
function Actions:quit() effect("quit") end
function Actions:run(id, arg) effect("run", { id = id, arg = arg }) end
function Actions:notify(text, level)
  if level ~= nil and level ~= "info" and level ~= "error" then error("app:notify: level must be \"info\" or \"error\"", 2) end
  effect("notify", { text = tostring(text), level = level })
end
function Actions:search(query)
  if type(query) ~= "string" then error("app:search needs a string", 2) end
  effect("search", { query = query })
end
function Actions:restart(target, spec)
  if type(spec) == "string" then spec = { command = spec } end
  if spec ~= nil and (type(spec) ~= "table" or type(spec.command) ~= "string") then error("app:restart: spec must be { command = \"...\" }", 2) end
  effect("restart", { target = type(target) == "table" and target.id or target, spec = spec })
end

-- Dialogs: one open at a time (the host shows one overlay); its callback waits here until the
-- user chooses or cancels. A reload forgets it (the host then says the dialog is gone).
__botster.dialog_seq = __botster.dialog_seq or 0
local function open_dialog(fn, items)
  __botster.dialog_seq = __botster.dialog_seq + 1
  __botster.dialog = { id = __botster.dialog_seq, fn = fn, items = items }
  return __botster.dialog_seq
end

function Actions:select(items, opts, fn)
  if type(opts) == "function" and fn == nil then opts, fn = nil, opts end
  if type(items) ~= "table" then error("app:select: items must be a list", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("app:select: options must be a table", 2) end
  if type(fn) ~= "function" then error("app:select: the last argument must be a function(choice, app)", 2) end
  opts = opts or {}
  local shown = {}
  for i, it in ipairs(items) do
    local label, desc
    if type(it) == "table" then
      label = it.label or it.name or it.id
      desc = it.description or it.desc
    else
      label = it
    end
    if opts.format then label = opts.format(it) end
    shown[i] = { label = tostring(label == nil and i or label), description = desc ~= nil and tostring(desc) or "" }
  end
  effect("select", { title = tostring(opts.title or opts.prompt or "Select"), items = shown, dialog = open_dialog(fn, items) })
end

function Actions:input(opts, fn)
  if type(opts) == "function" and fn == nil then opts, fn = nil, opts end
  if opts ~= nil and type(opts) ~= "table" then error("app:input: options must be a table", 2) end
  if type(fn) ~= "function" then error("app:input: the last argument must be a function(text, app)", 2) end
  opts = opts or {}
  effect("input", { title = tostring(opts.title or opts.prompt or "Input"), default = opts.default ~= nil and tostring(opts.default) or "", dialog = open_dialog(fn, nil) })
end

-- The user chose (value: 1-based index for select, text for input) or cancelled (nil).
function __botster.resolve_dialog(id, value, data)
  local d = __botster.dialog
  if not d or d.id ~= id then error("the dialog is gone (the configuration was reloaded); open it again", 0) end
  __botster.dialog = nil
  local choice = value
  if d.items and value ~= nil then choice = d.items[value] end
  return __botster.invoke(function(app) d.fn(choice, app) end, data)
end

function __botster.invoke(fn, data)
  __botster.effects = {}
  data.state = __botster.user_state
  local app = setmetatable(data, { __index = function(_, k) return Actions[k] or (App and App[k]) end })
  for _, agent in ipairs(app.agents) do
    if agent.id == data.focused_id then app.focused = agent end
  end
  fn(app, data.arg)
  return __botster.effects
end

function __botster.run_command(id, data)
  local c = __botster.commands[id]
  if not c then error(("unknown command %q"):format(id), 0) end
  return __botster.invoke(c.fn, data)
end

-- The keymap and commands as data for the hub (functions travel as handles).
function __botster.export()
  local bindings = {}
  for i, b in ipairs(__botster.bindings) do
    bindings[i] = { mode = b.mode, spec = b.spec, keys = b.keys, desc = b.desc, source = b.source, command = b.command, fn = b.fn, arg = b.arg }
  end
  local cmds = {}
  for id, c in pairs(__botster.commands) do
    cmds[#cmds + 1] = { id = id, desc = c.desc, category = c.category, source = c.source }
  end
  local handlers = {}
  for i, h in ipairs(__botster.handlers or {}) do
    handlers[i] = { event = h.event, name = h.name, priority = h.priority, source = h.source }
  end
  return { bindings = bindings, modes = __botster.modes, commands = cmds, events = __botster.subscribed and __botster.subscribed() or {}, hooks = handlers, unbinds = __botster.unbinds or {}, profiles = profiles and profiles.list or {}, settings = __botster.settings and __botster.settings() or nil }
end
