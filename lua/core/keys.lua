-- keys: bindings are data the hub reads after the configuration loads. A binding maps a key spec
-- ("ctrl+a c", "g g", "f5") in a mode to a command id or a Lua function called with the app.
keys = {}
__botster.bindings = {}
__botster.unbinds = {}
-- mode .. "\0" .. chords -> the binding keys.bind last made for them (see keys.bind).
local bound_at = {}
__botster.modes = {
  insert = { passthrough = true, sticky = true, desc = "keys go to the focused agent" },
  normal = { passthrough = false, sticky = true, desc = "keys drive the hub" },
  -- Key tables of what can be open (like WezTerm's copy_mode): while it is open its table answers
  -- first. Keys they do not bind: copy drops them, help lets them work as usual, a palette types them.
  copy = { passthrough = false, sticky = true, desc = "selecting lines to copy (y); other keys do nothing" },
  help = { passthrough = false, sticky = true, desc = "this help; other keys work as usual" },
  palette = { passthrough = false, sticky = true, desc = "the palette, dialogs, prompts; other printable keys type" },
}
-- The overlay tables, where the way out is reserved too: it closes whatever is open.
__botster.overlay_tables = { copy = true, help = true, palette = true }
local BUILTIN_MODES = { insert = true, normal = true, copy = true, help = true, palette = true }

local where = __botster.where

-- An error in the file that called keys.bind/unbind. `botster-tui check` sets
-- __botster.check_errors to collect them all: that call is skipped and the file goes on.
local function fail(msg)
  local list = __botster.check_errors
  if list then
    list[#list + 1] = where(3) .. ": " .. msg
    return true
  end
  error(msg, 3)
end

local function mode_problem(mode, fname)
  if type(mode) ~= "string" or mode == "" then
    return ("%s: mode must be a string, got %s"):format(fname, type(mode))
  end
  if not __botster.modes[mode] then
    return ("%s: unknown mode %q (define it with keys.mode)"):format(fname, mode)
  end
end

-- The verb `name` names (its name, or an older one: lua/core/verbs.lua), or nil and why not.
function __botster.verb_named(name, fname)
  if type(name) ~= "string" or name == "" then
    return nil, fname .. ": a verb needs its name, { verb = \"NAME\", ... } (docs/protocol.md lists them)"
  end
  local canon = (__botster.verb_aliases or {})[name] or name
  if not (__botster.verb_methods or {})[canon] then
    return nil, ("%s: unknown verb %q (docs/protocol.md lists them)"):format(fname, name)
  end
  return canon
end

-- A key bound to a verb with its arguments, as tmux binds a command: { verb = "agent.kill", agent
-- = "focused" } runs the verb at the keys (`agent = "focused"`: the agent shown when the key is
-- pressed). A command of the verb's name (its face: what it asks first, lua/default/dialogs.lua's
-- agent.kill) runs in its place with the arguments as its `arg`; else the verb itself, what
-- fails or is refused said on screen.
local function verb_action(t)
  local name, bad = __botster.verb_named(t.verb, "keys.bind")
  if not name then return nil, bad end
  local args, words = {}, {}
  for k, v in pairs(t) do
    if k ~= "verb" then
      if type(k) ~= "string" then return nil, ("keys.bind: verb %s: arguments are named (agent = ..., text = ...)"):format(name) end
      args[k] = v
      words[#words + 1] = k .. "=" .. tostring(v)
    end
  end
  table.sort(words)
  return { name = name, args = next(args) ~= nil and args or nil, desc = name .. (#words > 0 and (" " .. table.concat(words, " ")) or "") }
end

--- Binds a key spec in a mode to a command id, a function(app), or a verb with its arguments.
function keys.bind(mode, spec, action, opts)
  local bad = mode_problem(mode, "keys.bind")
  if bad then return fail(bad) and nil end
  if type(spec) ~= "string" then return fail(("keys.bind: key spec must be a string, got %s"):format(type(spec))) and nil end
  local ok, chords = pcall(__host_parse_key_spec, spec)
  if not ok then return fail(("keys.bind: %s"):format((tostring(chords):gsub("^.-:%d+: ", "")))) and nil end
  local way_out = __botster.way_out or "ctrl+g"
  if mode == "insert" or __botster.overlay_tables[mode] then
    local why = mode == "insert" and "it is the way out of insert mode" or "the way out closes whatever is open"
    for _, c in ipairs(chords) do
      if c == way_out then
        return fail(("keys.bind: %s in %s is reserved: %s (settings.way_out)"):format(way_out, mode, why)) and nil
      end
    end
  end
  local kind = type(action)
  local verb
  if kind == "table" then
    local bad
    verb, bad = verb_action(action)
    if bad then return fail(bad) and nil end
    if opts ~= nil and type(opts) ~= "table" then return fail("keys.bind: options must be a table") and nil end
    opts = opts or {}
    if opts.desc == nil then opts = setmetatable({ desc = verb.desc }, { __index = opts }) end
    action, kind = verb.name, "string"
  end
  if kind ~= "string" and kind ~= "function" then
    return fail(("keys.bind: action must be a command id, a function or { verb = NAME, ... }, got %s"):format(kind)) and nil
  end
  if opts ~= nil and type(opts) ~= "table" then return fail("keys.bind: options must be a table") and nil end
  opts = opts or {}
  local key = mode .. "\0" .. table.concat(chords, " ")
  local b = {
    mode = mode, spec = spec, keys = chords, desc = opts.desc or (kind == "string" and action or ""),
    source = where(2), command = kind == "string" and action or nil, fn = kind == "function" and action or nil,
    arg = verb and verb.args or opts.arg, verb = verb ~= nil or nil,
  }
  -- A later bind of the same keys replaces the earlier one, keeping its place in the list. The
  -- index only says which binding may be there (settings.way_out and keys.unbind remove from the
  -- list): comparing every earlier binding's keys made the shipped ~150 binds quadratic.
  local list = __botster.bindings
  local earlier = bound_at[key]
  bound_at[key] = b
  if earlier then
    for i = 1, #list do
      if list[i] == earlier then
        list[i] = b
        return
      end
    end
  end
  list[#list + 1] = b
end

--- Removes a binding; returns true if there was one.
function keys.unbind(mode, spec)
  local bad = mode_problem(mode, "keys.unbind")
  if bad then return fail(bad) and false end
  local ok, chords = pcall(__host_parse_key_spec, spec)
  if not ok then return fail(("keys.unbind: %s"):format((tostring(chords):gsub("^.-:%d+: ", "")))) and false end
  local key = table.concat(chords, " ")
  for i, old in ipairs(__botster.bindings) do
    if old.mode == mode and table.concat(old.keys, " ") == key then
      table.remove(__botster.bindings, i)
      bound_at[mode .. "\0" .. key] = nil
      return true
    end
  end
  -- Not ours: an improvement asks the hub to remove someone else's binding (reviewed first).
  if __botster.improvement then
    __botster.unbinds[#__botster.unbinds + 1] = { mode = mode, spec = spec, keys = chords }
    return true
  end
  return false
end

--- Defines (or changes) a mode: a key table of its own.
function keys.mode(name, opts)
  if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
    error(("keys.mode: mode name must be a word, got %s"):format(tostring(name)), 2)
  end
  opts = opts or {}
  if type(opts) ~= "table" then error("keys.mode: options must be a table", 2) end
  local builtin = BUILTIN_MODES[name] and __botster.modes[name]
  if builtin then
    -- How a built-in mode or table treats keys is the hub's: only its description changes.
    for _, k in ipairs({ "passthrough", "sticky" }) do
      if opts[k] ~= nil and opts[k] ~= builtin[k] then
        return fail(("keys.mode: %q is built in: only its desc can change, not %s"):format(name, k)) and nil
      end
    end
    if opts.desc ~= nil then builtin.desc = tostring(opts.desc) end
    return
  end
  __botster.modes[name] = {
    passthrough = opts.passthrough == true,
    sticky = opts.sticky ~= false,
    desc = opts.desc or "",
  }
end

--- The bindings as data: { mode, key, action, desc, source }.
function keys.list(mode)
  local out = {}
  for _, b in ipairs(__botster.bindings) do
    if mode == nil or b.mode == mode then
      out[#out + 1] = { mode = b.mode, key = b.spec, action = b.command or "<function>", desc = b.desc, source = b.source }
    end
  end
  return out
end

--- The key that runs a command in a mode, as people read it ("?", "Ctrl+g", "g g"), from the live
--- keymap (improvements' bindings and the way out included); nil when no key does.
function keys.key_for(mode, id)
  if type(__host_key_for) ~= "function" then return nil end
  return __host_key_for(mode, id)
end

-- commands: dotted ids with a description and a category; keys, the palette and Lua share them.
commands = {}
__botster.commands = {}

--- Registers a command: commands.register("git.status", function(app) ... end, { desc = "...", category = "git" })
--- A command that acts through a verb it is not named after (the review panel's review.delete is
--- review.edit's) says so: { verb = "review.edit" }; one named as a verb is that verb's already.
function commands.register(id, fn, opts)
  -- (the hub's registry takes the same ids: dotted words, no empty word)
  if type(id) ~= "string" or not id:match("^[a-z][a-z0-9_]*%.[a-z0-9_.]+$") or id:find("..", 1, true) or id:sub(-1) == "." then
    error(("commands.register: id must be dotted lower-case words like \"git.status\", got %s"):format(tostring(id)), 2)
  end
  if type(fn) ~= "function" then error(("commands.register: %s needs a function, got %s"):format(id, type(fn)), 2) end
  -- (an older id of a verb's command registers that verb's: agent.spawn is agent.new's)
  id = (__botster.verb_aliases or {})[id] or id
  opts = opts or {}
  local verb
  if opts.verb ~= nil then
    local bad
    verb, bad = __botster.verb_named(opts.verb, "commands.register")
    if not verb then error(bad, 2) end
  end
  __botster.commands[id] = { id = id, fn = fn, desc = opts.desc or id, category = opts.category or "user", source = where(2), verb = verb }
end

--- Runs a command by id from Lua (built-in or registered): commands.run("agent.next")
-- The run verb (as app:run): the command runs here and now, in this Lua's chain.
function commands.run(id, arg)
  __botster.ask_verb("commands.run", "run", { command = id, arg = arg })
end

function commands.list()
  local out = {}
  for id, c in pairs(__botster.commands) do out[#out + 1] = { id = id, desc = c.desc, category = c.category } end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out
end
