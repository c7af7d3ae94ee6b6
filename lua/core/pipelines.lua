-- pipelines: one task handed to several agents, in parallel or in a chain, the best result kept
-- ("generation control"). A definition is checked here, where the user wrote it (errors name
-- their file and line); the hub (src/pipelines/) runs it: it starts the agents, types the prompts,
-- waits on the agents' states, runs the checks and merges. Lua functions in a definition (a
-- criterion, a fan-out, the streaming handler) stay here and are called back by name. Running
-- them is the `pipeline` verb (pipelines_run.lua); how a run's results merge, its merge kinds
-- (pipelines_merge.lua).
pipelines = {}
__botster = __botster or {}

local definitions = {}
local functions = {}
-- Each definition is numbered as it is made: a file run by `botster-tui pipeline run FILE` defined
-- those numbered after the count before it ran.
local made = 0

local STRATEGIES = { single = true, sequential = true, parallel = true, chain = true }
local DEF_KEYS = { id = true, description = true, context = true, strategy = true, max_agents = true, streaming = true }
local STRATEGY_KEYS = { kind = true, step = true, steps = true, branches = true, merge = true }
local STEP_KEYS = {
  id = true, agent = true, profile = true, command = true, worktree = true, cwd = true, prompt = true,
  prompt_as = true, check = true, timeout = true, depends_on = true, parallel_on = true,
}
local MERGE_KEYS = { kind = true, criterion = true, step = true, finish = true }
local SOURCE_KINDS = { "text", "file", "glob", "diff", "command", "agent" }

local function fail(msg, ...)
  error("pipelines.define: " .. msg:format(...), 0)
end

local function unknown_keys(t, allowed, where)
  for k in pairs(t) do
    if not allowed[k] then fail("%s has no field %s", where, tostring(k)) end
  end
end

local function keep_fn(id, name, fn)
  functions[id] = functions[id] or {}
  functions[id][name] = fn
  return { fn = name }
end

local function step_of(id, s, where, default_id, defaults)
  if type(s) ~= "table" then fail("%s must be a table, got %s", where, type(s)) end
  unknown_keys(s, STEP_KEYS, where)
  local out = { id = s.id or default_id }
  if type(out.id) ~= "string" or not out.id:match("^[%a_][%w_-]*$") then
    fail("%s.id must be a name (letters, digits, _ and -), got %s", where, tostring(s.id))
  end
  local who = 0
  for _, k in ipairs({ "agent", "profile", "command" }) do
    if s[k] ~= nil then
      if type(s[k]) ~= "string" or s[k] == "" then fail("%s.%s must be a string", where, k) end
      who = who + 1
    end
  end
  if who ~= 1 then fail("%s needs one of agent, profile or command (who runs it)", where) end
  -- agent = "x": the profile x if there is one when the pipeline runs, else the command x.
  if s.profile then out.agent = { profile = s.profile }
  elseif s.command then out.agent = { command = s.command }
  else out.agent = { name = s.agent } end
  if type(s.prompt) ~= "string" or s.prompt == "" then fail("%s.prompt must be a string", where) end
  out.prompt = s.prompt
  if s.prompt_as ~= nil and s.prompt_as ~= "typed" and s.prompt_as ~= "argument" then
    fail('%s.prompt_as must be "typed" or "argument"', where)
  end
  out.prompt_as = s.prompt_as or "typed"
  if s.worktree ~= nil and type(s.worktree) ~= "boolean" then fail("%s.worktree must be true or false", where) end
  out.worktree = s.worktree
  if out.worktree == nil then out.worktree = defaults.worktree end
  if s.cwd ~= nil and type(s.cwd) ~= "string" then fail("%s.cwd must be a string", where) end
  out.cwd = s.cwd
  if s.check ~= nil and (type(s.check) ~= "string" or s.check == "") then fail("%s.check must be a shell command", where) end
  out.check = s.check
  local timeout = s.timeout or 1800
  if type(timeout) ~= "number" or timeout <= 0 then fail("%s.timeout must be seconds (a number)", where) end
  out.timeout_ms = math.floor(timeout * 1000)
  local deps = s.depends_on or defaults.depends_on or {}
  if type(deps) == "string" then deps = { deps } end
  if type(deps) ~= "table" then fail("%s.depends_on must be a list of step ids", where) end
  out.depends_on = {}
  for i, d in ipairs(deps) do
    if type(d) ~= "string" then fail("%s.depends_on[%d] must be a step id", where, i) end
    out.depends_on[i] = d
  end
  if s.parallel_on ~= nil then
    if type(s.parallel_on) == "function" then
      out.parallel_on = keep_fn(id, out.id .. ".parallel_on", s.parallel_on)
    elseif type(s.parallel_on) == "string" then
      out.parallel_on = s.parallel_on
      local listed = false
      for _, d in ipairs(out.depends_on) do listed = listed or d == s.parallel_on end
      if not listed then table.insert(out.depends_on, s.parallel_on) end
    else
      fail("%s.parallel_on must be a step id or a function", where)
    end
  end
  return out
end

-- (the merge kinds: lua/core/pipelines_merge.lua, loaded after this file and before any of yours)
local function kind_names() return table.concat(pipelines.merge_kinds(), ", ") end

local function merge_of(id, m, kind)
  if m == nil then m = (kind == "parallel") and "pick_best" or "concatenate" end
  if type(m) == "string" then m = { kind = m } end
  if type(m) ~= "table" then fail("strategy.merge must be a string or a table") end
  unknown_keys(m, MERGE_KEYS, "strategy.merge")
  if type(m.kind) ~= "string" or not m.kind:match("^[%a_][%w_-]*$") then
    fail("strategy.merge.kind must be the name of a merge kind, got %s", tostring(m.kind))
  end
  -- A plugin's or an agent's file on trial has a Lua state of its own, without the configuration's
  -- kinds (none registered there): the name is checked where the run merges, in the configuration.
  local k = __botster.merge_kind(m.kind)
  if #pipelines.merge_kinds() > 0 and not k then
    fail("strategy.merge must be a merge kind (%s), got %s", kind_names(), m.kind)
  end
  local out = { kind = m.kind, finish = m.finish == true }
  if m.criterion ~= nil then
    if type(m.criterion) ~= "function" then fail("strategy.merge.criterion must be a function of the results") end
    out.criterion = keep_fn(id, "criterion", m.criterion)
  end
  if m.step == nil and k and k.step then fail("strategy.merge: %s needs a step (%s)", m.kind, k.step) end
  if m.step ~= nil then
    out.step = step_of(id, m.step, "strategy.merge.step", "summary", { worktree = false })
  end
  return out
end

local function context_of(c)
  if c == nil then return { sources = {}, max_chars = 20000 } end
  if type(c) == "string" then return { system = c, sources = {}, max_chars = 20000 } end
  if type(c) ~= "table" then fail("context must be a table") end
  local out = { system = c.system, sources = {}, max_chars = c.max_chars or 20000 }
  if out.system ~= nil and type(out.system) ~= "string" then fail("context.system must be a string") end
  if type(out.max_chars) ~= "number" or out.max_chars < 1 then fail("context.max_chars must be a number") end
  for i, src in ipairs(c.sources or {}) do
    if type(src) == "string" then src = { text = src } end
    if type(src) ~= "table" then fail("context.sources[%d] must be a table", i) end
    local kind
    for _, k in ipairs(SOURCE_KINDS) do
      if src[k] ~= nil then
        if kind then fail("context.sources[%d] has both %s and %s", i, kind, k) end
        kind = k
      end
    end
    if not kind then fail("context.sources[%d] needs one of text, file, glob, diff, command, agent", i) end
    local priority = src.priority or 1
    if type(priority) ~= "number" then fail("context.sources[%d].priority must be a number", i) end
    local s = { priority = priority }
    if kind == "diff" then
      s.diff = true
    else
      if type(src[kind]) ~= "string" then fail("context.sources[%d].%s must be a string", i, kind) end
      s[kind] = src[kind]
    end
    if kind == "agent" then
      s.what = src.what or "answer"
      if s.what ~= "screen" and s.what ~= "answer" then fail('context.sources[%d].what must be "screen" or "answer"', i) end
    end
    out.sources[i] = s
  end
  return out
end

--- Defines (or redefines) a pipeline: pipelines.define{ id, strategy, context, max_agents, streaming }.
function pipelines.define(def)
  local ok, res = pcall(function()
    if type(def) ~= "table" then fail("expects a table, got %s", type(def)) end
    unknown_keys(def, DEF_KEYS, "the definition")
    if type(def.id) ~= "string" or not def.id:match("^[%a_][%w_-]*$") then
      fail("id must be a name (letters, digits, _ and -), got %s", tostring(def.id))
    end
    local id = def.id
    functions[id] = {}
    local st = def.strategy
    if type(st) ~= "table" then fail("strategy must be a table ({ kind = \"parallel\", branches = {...} })") end
    unknown_keys(st, STRATEGY_KEYS, "strategy")
    if not STRATEGIES[st.kind] then
      fail("strategy.kind must be single, sequential, parallel or chain, got %s", tostring(st.kind))
    end
    local list, field
    if st.kind == "single" then
      list, field = st.step and { st.step } or st.steps, st.step and "strategy.step" or "strategy.steps"
    elseif st.kind == "parallel" then
      list, field = st.branches, "strategy.branches"
    else
      list, field = st.steps, "strategy.steps"
    end
    if type(list) ~= "table" or #list == 0 then fail("%s must be a list of steps", field) end
    if st.kind == "single" and #list ~= 1 then fail("a single strategy has one step") end
    local steps, seen = {}, {}
    for i, s in ipairs(list) do
      local defaults = { worktree = st.kind == "parallel" }
      if st.kind == "sequential" and i > 1 then defaults.depends_on = { steps[i - 1].id } end
      local prefix = st.kind == "parallel" and "branch" or "step"
      local step = step_of(id, s, ("%s[%d]"):format(field, i), prefix .. i, defaults)
      if st.kind == "parallel" and #step.depends_on > 0 then fail("%s[%d]: parallel branches depend on nothing", field, i) end
      if seen[step.id] then fail("%s[%d]: the id %s is taken", field, i, step.id) end
      seen[step.id] = true
      steps[i] = step
    end
    for i, step in ipairs(steps) do
      for _, d in ipairs(step.depends_on) do
        if not seen[d] then fail("%s[%d].depends_on names %s, which is not a step", field, i, d) end
        if d == step.id then fail("%s[%d] depends on itself", field, i) end
      end
    end
    -- No cycles: each step's dependencies come earlier in some order.
    local placed, changed = {}, true
    while changed do
      changed = false
      for _, step in ipairs(steps) do
        if not placed[step.id] then
          local ready = true
          for _, d in ipairs(step.depends_on) do ready = ready and placed[d] end
          if ready then placed[step.id], changed = true, true end
        end
      end
    end
    for _, step in ipairs(steps) do
      if not placed[step.id] then fail("the steps' depends_on go round in a circle (%s)", step.id) end
    end
    local max = def.max_agents or 4
    if type(max) ~= "number" or max < 1 then fail("max_agents must be a number, at least 1") end
    local out = {
      id = id,
      description = def.description,
      strategy = st.kind,
      steps = steps,
      merge = merge_of(id, st.merge, st.kind),
      context = context_of(def.context),
      max_agents = math.floor(max),
    }
    if def.streaming ~= nil then
      if type(def.streaming) ~= "function" then fail("streaming must be a function(chunk, ev)") end
      out.streaming = keep_fn(id, "streaming", def.streaming)
    end
    return out
  end)
  if not ok then error(res, 2) end
  made = made + 1
  res.seq = made
  definitions[res.id] = res
  return res.id
end

--- The pipelines defined, by id: { id, description, strategy, steps = { ids } }.
function pipelines.list()
  local out = {}
  for id, d in pairs(definitions) do
    local ids = {}
    for i, s in ipairs(d.steps) do ids[i] = s.id end
    out[#out + 1] = { id = id, description = d.description, strategy = d.strategy, steps = ids }
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out
end

-- Whether a profile of that name is defined now (profiles.list holds them in order).
local function profile_defined(name)
  local list = profiles and profiles.list
  if list == nil then return false end
  -- (A table here; on trial, the hub's list of names handed in from JavaScript.)
  for _, p in ipairs(list) do
    if p.name == name then return true end
  end
  return false
end

local function resolve_agent(step)
  if step and step.agent and step.agent.name then
    local name = step.agent.name
    step.agent = profile_defined(name) and { profile = name } or { command = name }
  end
end

-- The definition as data for the hub (agent = "x" resolved against the profiles defined now).
function __botster.pipeline_def(id)
  local d = definitions[id]
  if not d then return nil end
  for _, s in ipairs(d.steps) do resolve_agent(s) end
  resolve_agent(d.merge.step)
  return d
end

function __botster.pipeline_count() return made end

function __botster.pipelines_since(count)
  local ids = {}
  for id, d in pairs(definitions) do
    if d.seq > count then ids[#ids + 1] = id end
  end
  table.sort(ids, function(a, b) return definitions[a].seq < definitions[b].seq end)
  return ids
end

-- Calls one of a definition's functions (criterion, parallel_on, streaming) with plain data.
function __botster.pipeline_call(id, name, ...)
  local fn = functions[id] and functions[id][name]
  if not fn then error(("pipeline %s has no function %s (was it redefined?)"):format(id, name), 0) end
  return fn(...)
end

-- Whether pipeline `id` is defined (pipelines.run: lua/core/pipelines_run.lua).
function __botster.pipeline_defined(id) return definitions[id] ~= nil end
