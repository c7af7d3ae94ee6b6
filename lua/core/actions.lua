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
function Actions:notify(text) effect("notify", { text = tostring(text) }) end

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
