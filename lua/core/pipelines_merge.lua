-- How a pipeline run's last results become its result (lua/core/pipelines.lua defines runs):
-- merge kinds by name (pipelines.merge_kind). lua/default/merges.lua ships concatenate, pick_best,
-- summarize and choose; your files add or replace theirs.
local merge_kinds = {}

local function kind_names() return table.concat(pipelines.merge_kinds(), ", ") end

--- Registers (or replaces) a merge kind: how a run's last results become its result.
--- fn(run, ctx) reads the facts on `run` and decides with one of ctx's primitives (the hub does
--- the work: the git merges, the worktrees, the summarizer's agent). opts.step: the kind needs
--- strategy.merge.step, and this says what for (pipelines.define asks for it).
function pipelines.merge_kind(name, fn, opts)
  if __botster.improvement then
    error("pipelines.merge_kind: merge kinds are your configuration's (~/.botster/user/*.lua), not a plugin's or an agent's", 2)
  end
  if type(name) ~= "string" or not name:match("^[%a_][%w_-]*$") then
    error("pipelines.merge_kind: the name must be a name (letters, digits, _ and -), got " .. tostring(name), 2)
  end
  if type(fn) ~= "function" then error("pipelines.merge_kind: " .. name .. " needs a function(run, ctx)", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("pipelines.merge_kind: opts must be a table", 2) end
  if opts and opts.step ~= nil and type(opts.step) ~= "string" then
    error("pipelines.merge_kind: opts.step says what the step is for (a string)", 2)
  end
  merge_kinds[name] = { fn = fn, step = opts and opts.step }
end

--- The merge kinds' names, sorted.
function pipelines.merge_kinds()
  local names = {}
  for name in pairs(merge_kinds) do names[#names + 1] = name end
  table.sort(names)
  return names
end

-- "file:line" where a merge kind's function is defined (for what it did wrong without a position).
local function defined_at(fn)
  if not debug then return "?" end -- a sandbox (a plugin's, a trial's)
  local info = debug.getinfo(fn, "S")
  local src = info.source:sub(1, 1) == "@" and info.source:sub(2) or info.short_src
  return src .. ":" .. tostring(info.linedefined)
end

-- The primitives a merge kind decides with: each answers the hub what to do, once.
local function merge_ctx(run)
  local ctx, decided = {}, nil
  local function decide(what, d)
    if decided then error(("ctx.%s: this merge already decided (ctx.%s)"):format(what, decided), 3) end
    decided = what
    ctx.decision = d
  end
  local function key_of(r, what, need_done)
    if type(r) == "table" then r = r.key end
    if type(r) ~= "string" then error(("ctx.%s expects a result (from run.results) or its key"):format(what), 3) end
    for _, x in ipairs(run.results) do
      if x.key == r then
        if need_done and x.state ~= "done" then error(("ctx.%s: %s did not finish (%s)"):format(what, r, x.state), 3) end
        return r
      end
    end
    error(("ctx.%s: %s is not one of the run's last results"):format(what, r), 3)
  end
  local function text_of(t, what)
    if t ~= nil and type(t) ~= "string" then error(("ctx.%s: the text must be a string, got %s"):format(what, type(t)), 3) end
    return t
  end
  --- The run is done; `text` is its result.
  function ctx.done(text) decide("done", { done = true, text = text_of(text, "done") or "" }) end
  --- The run failed, saying why (`text`: a result it still has).
  function ctx.fail(reason, text)
    if type(reason) ~= "string" or reason == "" then error("ctx.fail expects why (a string)", 2) end
    decide("fail", { fail = reason, text = text_of(text, "fail") })
  end
  --- Keeps one result's work: its answer is the run's; with finish, its worktree is merged and the others' discarded.
  function ctx.keep(result) decide("keep", { keep = key_of(result, "keep") }) end
  --- Runs strategy.merge.step (${NAME} in its prompt from vars); the kind is called again with run.merge_step.
  function ctx.run_step(vars)
    if not run.has_step then error("ctx.run_step: strategy.merge has no step", 2) end
    if run.merge_step then error("ctx.run_step: the merge's step ran already (run.merge_step)", 2) end
    if vars ~= nil and type(vars) ~= "table" then error("ctx.run_step: vars must be a table", 2) end
    local v = {}
    for k, x in pairs(vars or {}) do v[tostring(k)] = tostring(x) end
    decide("run_step", { run_step = v })
  end
  --- The user chooses among these results (pipeline.choose, or `botster-tui pipeline choose`): the chosen one is kept.
  function ctx.choose(results)
    if type(results) ~= "table" or #results == 0 then error("ctx.choose expects a list of results (at least one)", 2) end
    local keys = {}
    for i, r in ipairs(results) do keys[i] = key_of(r, "choose", true) end
    decide("choose", { choose = keys })
  end
  return ctx
end

-- A run's merge, in the configuration: its kind decides what the hub does next (src/pipelines/run-merge.ts).
function __botster.pipeline_merge(kind, run)
  local k = merge_kinds[kind]
  if not k then error(("no merge kind %s (known: %s)"):format(tostring(kind), kind_names()), 0) end
  run.results = run.results or {}
  local ctx = merge_ctx(run)
  k.fn(run, ctx)
  if not ctx.decision then
    error(("%s: merge kind %s decided nothing (ctx.done, ctx.fail, ctx.keep, ctx.run_step or ctx.choose)"):format(
      defined_at(k.fn), kind), 0)
  end
  return ctx.decision
end

-- A merge kind by name (pipelines.define checks a definition's), or nil.
function __botster.merge_kind(name) return merge_kinds[name] end
