-- Pipelines in the hub (docs/pipelines.md): the panel the default layout shows under the agent
-- list while a run is on self.pipelines, the commands that drive a run (p in normal mode:
-- open a step's agent; the palette: pipeline.cancel, pipeline.pause, pipeline.retry,
-- pipeline.choose), and the question when an agent asks to run a pipeline and your policy said to
-- ask you (pipelines.ask). Replace any of them in your own files.

local MARK = { queued = "·", starting = "…", working = "●", waiting = "◆", checking = "●", done = "✓", failed = "✕", cancelled = "–" }
local COLOR = { waiting = "yellow", done = "green", failed = "red", cancelled = "gray", queued = "gray" }

local function clock(s)
  if not s then return "" end
  return ("%d:%02d"):format(s // 60, s % 60)
end

-- The run the panel and the commands are about: the first under way (or waiting for a choice), else the latest.
function App:pipeline_run()
  for _, r in ipairs(self.pipelines or {}) do
    if r.status == "running" or r.status == "choosing" then return r end
  end
  return self.pipelines and self.pipelines[1] or nil
end

--- The pipeline panel: a run's steps with their agent, state (and why), check and time (hidden when none).
function App:pipeline_panel()
  local r = self:pipeline_run()
  if not r then return ui.column({ visible = false }) end
  local rows = {}
  for _, s in ipairs(r.steps) do
    local text = ("%s %s %s %s"):format(MARK[s.state] or "?", s.key, s.agent or "", s.state)
    if s.reason then text = text .. ": " .. s.reason end
    if s.check ~= nil then text = text .. (s.check == 0 and "  check ✓" or "  check ✕") end
    if s.diff then text = text .. ("  +%d -%d"):format(s.diff.added, s.diff.removed) end
    if s.elapsed then text = text .. "  " .. clock(s.elapsed) end
    rows[#rows + 1] = ui.span(text, { fg = COLOR[s.state] })
  end
  local title = ("Pipeline %s · %s · %s%s %s"):format(r.id, r.pipeline, r.status, r.paused and " (paused)" or "", clock(r.elapsed))
  return ui.panel({ title = title, shrink = 0, height = math.min(#rows, 8) + 2, border_fg = theme.border }, ui.list(rows))
end

local function steps_where(r, ok)
  local items = {}
  for _, s in ipairs(r.steps) do
    if ok(s) then
      items[#items + 1] = { label = s.key, description = (s.agent or "") .. " " .. s.state .. (s.reason and (": " .. s.reason) or ""), step = s }
    end
  end
  return items
end

local function with_run(app, what, fn)
  local r = app:pipeline_run()
  if not r then return app:notify("no pipeline run in this hub (botster-tui pipeline run FILE.lua starts one)") end
  return fn(r)
end

commands.register("pipeline.steps", function(app)
  with_run(app, "steps", function(r)
    local items = steps_where(r, function(s) return s.agent_id ~= nil end)
    if #items == 0 then return app:notify("pipeline " .. r.id .. ": no step has an agent yet") end
    app:select(items, { title = "Pipeline " .. r.id .. ": open a step's agent" }, function(choice, a)
      if choice then a:focus(choice.step.agent_id) end
    end)
  end)
end, { desc = "Open the agent of a step of the pipeline run", category = "pipelines" })

commands.register("pipeline.cancel", function(app)
  with_run(app, "cancel", function(r)
    if r.status ~= "running" and r.status ~= "choosing" then return app:notify("pipeline " .. r.id .. " is " .. r.status) end
    app:select({ { label = "cancel " .. r.id, description = "stop its working agents" }, { label = "keep it running" } },
      { title = "Cancel pipeline " .. r.id .. " (" .. r.pipeline .. ")?" }, function(choice)
        if choice and choice.label:match("^cancel") then pipelines.cancel(r) end
      end)
  end)
end, { desc = "Cancel the pipeline run under way", category = "pipelines" })

commands.register("pipeline.pause", function(app)
  with_run(app, "pause", function(r)
    if r.status ~= "running" then return app:notify("pipeline " .. r.id .. " is " .. r.status) end
    pipelines.pause(r, not r.paused)
    app:notify("pipeline " .. r.id .. (r.paused and " goes on" or " is paused: no queued step starts"))
  end)
end, { desc = "Hold the pipeline run (no queued step starts) or let it go on", category = "pipelines" })

commands.register("pipeline.retry", function(app)
  with_run(app, "retry", function(r)
    local items = steps_where(r, function(s)
      return s.state == "failed" or s.state == "cancelled" or (s.state == "done" and s.check ~= nil and s.check ~= 0)
    end)
    if #items == 0 then return app:notify("pipeline " .. r.id .. ": no step failed") end
    app:select(items, { title = "Pipeline " .. r.id .. ": run a step again" }, function(choice)
      if choice then pipelines.retry(r, choice.step) end
    end)
  end)
end, { desc = "Run a failed step of the pipeline run again", category = "pipelines" })

commands.register("pipeline.choose", function(app)
  with_run(app, "choose", function(r)
    if r.status ~= "choosing" then return app:notify("pipeline " .. r.id .. " is not waiting for a choice") end
    local items = steps_where(r, function(s) return s.state == "done" end)
    app:select(items, { title = "Pipeline " .. r.id .. ": keep whose work?" }, function(choice)
      if choice then pipelines.choose(r, choice.step) end
    end)
  end)
end, { desc = "Keep one step's work of a pipeline run that waits for your choice", category = "pipelines" })

-- Text cut into lines of at most `width` cells at spaces (a word longer than that stays whole).
local function wrap(text, width, indent)
  local lines, line = {}, ""
  for word in tostring(text):gmatch("%S+") do
    if line ~= "" and #line + 1 + #word > width then
      lines[#lines + 1] = line
      line = indent .. word
    else
      line = line == "" and word or (line .. " " .. word)
    end
  end
  if line ~= "" then lines[#lines + 1] = line end
  return lines
end

--- The lines of the question about an agent's pipeline run: your policy's reasoning, where it runs,
--- each step (who runs it, its check) and how its results are merged.
---@param ev botster.PipelineAsked
---@return string[]
function pipelines.ask_lines(ev)
  local p = ev.change or {}
  local lines = wrap(ev.reasoning, 74, "  ")
  lines[#lines + 1] = "in " .. tostring(p.cwd)
  if p.file then lines[#lines + 1] = "file " .. p.file end
  for _, s in ipairs(p.steps or {}) do
    local who = s.profile and ("profile " .. s.profile) or s.command
    lines[#lines + 1] = ("  %s: %s%s%s"):format(s.id, who, s.worktree and "  (in a worktree)" or "",
      s.fans_out and "  (once per item)" or "")
    if s.check then lines[#lines + 1] = ("    check: %s"):format(s.check) end
  end
  lines[#lines + 1] = ("at most %d agents at once"):format(p.max_agents or 0)
  lines[#lines + 1] = ("results: %s%s"):format(p.merge and p.merge.kind or "?",
    p.merge and p.merge.finish and " (the kept worktree is merged into its base)" or "")
  return lines
end

--- An agent asks to run a pipeline and your policy (user/policy.lua) said to ask you. The shipped
--- one asks a question: it waits until you open it (Ctrl+g o) and takes none of your keys; Enter
--- or Escape is "not now" (pipeline.accept / pipeline.reject answer later); running it takes the
--- word typed. Override in user/hooks.lua:
---   function pipelines.ask(ev, app) app:run("pipeline.reject", ev.request) end   -- never
---@param ev botster.PipelineAsked
---@param app botster.AppActions
function pipelines.ask(ev, app)
  local who = ev.agent or (ev.agent_id and ("agent " .. ev.agent_id)) or "an agent"
  app:select({
    { label = "not now", description = "it waits: pipeline.accept " .. ev.request .. " runs it, pipeline.reject refuses it" },
    { label = "reject", description = "it does not run", answer = "reject" },
    { label = "run", description = "start it now", answer = "accept", confirm = "run" },
  }, { title = ("%s asks to run pipeline %s"):format(who, ev.pipeline), text = pipelines.ask_lines(ev) }, function(choice, app2)
    if choice and choice.answer then return app2:run("pipeline." .. choice.answer, ev.request) end
    app2:notify(("pipeline %s from %s still waits: pipeline.accept %s runs it, pipeline.reject %s refuses it"):format(
      ev.pipeline, who, ev.request, ev.request))
  end)
end

pipelines.ask_hook = hooks.on("pipeline_asked", function(ev, app) pipelines.ask(ev, app) end, { name = "pipeline run question" })
