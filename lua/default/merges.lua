-- The shipped merge kinds (docs/pipelines.md#your-own-merge-kind): how a pipeline run's last
-- results become its result. Each is policy over the hub's primitives (ctx.done, ctx.fail, ctx.keep,
-- ctx.run_step, ctx.choose); the hub does the work (the summarizer's agent, the git merges, the
-- worktrees). Add your own in ~/.botster/user/*.lua, or replace one of these by its name:
--   pipelines.merge_kind("longest", function(run, ctx) ... end)

--- Done, and its check (if it has one) passed: what a step that depends on it needs.
---@param r botster.PipelineResult
---@return boolean
function pipelines.finished_well(r)
  return r.state == "done" and (r.check == nil or r.check.code == 0)
end

--- Every finished result's answer under its name ("## impl (claude)\n..."), one after the other.
---@param results botster.PipelineResult[]
---@return string
function pipelines.concatenate(results)
  local parts = {}
  for _, r in ipairs(results) do
    if r.state == "done" then
      parts[#parts + 1] = ("## %s%s\n%s"):format(r.key, r.agent and (" (" .. r.agent .. ")") or "", r.answer or "")
    end
  end
  return table.concat(parts, "\n\n")
end

local function done_of(results)
  local done = {}
  for _, r in ipairs(results) do
    if r.state == "done" then done[#done + 1] = r end
  end
  return done
end

pipelines.merge_kind("concatenate", function(run, ctx)
  local done, bad = done_of(run.results), {}
  for _, r in ipairs(run.results) do
    if not pipelines.finished_well(r) then bad[#bad + 1] = r.key end
  end
  if #done == 0 then return ctx.fail("no step finished well") end
  local text = #run.results == 1 and (done[1].answer or "") or pipelines.concatenate(run.results)
  if #bad == 0 then return ctx.done(text) end
  ctx.fail(table.concat(bad, ", ") .. " did not finish well", text)
end)

pipelines.merge_kind("summarize", function(run, ctx)
  local s = run.merge_step
  if s then
    if s.state ~= "done" then return ctx.fail("the summary failed: " .. (s.reason or s.state)) end
    return ctx.done(s.answer or "")
  end
  if #done_of(run.results) == 0 then return ctx.fail("no step finished well") end
  ctx.run_step({ results = pipelines.concatenate(run.results) })
end, { step = "who summarizes, with ${results} in its prompt" })

pipelines.merge_kind("choose", function(run, ctx)
  local done = done_of(run.results)
  if #done == 0 then return ctx.fail("no step finished well") end
  ctx.choose(done)
end)

pipelines.merge_kind("pick_best", function(run, ctx)
  local best
  if run.has_criterion then
    local i = run.criterion
    best = type(i) == "number" and run.results[i] or nil
    if i ~= nil and best == nil then
      return ctx.fail(("the criterion returned %s, not the number of a result (1-%d)"):format(json.encode(i), #run.results))
    end
  else
    best = run.results[run.default_pick or 0]
  end
  if best then return ctx.keep(best) end
  for _, r in ipairs(run.results) do
    if r.check ~= nil then return ctx.fail("no step passed its check") end
  end
  ctx.fail("no step finished well")
end)
