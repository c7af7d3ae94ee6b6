-- Pipelines in the hub (docs/pipelines.md): the panel the default layout shows under the agent
-- list while a run is on self.pipelines, the commands that drive a run (p in normal mode:
-- open a step's agent; the palette: pipeline.cancel, pipeline.pause, pipeline.retry,
-- pipeline.choose), and the question when an agent asks to run a pipeline and your policy said to
-- ask you (pipelines.ask). A run whose merge is "choose" waits for you: pipeline.choose shows the
-- candidates' changes side by side (App:choose_panel, keys in keybindings/choose.lua) and Enter
-- keeps one. Replace any of them in your own files.

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
end, { verb = "pipeline", desc = "Cancel the pipeline run under way", category = "pipelines" })

commands.register("pipeline.pause", function(app)
  with_run(app, "pause", function(r)
    if r.status ~= "running" then return app:notify("pipeline " .. r.id .. " is " .. r.status) end
    pipelines.pause(r, not r.paused)
    app:notify("pipeline " .. r.id .. (r.paused and " goes on" or " is paused: no queued step starts"))
  end)
end, { verb = "pipeline", desc = "Hold the pipeline run (no queued step starts) or let it go on", category = "pipelines" })

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
end, { verb = "pipeline", desc = "Run a failed step of the pipeline run again", category = "pipelines" })

-- Choosing: a run whose merge is "choose" waits for you once its steps finished. Its candidates'
-- changes (each step's worktree against the branch it started from) show side by side in the
-- compare panel (app:open_compare), one column each, with the keys of the choose mode (the scroll
-- commands scroll every column while it is open); Enter keeps the selected one (pipelines.choose:
-- merged when the merge has finish = true, the others discarded), Escape closes without choosing.
keys.mode("choose", { desc = "choosing a pipeline's result: its candidates' changes side by side" })

local function agent_known(app, id)
  for _, a in ipairs(app.agents or {}) do
    if a.id == id then return true end
  end
  return false
end

-- The steps of a run one may keep (the run says which while it waits), those whose agent is still here.
local function candidates(app, r)
  local allowed
  if r.choices then
    allowed = {}
    for _, k in ipairs(r.choices) do allowed[k] = true end
  end
  local out = {}
  for _, s in ipairs(r.steps) do
    local ok = allowed and allowed[s.key] or (not allowed and s.state == "done")
    if ok and s.agent_id and agent_known(app, s.agent_id) then out[#out + 1] = s end
  end
  return out
end

--- The run waiting for a choice and its step an agent worked for (nil when the agent is no candidate).
---@param agent_id string
---@return botster.PipelineRunFacts|nil, botster.PipelineStepFacts|nil
function App:choice_of(agent_id)
  for _, r in ipairs(self.pipelines or {}) do
    if r.status == "choosing" then
      for _, s in ipairs(r.steps) do
        if s.agent_id == agent_id then return r, s end
      end
    end
  end
  return nil, nil
end

-- Opens the compare panel on a run's candidates and gives it the keys (choose mode).
local function open_choice(app, r)
  local list = candidates(app, r)
  if #list == 0 then return app:notify("pipeline " .. r.id .. ": no candidate has its agent any more (botster-tui pipeline choose " .. r.id .. " STEP)", "error") end
  local ids = {}
  for i, s in ipairs(list) do ids[i] = s.agent_id end
  app:open_compare(ids, { mode = "all" })
  app:set_mode("choose")
end

local function first_choosing(app)
  for _, r in ipairs(app.pipelines or {}) do
    if r.status == "choosing" then return r end
  end
  return nil
end

-- pipeline.choose: the candidates side by side (arg: a step's key keeps it at once).
commands.register("pipeline.choose", function(app, arg)
  local r = first_choosing(app)
  if not r then
    local last = app:pipeline_run()
    return app:notify(last and ("pipeline " .. last.id .. " is not waiting for a choice") or "no pipeline run waits for a choice")
  end
  if arg ~= nil and arg ~= "" then return pipelines.choose(r, tostring(arg)) end
  open_choice(app, r)
end, { verb = "pipeline", desc = "A pipeline run waits for your choice: its candidates' changes side by side, Enter keeps one", category = "pipelines" })

-- A run that starts waiting by itself asks a question: it never opens over what you are typing
-- into an agent. The badge and a notice say so; you open it (question.open) when you choose.
pipelines.choice_hook = hooks.on("pipeline_choosing", function(ev, app)
  local lines = {}
  for _, r in ipairs(app.pipelines or {}) do
    if r.id == ev.run then
      for _, s in ipairs(candidates(app, r)) do
        local check = s.check == nil and "" or (s.check == 0 and "  check ✓" or "  check ✕")
        lines[#lines + 1] = ("  %s  %s%s"):format(s.key, s.agent or "", check)
      end
    end
  end
  app:select({
    { label = "compare", description = "their changes side by side; Enter keeps one, Escape closes" },
    { label = "not now", description = "pipeline.choose in the palette opens it later" },
  }, { title = ("Pipeline %s waits: keep whose work?"):format(ev.run), text = lines }, function(choice, a)
    if not choice or choice.label ~= "compare" then return end
    for _, r in ipairs(a.pipelines or {}) do
      if r.id == ev.run and r.status == "choosing" then return open_choice(a, r) end
    end
    a:notify("pipeline " .. ev.run .. " no longer waits for a choice")
  end)
end, { name = "pipeline choice" })

-- Leaving choose mode (Escape, the way out) closes the panel; so does the run ending (chosen elsewhere, cancelled).
pipelines.choose_mode_hook = hooks.on("mode_changed", function(ev, app)
  if ev.from == "choose" and app.compare then app:close_compare() end
end, { name = "choose panel closes" })
pipelines.choose_done_hook = hooks.on("pipeline_done", function(ev, app)
  if not app.compare then return end
  for _, r in ipairs(app.pipelines or {}) do
    if r.id == ev.run then
      for _, s in ipairs(r.steps) do
        for _, col in ipairs(app.compare.columns) do
          if s.agent_id == col.agent then
            app:close_compare()
            if app.mode == "choose" then app:set_mode("normal") end
            return
          end
        end
      end
    end
  end
end, { name = "choose panel closes" })

local function compare_or_say(app)
  if not app.compare then app:notify("the compare panel is closed (pipeline.choose opens it)") end
  return app.compare
end

commands.register("choose.next", function(app)
  local c = compare_or_say(app)
  if c then app:compare_select(c.selected % #c.columns + 1) end
end, { desc = "Choosing: the next candidate", category = "pipelines" })
commands.register("choose.prev", function(app)
  local c = compare_or_say(app)
  if c then app:compare_select((c.selected - 2) % #c.columns + 1) end
end, { desc = "Choosing: the previous candidate", category = "pipelines" })
commands.register("choose.select", function(app, n)
  if compare_or_say(app) then app:compare_select(tonumber(n) or 1) end
end, { desc = "Choosing: the candidate of that number (arg: 1, 2...)", category = "pipelines" })
commands.register("choose.down_selected", function(app, n) app:compare_scroll(tonumber(n) or 1, { selected = true }) end,
  { desc = "Choosing: scroll only the selected candidate's diff down a line", category = "pipelines" })
commands.register("choose.up_selected", function(app, n) app:compare_scroll(-(tonumber(n) or 1), { selected = true }) end,
  { desc = "Choosing: scroll only the selected candidate's diff up a line", category = "pipelines" })
commands.register("choose.top", function(app) app:compare_jump("top") end,
  { desc = "Choosing: every diff to its top (the file list)", category = "pipelines" })
commands.register("choose.next_file", function(app) app:compare_jump("next_file") end,
  { desc = "Choosing: the selected diff's next file (the others show the same file where they changed it)", category = "pipelines" })
commands.register("choose.prev_file", function(app) app:compare_jump("prev_file") end,
  { desc = "Choosing: the selected diff's previous file", category = "pipelines" })

local function close_choice(app)
  if app.compare then app:close_compare() end
  if app.mode == "choose" then app:set_mode("normal") end
end

commands.register("choose.keep", function(app)
  local c = compare_or_say(app)
  if not c then return end
  local col = c.columns[c.selected]
  local r, s = app:choice_of(col.agent)
  close_choice(app)
  if not r or not s then return app:notify("no pipeline waits for a choice on that agent any more", "error") end
  pipelines.choose(r, s)
  app:notify(("pipeline %s: keeping %s (%s)"):format(r.id, s.key, s.agent or "?"))
end, { verb = "pipeline", desc = "Choosing: keep the selected candidate's work (merged when the pipeline finishes; the others discarded)", category = "pipelines" })
commands.register("choose.close", function(app) close_choice(app) end,
  { desc = "Choosing: close the candidates without choosing (pipeline.choose opens them again)", category = "pipelines" })

--- The keys of the choose mode as a line ("Left/Right: candidate  j/k: scroll ..."), from the live keymap.
---@return string
function App:choose_keys()
  local parts = {}
  local function add(ids, what)
    local ks = {}
    for _, id in ipairs(ids) do
      local k = keys.key_for("choose", id)
      if k then ks[#ks + 1] = k end
    end
    if #ks > 0 then parts[#parts + 1] = table.concat(ks, "/") .. ": " .. what end
  end
  add({ "choose.prev", "choose.next" }, "candidate")
  add({ "scroll.down", "scroll.up" }, "scroll all")
  add({ "choose.down_selected", "choose.up_selected" }, "this one")
  add({ "scroll.page_down", "scroll.page_up" }, "page")
  add({ "choose.next_file", "choose.prev_file" }, "file")
  add({ "choose.keep" }, "keep it")
  add({ "choose.close" }, "close")
  return table.concat(parts, "  ")
end

-- A candidate's column title: "▶ impl2 · check ✓ · +12 −3 · claude [40/120]" (the step, its
-- check, its change as the column's diff counts it, the CLI its agent runs, where it is scrolled).
local function column_title(self, col, selected)
  local _, s = self:choice_of(col.agent)
  local agent
  for _, a in ipairs(self.agents or {}) do
    if a.id == col.agent then agent = a end
  end
  local parts = { (selected and "▶ " or "") .. (s and s.key or (agent and agent.name) or col.agent) }
  if s and s.check ~= nil then parts[#parts + 1] = s.check == 0 and "check ✓" or "check ✕" end
  if col.error then
    parts[#parts + 1] = "no diff"
  elseif not col.loading then
    parts[#parts + 1] = ("+%d −%d"):format(col.added, col.removed)
  elseif s and s.diff then
    parts[#parts + 1] = ("+%d −%d"):format(s.diff.added, s.diff.removed)
  end
  local who = agent and (agent.program or agent.name) or (s and s.agent)
  if who and who ~= "" and s then parts[#parts + 1] = who end
  local title = table.concat(parts, " · ")
  if col.top > 0 and col.lines > 0 then title = title .. (" [%d/%d]"):format(col.top + 1, col.lines) end
  return title
end

--- The compare panel (app.compare), as the default layout shows it in place of the agents and
--- terminal: a line saying what is compared, one column per candidate (as many as fit, 2 to 4; the
--- selected one is always shown), the keys at the bottom.
---@return botster.Widget
function App:choose_panel()
  local c = self.compare
  if not c then return ui.column({ visible = false }) end
  local n = #c.columns
  local fit = math.max(math.min(n, 2), math.min(n, 4, self.size.width // 40))
  local first = math.max(1, math.min(c.selected - fit + 1, n - fit + 1))
  first = math.min(first, c.selected)
  local cols = { grow = 1 }
  for i = first, math.min(n, first + fit - 1) do
    local col = c.columns[i]
    local selected = i == c.selected
    cols[#cols + 1] = ui.panel({
      width = "1fr", title = column_title(self, col, selected),
      border = selected and "bold" or "rounded",
      border_fg = selected and theme.focus_border or theme.border,
      title_style = selected and { fg = theme.focus_border, bold = true } or nil,
    }, ui.diff(col.agent, { mode = c.mode, top = col.top }))
  end
  local r = self:choice_of(c.columns[c.selected].agent)
  local what = r and ("Pipeline %s (%s) waits for your choice"):format(r.id, r.pipeline) or "Changes side by side"
  local shown = n > fit and ("  ·  candidates %d-%d of %d"):format(first, first + fit - 1, n) or ("  ·  %d candidates"):format(n)
  return ui.column({ grow = 1,
    ui.text(ui.span(what .. shown .. (c.mode == "uncommitted" and "  ·  uncommitted only" or "  ·  against the branch each started from"), { fg = theme.accent, bold = true }), { shrink = 0, wrap = "truncate" }),
    ui.row(cols),
    ui.text(ui.span(self:choose_keys(), { dim = true }), { shrink = 0, wrap = "truncate" }),
  })
end


--- The lines of the question about an agent's pipeline run: your policy's reasoning, where it runs,
--- each step (who runs it, its check) and how its results are merged.
---@param ev botster.PipelineAsked
---@return string[]
function pipelines.ask_lines(ev)
  local p = ev.change or {}
  local lines = questions.wrap(ev.reasoning, 74, "  ")
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
  -- (as the hub names agents: its name and the id the hub gave it)
  local who = ev.agent_id and (ev.agent and ("agent %s (id %s)"):format(ev.agent, ev.agent_id) or ("agent " .. ev.agent_id))
    or "an agent"
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
