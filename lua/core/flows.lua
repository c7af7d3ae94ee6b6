-- flows: state machines for multi-step work (reviewing an improvement, a spawn wizard).
-- A definition names states and the actions that move between them; an instance is one run of a
-- definition with its own context table and history. Definitions (they hold functions) live here
-- and are re-declared by each configuration; instances are kept in __botster.flows_instances.
--
-- Order of a successful flows.send: guard(ctx, data) -> exit(ctx, data) of the old state -> the
-- state changes, history grows, "flow_transition" is emitted -> enter(ctx, data) of the new state.
-- An error in a guard or exit propagates and leaves the instance where it was. An error in enter
-- propagates too, but the transition stands (it has already happened and been announced); the same
-- holds for the initial state's enter in flows.start (the instance exists and shows in flows.list).
flows = {}
__botster = __botster or {}
__botster.flows_instances = __botster.flows_instances or {}

local definitions = {}

local DEF_KEYS = { id = true, initial = true, states = true, context = true }
local STATE_KEYS = { on = true, type = true, enter = true, exit = true, guards = true }

local function now_ms()
  if type(__host_now_ms) == "function" then return __host_now_ms() end
  return os.time() * 1000
end

local function emit(payload)
  local b = __botster
  -- subject = the flow id, so hooks.on("flow_transition", fn, { pattern = "review" }) works
  payload.subject = payload.flow
  if type(b) == "table" and type(b.emit_event) == "function" then b.emit_event("flow_transition", payload) end
end

local function deep_copy(v, seen)
  if type(v) ~= "table" then return v end
  seen = seen or {}
  if seen[v] then return seen[v] end
  local out = {}
  seen[v] = out
  for k, x in pairs(v) do out[deep_copy(k, seen)] = deep_copy(x, seen) end
  return out
end

-- Raised at the caller of flows.define; `level` is define's stack level seen from fail (fail = 1).
local function fail(level, fmt, ...)
  error("flows.define: " .. fmt:format(...), level + 1)
end

local function check_unknown_keys(t, allowed, what, level)
  for k in pairs(t) do
    if not allowed[k] then fail(level + 1, "%s has an unknown field %s", what, tostring(k)) end
  end
end

-- Validates one state and returns its normalized copy (later edits of the user's table don't count).
local function check_state(name, s, states)
  local what = ("state %q"):format(name)
  if type(s) ~= "table" then fail(3, "%s must be a table, got %s", what, type(s)) end
  check_unknown_keys(s, STATE_KEYS, what, 3)
  if s.type ~= nil and s.type ~= "normal" and s.type ~= "final" then
    fail(3, "%s: type must be \"normal\" or \"final\", got %s", what, tostring(s.type))
  end
  for _, hook in ipairs({ "enter", "exit" }) do
    if s[hook] ~= nil and type(s[hook]) ~= "function" then
      fail(3, "%s: %s must be a function, got %s", what, hook, type(s[hook]))
    end
  end
  local on = {}
  if s.on ~= nil then
    if type(s.on) ~= "table" then fail(3, "%s: on must be a table of action = \"target\"", what) end
    for action, target in pairs(s.on) do
      if type(action) ~= "string" then fail(3, "%s: action names must be strings, got %s", what, type(action)) end
      if type(target) ~= "string" then fail(3, "%s: target of %q must be a state name, got %s", what, action, type(target)) end
      if states[target] == nil then fail(3, "%s: action %q goes to unknown state %q", what, action, target) end
      on[action] = target
    end
  end
  if s.type == "final" and next(on) ~= nil then fail(3, "%s is final but has transitions", what) end
  local guards = {}
  if s.guards ~= nil then
    if type(s.guards) ~= "table" then fail(3, "%s: guards must be a table of action = function", what) end
    for action, g in pairs(s.guards) do
      if on[action] == nil then fail(3, "%s: guard for %s, which is not one of its actions", what, tostring(action)) end
      if type(g) ~= "function" then fail(3, "%s: guard for %q must be a function, got %s", what, action, type(g)) end
      guards[action] = g
    end
  end
  return { on = on, final = s.type == "final", enter = s.enter, exit = s.exit, guards = guards }
end

--- Defines (or replaces) a flow: flows.define({ id = "review", initial = "pending", states = { ... } })
function flows.define(def)
  if type(def) ~= "table" then fail(2, "needs a table, got %s", type(def)) end
  if type(def.id) ~= "string" or def.id == "" then fail(2, "id must be a non-empty string, got %s", tostring(def.id)) end
  local what = ("flow %q"):format(def.id)
  check_unknown_keys(def, DEF_KEYS, what, 2)
  if type(def.states) ~= "table" or next(def.states) == nil then fail(2, "%s: states must be a non-empty table", what) end
  if def.context ~= nil and type(def.context) ~= "table" then fail(2, "%s: context must be a table", what) end
  if type(def.initial) ~= "string" or def.states[def.initial] == nil then
    fail(2, "%s: initial must name one of its states, got %s", what, tostring(def.initial))
  end
  local states = {}
  for name, s in pairs(def.states) do
    if type(name) ~= "string" then fail(2, "%s: state names must be strings, got %s", what, type(name)) end
    states[name] = check_state(name, s, def.states)
  end
  definitions[def.id] = { id = def.id, initial = def.initial, context = deep_copy(def.context or {}), states = states }
end

local function record(inst, from, to, action, final)
  inst.state = to
  inst.done = final
  inst.history[#inst.history + 1] = { from = from, to = to, action = action, at = now_ms() }
  emit({ instance = inst.id, flow = inst.flow, from = from, to = to, action = action })
end

--- Starts an instance of a flow; returns its id. `context` fields override the definition's defaults.
function flows.start(flow_id, context)
  local def = definitions[flow_id]
  if def == nil then error(("flows.start: unknown flow %s"):format(tostring(flow_id)), 2) end
  if context ~= nil and type(context) ~= "table" then
    error(("flows.start: context must be a table, got %s"):format(type(context)), 2)
  end
  local instances = __botster.flows_instances
  local seq = 1
  for _ in pairs(instances) do seq = seq + 1 end -- instances are never removed: a fresh number
  while instances[("%s#%d"):format(flow_id, seq)] do seq = seq + 1 end
  local ctx = deep_copy(def.context)
  for k, v in pairs(context or {}) do ctx[k] = v end
  local inst = { id = ("%s#%d"):format(flow_id, seq), seq = seq, flow = flow_id, context = ctx, history = {} }
  instances[inst.id] = inst
  record(inst, nil, def.initial, nil, def.states[def.initial].final)
  local enter = def.states[def.initial].enter
  if enter then enter(ctx, nil) end
  return inst.id
end

--- Sends an action to an instance; returns { type = "success" | "guard_failed" | "invalid_action", ... }.
function flows.send(inst_id, action, data)
  local inst = __botster.flows_instances[inst_id]
  if inst == nil then error(("flows.send: unknown instance %s"):format(tostring(inst_id)), 2) end
  if type(action) ~= "string" then error(("flows.send: action must be a string, got %s"):format(type(action)), 2) end
  if inst.done then return { type = "invalid_action", state = inst.state, action = action } end
  local def = definitions[inst.flow]
  if def == nil then error(("flows.send: flow %q of %s is no longer defined"):format(inst.flow, inst_id), 2) end
  local from = inst.state
  local state = def.states[from]
  if state == nil then
    error(("flows.send: %s is in state %q, which flow %q no longer has"):format(inst_id, from, inst.flow), 2)
  end
  local to = state.on[action]
  if to == nil then return { type = "invalid_action", state = from, action = action } end
  local guard = state.guards[action]
  if guard and not guard(inst.context, data) then return { type = "guard_failed", state = from, action = action } end
  if state.exit then state.exit(inst.context, data) end
  record(inst, from, to, action, def.states[to].final)
  local enter = def.states[to].enter
  if enter then enter(inst.context, data) end
  return { type = "success", from = from, to = to, state = inst.state }
end

--- An instance as data (its context is the live table), or nil for an unknown id.
function flows.get(inst_id)
  local inst = __botster.flows_instances[inst_id]
  if inst == nil then return nil end
  local history = {}
  for i, h in ipairs(inst.history) do history[i] = { from = h.from, to = h.to, action = h.action, at = h.at } end
  return { id = inst.id, flow = inst.flow, state = inst.state, context = inst.context, done = inst.done, history = history }
end

--- The instances not yet in a final state, oldest first: { { id, flow, state }, ... }
function flows.list()
  local active = {}
  for _, inst in pairs(__botster.flows_instances) do
    if not inst.done then active[#active + 1] = inst end
  end
  table.sort(active, function(a, b) return a.seq < b.seq end)
  local out = {}
  for i, inst in ipairs(active) do out[i] = { id = inst.id, flow = inst.flow, state = inst.state } end
  return out
end
