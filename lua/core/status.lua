-- status: adapters say what an agent is doing from what its screen shows. The hub calls
-- __botster.detect_status while output flows (bounded), when the screen settles and again later;
-- every adapter matching the agent is asked in priority order and the first answer wins.
-- Adapters get the visible screen wrapped with helpers for the regions agent CLIs draw (the input
-- box between ─ rules, the block above it, what is below it) and each helper match is recorded as
-- evidence, so `status --explain` can show the lines that decided.
status = { adapters = {} }

local STATES = { running = true, waiting = true, idle = true }
local FIELDS = { name = true, match = true, detect = true, priority = true }

local function glob(pattern)
  return "^" .. pattern:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
end

--- status.adapter({ name = "codex", match = "codex*", priority = 0, detect = function(screen, agent) ... end })
--- `match`: a glob tried on agent.program, then agent.command (and its first word's file name),
--- then agent.name; or a function(agent) -> boolean; nil = every agent. `detect` returns
--- "running" | "waiting" | "idle" | nil (no opinion: the next adapter is asked), a reason and
--- optionally a rule name. Lower priority asks first; at equal priority the later-added one does
--- (so yours go before the shipped ones); an adapter with the same name replaces the old one.
function status.adapter(def)
  if type(def) ~= "table" then error("status.adapter needs a table { name = ..., detect = function(screen, agent) ... end }", 2) end
  if type(def.name) ~= "string" or def.name == "" then error("status.adapter: name must be a non-empty string", 2) end
  for k in pairs(def) do
    if not FIELDS[k] then error(("status.adapter %q: unknown field %q (name, match, priority, detect)"):format(def.name, tostring(k)), 2) end
  end
  if type(def.detect) ~= "function" then error(("status.adapter %q: detect must be a function(screen, agent)"):format(def.name), 2) end
  if def.match ~= nil and type(def.match) ~= "string" and type(def.match) ~= "function" and type(def.match) ~= "table" then
    error(("status.adapter %q: match must be a glob string, a list of them or a function(agent)"):format(def.name), 2)
  end
  if def.priority ~= nil and type(def.priority) ~= "number" then error(("status.adapter %q: priority must be a number"):format(def.name), 2) end
  status._order = (status._order or 0) + 1
  local a = { name = def.name, detect = def.detect, priority = def.priority or 0, source = __botster.where(2), order = status._order }
  if type(def.match) == "string" or type(def.match) == "table" then
    local globs = type(def.match) == "string" and { def.match } or def.match
    local ps = {}
    for i, g in ipairs(globs) do
      if type(g) ~= "string" then error(("status.adapter %q: match must be a glob string, a list of them or a function(agent)"):format(def.name), 2) end
      ps[i] = glob(g)
    end
    a.match = function(agent)
      local command = tostring(agent.command or "")
      local file = command:match("^%s*(%S+)") or ""
      file = file:match("([^/]+)$") or file
      for _, subject in ipairs({ tostring(agent.program or ""), command, file, tostring(agent.name or "") }) do
        for _, p in ipairs(ps) do
          if subject ~= "" and subject:match(p) then return true end
        end
      end
      return false
    end
    a.glob = table.concat(globs, ", ")
  else
    a.match = def.match
  end
  for i, old in ipairs(status.adapters) do
    if old.name == a.name then status.adapters[i] = a; return end
  end
  status.adapters[#status.adapters + 1] = a
end

--- The adapters in the order they are asked.
function status.list()
  local list = {}
  for _, a in ipairs(status.adapters) do list[#list + 1] = a end
  table.sort(list, function(x, y)
    if x.priority ~= y.priority then return x.priority < y.priority end
    return x.order > y.order
  end)
  return list
end

-- One log line per adapter and message: it is asked twice a second, the log must not flood.
local logged = {}
local function report(a, message)
  local key = a.name .. "\0" .. message
  if logged[key] then return end
  logged[key] = true
  __host_log("error", ("%s (status adapter %s): %s"):format(a.source, a.name, message))
end

local function prepare(agent, data)
  agent = type(agent) == "table" and agent or {}
  local screen = status.screen(data)
  screen.state = screen.state or agent.state
  -- What the old API handed adapters on the agent itself.
  if agent.at_prompt == nil then agent.at_prompt = screen.at_prompt end
  if agent.rang_bell == nil then agent.rang_bell = screen.bell end
  return agent, screen
end

-- Does adapter `a` match the agent? false and an error message when its match() fails.
local function matches(a, agent)
  if not a.match then return true end
  local ok, yes = pcall(a.match, agent)
  if not ok then
    report(a, "match: " .. tostring(yes))
    return false, "match: " .. tostring(yes)
  end
  return yes and true or false
end

-- Asks one adapter: its verdict table, or nil (no opinion), or nil and an error message.
local function ask(a, agent, screen)
  screen._evidence, screen._seen, screen._rule = {}, {}, nil
  local ok, state, reason, rule = pcall(a.detect, screen, agent)
  if ok and state ~= nil and not STATES[state] then
    ok, state = false, ("detect returned %q (expected \"running\", \"waiting\", \"idle\" or nil)"):format(tostring(state))
  end
  if not ok then
    report(a, tostring(state))
    return nil, tostring(state)
  end
  if state == nil then return nil end
  return {
    state = state,
    reason = reason ~= nil and __botster.status_text.bare_reason(tostring(reason)) or nil,
    adapter = a.name,
    rule = rule ~= nil and tostring(rule) or screen._rule,
    lines = screen._evidence,
    priority = a.priority,
  }
end

-- Called by the hub: what the adapters say about an agent's screen. Returns nil (no answer) or
-- { state, reason, adapter, rule, lines, priority }; with `explain` also `tried` (each adapter
-- asked, in order), and then a table even when none answered.
function __botster.detect_status(agent, data, explain)
  local screen
  agent, screen = prepare(agent, data)
  local tried = explain and {} or nil
  for _, a in ipairs(status.list()) do
    local yes, merr = matches(a, agent)
    if merr then
      if tried then tried[#tried + 1] = { adapter = a.name, error = merr } end
    elseif yes then
      local v, err = ask(a, agent, screen)
      if tried then tried[#tried + 1] = { adapter = a.name, state = v and v.state, rule = v and v.rule, error = err } end
      if v then
        v.tried = tried
        return v
      end
    end
  end
  if tried then return { tried = tried } end
  return nil
end

-- For the hub when improvements add adapters too (src/lua/runtime/status-units.ts merges every
-- Lua state's adapters by priority and name, and asks each adapter in the state that defined it).

--- How many adapters this Lua state registered.
function __botster.adapter_count()
  return #status.adapters
end

--- The adapters matching an agent (nil: every adapter), in the order they are asked: { { name, priority }, ... }.
function __botster.adapters_for(agent)
  local out = {}
  for _, a in ipairs(status.list()) do
    if agent == nil or matches(a, agent) then out[#out + 1] = { name = a.name, priority = a.priority } end
  end
  return out
end

--- Asks the adapter named `name`: its verdict, nil (no opinion), or { error = message }.
function __botster.detect_with(name, agent, data)
  local screen
  agent, screen = prepare(agent, data)
  for _, a in ipairs(status.adapters) do
    if a.name == name then
      local v, err = ask(a, agent, screen)
      if err then return { error = err } end
      return v
    end
  end
  return nil
end
