-- Projects: a repository may carry its own configuration in .botster/ (profiles, keybindings,
-- hooks, layout pieces) and a setup script for new worktrees. The hub loads it once an agent starts
-- in that repository (or the hub starts there). Until you trust the folder, its Lua runs in the
-- sandbox of an improvement (its own keys, commands and hooks; it cannot start, stop or type into
-- anything, nor bind your commands) and its setup script does not run. Trust is remembered per
-- folder and contents: a change to .botster/ asks again. Override in user/hooks.lua:
--   function projects.ask(ev, app) ... end     -- what happens when one is found untrusted
projects = {}

--- What trusting `p` runs, as the trust dialog's lines: each file, and the setup script.
---@param p botster.Project
---@return string[]
function projects.lines(p)
  if p.unknown then
    return {
      "Everything in " .. p.path .. "/.botster loads as your own configuration,",
      "and its setup script runs in every new worktree of the repository.",
    }
  end
  local lines = { "In " .. p.path .. ":" }
  -- Trusted before: what changed since, so that "trust it again" knows what it vouches for.
  if p.changed then
    local c = p.changes
    if c then
      for _, f in ipairs(c.modified or {}) do lines[#lines + 1] = ("  .botster/%-14s changed since you trusted it"):format(f) end
      for _, f in ipairs(c.added or {}) do lines[#lines + 1] = ("  .botster/%-14s new since you trusted it"):format(f) end
      for _, f in ipairs(c.removed or {}) do lines[#lines + 1] = ("  .botster/%-14s removed since you trusted it"):format(f) end
    else
      lines[#lines + 1] = "  (which files changed was not recorded when you trusted it)"
    end
  end
  for _, f in ipairs(p.files or {}) do
    lines[#lines + 1] = ("  .botster/%-14s loads as your own configuration"):format(f)
  end
  if p.setup then lines[#lines + 1] = ("  .botster/%-14s runs in every new worktree"):format("setup") end
  lines[#lines + 1] = "Until you trust it, its Lua stays in the sandbox and setup does not run."
  return lines
end

--- An untrusted project was found (or a trusted one changed): ask whether to trust it. Enter or
--- Escape is "not now"; trusting takes the word typed (nothing typed for an agent can do it).
---@param ev { project: botster.Project }
---@param app botster.AppActions
function projects.ask(ev, app)
  local p = ev.project
  if p.trusted then return end
  local name = p.path:match("[^/]+$") or p.path
  local title = p.changed and (name .. "/.botster changed since you trusted it: trust it again?") or ("Trust " .. name .. "/.botster?")
  app:select({
    { label = "not now", description = "its Lua stays in the sandbox, its setup does not run (project.trust asks again)" },
    { label = "trust", description = "load it as yours", trust = true, confirm = "trust" },
  }, { title = title, text = projects.lines(p) }, function(choice, app2)
    -- Trusts what this question showed: a file changed meanwhile is not trusted unseen.
    if choice and choice.trust then return app2:trust_project(p) end
    app2:notify(name .. "/.botster is not trusted: its Lua stays in the sandbox (project.trust asks again)")
  end)
end

projects.hook = hooks.on("project_found", function(ev, app) projects.ask(ev, app) end, { name = "project trust" })

-- The project a command means: its argument (a path), else the focused agent's, else the only one.
local function which(app, arg)
  if arg ~= nil and arg ~= "" then return tostring(arg) end
  local list = app.projects or {}
  local a = app.focused
  if a then
    local dir = a.worktree and a.worktree.repo or a.cwd
    for _, p in ipairs(list) do
      if dir == p.path or dir:sub(1, #p.path + 1) == p.path .. "/" then return p.path end
    end
  end
  if #list == 1 then return list[1].path end
  return nil
end

-- The project found that holds `path`, or one to ask about that the hub has not met yet.
local function project_at(app, path)
  for _, p in ipairs(app.projects or {}) do
    if path == p.path or path:sub(1, #p.path + 1) == p.path .. "/" then return p end
  end
  return { path = path, files = {}, setup = false, trusted = false, changed = false, unknown = true }
end

-- project.trust asks as the question does (the files listed, the word typed): a palette entry or a
-- script's --yes never trusts by itself.
local function ask_trust(app, path)
  local p = project_at(app, path)
  if p.trusted then return app:notify(p.path .. "/.botster is trusted already") end
  projects.ask({ project = p }, app)
end

commands.register("project.trust", function(app, arg)
  local path = which(app, arg)
  if path then return ask_trust(app, path) end
  app:input({ title = "Trust which project folder?" }, function(text, app2)
    if text and text ~= "" then ask_trust(app2, text) end
  end)
end, { desc = "Trust a project's .botster/ as it is now: asks, listing what it runs (arg: its folder; default the focused agent's)", category = "projects" })

commands.register("project.untrust", function(app, arg)
  local path = which(app, arg)
  if not path then return app:notify("project.untrust: name the project's folder", "error") end
  app:untrust_project(path)
end, { desc = "Stop trusting a project's .botster/ (its Lua goes back to the sandbox)", category = "projects" })
