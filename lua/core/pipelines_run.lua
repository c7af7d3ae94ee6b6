-- Running pipelines (lua/core/pipelines.lua defines them): pipelines.run, cancel, pause, retry and
-- choose are the `pipeline` verb (src/verbs/pipeline.ts): its rule of who may ask, its typed answer
-- ({ ok = true, run = {...} } or { ok = false, error = why }), returned where Lua can wait, or handed
-- to fn(answer, app) when one is given last.
local function pipeline_verb(fname, args, fn, on_ok)
  if type(__botster.requests) ~= "table" then error(fname .. ": call it from a key, a command or a hook", 3) end
  if fn ~= nil and type(fn) ~= "function" then error(fname .. ": the last argument must be a function(answer, app)", 3) end
  return __botster.call_verb(__botster.current_app, fname, "pipeline", args, fn, on_ok)
end

--- Starts a defined pipeline with its variables (from a key, a command or a hook) where the focused
--- agent works: the hub runs it. Returns the verb's answer where Lua can wait; fn(answer, app) gets it.
function pipelines.run(id, vars, fn)
  if type(vars) == "function" and fn == nil then vars, fn = nil, vars end
  if type(id) ~= "string" then error("pipelines.run expects a pipeline id", 2) end
  if not __botster.pipeline_defined(id) then error(("pipelines.run: no pipeline %s (pipelines.define it first)"):format(id), 2) end
  if vars ~= nil and type(vars) ~= "table" then error("pipelines.run: vars must be a table", 2) end
  local v = {}
  for k, x in pairs(vars or {}) do v[tostring(k)] = tostring(x) end
  local app = __botster.current_app
  local focused = app and app.focused
  local cwd = type(focused) == "table" and type(focused.cwd) == "string" and focused.cwd or nil
  return pipeline_verb("pipelines.run", { what = "run", id = id, vars = v, cwd = cwd }, fn, function(answer)
    -- (an agent's `botster-tui run` of it: your pipeline policy asked you, and it waits for your answer)
    local text = answer.waiting and ("pipeline %s waits for your answer (%s)"):format(id, tostring(answer.request))
      or ("pipeline %s started (run %s)"):format(id, tostring(answer.run and answer.run.id))
    __botster.requests[#__botster.requests + 1] = { type = "notify", level = "info", text = text }
  end)
end

local function run_of(run, what)
  if type(run) == "table" then run = run.id end
  if type(run) ~= "string" then error(("pipelines.%s expects a run (from self.pipelines) or its id"):format(what), 3) end
  return run
end

local function step_key(step, what)
  if type(step) == "table" then step = step.key end
  if type(step) ~= "string" then error(("pipelines.%s expects a step (from a run's steps) or its key"):format(what), 3) end
  return step
end

--- Stops a run: its working agents are stopped, its steps cancelled.
function pipelines.cancel(run, fn)
  return pipeline_verb("pipelines.cancel", { what = "cancel", run = run_of(run, "cancel") }, fn)
end

--- Holds a run (no queued step starts; those at work go on), or lets it go on (on = false).
function pipelines.pause(run, on, fn)
  if type(on) == "function" and fn == nil then on, fn = nil, on end
  return pipeline_verb("pipelines.pause", { what = on == false and "resume" or "pause", run = run_of(run, "pause") }, fn)
end

--- Runs a failed step again (and the steps that could not start without it).
function pipelines.retry(run, step, fn)
  return pipeline_verb("pipelines.retry", { what = "retry", run = run_of(run, "retry"), step = step_key(step, "retry") }, fn)
end

--- Keeps a step's work in a run whose merge is "choose".
function pipelines.choose(run, step, fn)
  return pipeline_verb("pipelines.choose", { what = "choose", run = run_of(run, "choose"), step = step_key(step, "choose") }, fn)
end
