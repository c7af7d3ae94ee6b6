-- Pipelines in the hub (docs/pipelines.md): the panel the default layout shows under the agent
-- list while a run is on self.pipelines, and the commands that drive a run (p in normal mode:
-- open a step's agent; the palette: pipeline.cancel, pipeline.pause, pipeline.retry,
-- pipeline.choose). Replace any of them in your own files.

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
