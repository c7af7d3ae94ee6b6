-- hooks and events: handlers with priorities (lower runs first, ties in registration order),
-- once, a glob pattern on the event's subject (agent name or command), and a name.
-- The hub dispatches its own events (each handler under a time budget); events.emit dispatches
-- custom "namespace:name" events inside Lua.
hooks = { FIRST = -100, EARLY = -50, NORMAL = 0, LATE = 50, LAST = 100, budget_ms = 10 }
events = {}
__botster.handlers = {}
local seq = 0

local where = __botster.where

-- "claude*" -> "^claude.*$" (glob: * any run, ? one char; everything else literal)
local function glob(pattern)
  return "^" .. pattern:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
end

local function add(fname, event, fn, opts)
  if type(event) ~= "string" or event == "" then error(fname .. ": event name must be a string", 3) end
  if type(fn) ~= "function" then error(("%s: handler for %q must be a function, got %s"):format(fname, event, type(fn)), 3) end
  opts = opts or {}
  if type(opts) ~= "table" then error(fname .. ": options must be a table", 3) end
  if opts.priority ~= nil and type(opts.priority) ~= "number" then error(fname .. ": priority must be a number", 3) end
  if opts.pattern ~= nil and type(opts.pattern) ~= "string" then error(fname .. ": pattern must be a string", 3) end
  seq = seq + 1
  local h = {
    id = seq, event = event, fn = fn, priority = opts.priority or 0, once = opts.once == true,
    pattern = opts.pattern and glob(opts.pattern) or nil, name = opts.name or ("handler " .. seq),
    budget_ms = opts.budget_ms, source = where(3), overruns = 0,
  }
  __botster.handlers[#__botster.handlers + 1] = h
  return h.id
end

--- hooks.on(event, fn, { priority = 0, once = false, pattern = nil, name = nil, budget_ms = nil }) -> id
function hooks.on(event, fn, opts)
  local id = add("hooks.on", event, fn, opts) -- not a tail call: add() looks up the caller's line
  return id
end

--- Removes a handler by id; returns whether it was there.
function hooks.off(id)
  for i, h in ipairs(__botster.handlers) do
    if h.id == id then table.remove(__botster.handlers, i); return true end
  end
  return false
end

-- The handlers for an event (and subject), in the order they run.
function __botster.handlers_for(event, subject)
  local list = {}
  for _, h in ipairs(__botster.handlers) do
    if h.event == event and not h.disabled and (h.pattern == nil or (subject and tostring(subject):match(h.pattern))) then
      list[#list + 1] = h
    end
  end
  table.sort(list, function(a, b)
    if a.priority ~= b.priority then return a.priority < b.priority end
    return a.id < b.id
  end)
  local out = {}
  for i, h in ipairs(list) do
    out[i] = { id = h.id, fn = h.fn, once = h.once, name = h.name, source = h.source, budget_ms = h.budget_ms or hooks.budget_ms }
  end
  return out
end

-- Which events have handlers (the hub skips the others entirely).
function __botster.subscribed()
  local seen, out = {}, {}
  for _, h in ipairs(__botster.handlers) do
    if not seen[h.event] then seen[h.event] = true; out[#out + 1] = h.event end
  end
  return out
end

function __botster.overrun(id, limit)
  for _, h in ipairs(__botster.handlers) do
    if h.id == id then
      h.overruns = h.overruns + 1
      if h.overruns >= limit then h.disabled = true; return true end
    end
  end
  return false
end

--- events.on("myplugin:done", fn, opts) -> id   (same options and ordering as hooks.on)
function events.on(name, fn, opts)
  if type(name) ~= "string" or not name:match("^[%w_%-]+:[%w_%-%.:]+$") then
    error(("events.on: custom event names are \"namespace:name\", got %s"):format(tostring(name)), 2)
  end
  local id = add("events.on", name, fn, opts)
  return id
end

events.off = hooks.off

--- hooks.ask(event, payload, app) -> payload | nil, reason: a before_* event Lua itself raises
--- (lua/default/accounts.lua's before_account_switch), its handlers run as the hub runs its own:
--- nil goes on, a table is the payload from then on, false, "reason" cancels. One that errors is
--- logged and skipped.
function hooks.ask(event, payload, app)
  if type(event) ~= "string" or not event:match("^before_") then error("hooks.ask: the event must be a before_* name", 2) end
  for _, h in ipairs(__botster.handlers_for(event, payload and payload.agent and payload.agent.name)) do
    local ok, r, why = pcall(__botster.run_co, h.fn, payload, app)
    if h.once then hooks.off(h.id) end
    if not ok then
      __host_log("error", ("%s (%s): %s"):format(h.source, h.name, tostring(r)))
    elseif r == false then
      return nil, why or h.name
    elseif type(r) == "table" then
      payload = r
    end
  end
  return payload
end

--- events.emit("myplugin:done", { n = 1 }): runs the handlers now; one that errors is logged and skipped.
function events.emit(name, payload)
  if type(name) ~= "string" or not name:match("^[%w_%-]+:[%w_%-%.:]+$") then
    error(("events.emit: custom event names are \"namespace:name\", got %s"):format(tostring(name)), 2)
  end
  __botster.emit_event(name, payload)
end

-- Dispatch inside Lua (custom events, flow transitions): errors are logged, the rest still run.
function __botster.emit_event(name, payload)
  for _, h in ipairs(__botster.handlers_for(name, payload and (payload.subject or payload.name))) do
    local ok, err = pcall(__botster.run_co, h.fn, payload, __botster.current_app)
    if not ok then __host_log("error", ("%s (%s): %s"):format(h.source, h.name, tostring(err))) end
    if h.once then hooks.off(h.id) end
  end
end
