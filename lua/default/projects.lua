-- Projects: a repository may carry its own configuration in .botster/ (profiles, keybindings,
-- hooks, layout pieces) and a setup script for new worktrees. The hub loads it once an agent starts
-- in that repository (or the hub starts there). Until you trust the folder, its Lua runs in the
-- sandbox of an improvement (its own keys, commands and hooks; it cannot start, stop or type into
-- anything, nor bind your commands) and its setup script does not run. Trust is remembered per
-- folder and contents: a change to .botster/ asks again. Override in user/hooks.lua:
--   function projects.ask(ev, app) ... end     -- what happens when one is found untrusted
projects = {}

local function describe(p)
  local parts = {}
  for _, f in ipairs(p.files) do parts[#parts + 1] = f end
  if p.setup then parts[#parts + 1] = "setup" end
  return table.concat(parts, ", ")
end

--- An untrusted project was found (or a trusted one changed): ask whether to trust it.
---@param ev { project: { path: string, trusted: boolean, changed: boolean, files: string[], setup: boolean } }
---@param app botster.AppActions
function projects.ask(ev, app)
  local p = ev.project
  if p.trusted then return end
  local why = p.changed and "changed since you trusted it" or "not trusted yet"
  app:select({
    { label = "trust", description = "load it as your own configuration; its setup script runs in new worktrees", trust = true },
    { label = "not now", description = "its Lua stays in the sandbox, setup does not run (project.trust later)" },
  }, { title = p.path .. "/.botster (" .. describe(p) .. ") is " .. why }, function(choice, app2)
    if choice and choice.trust then app2:trust_project(p.path) end
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

commands.register("project.trust", function(app, arg)
  local path = which(app, arg)
  if path then return app:trust_project(path) end
  app:input({ title = "Trust which project folder?" }, function(text, app2)
    if text and text ~= "" then app2:trust_project(text) end
  end)
end, { desc = "Trust a project's .botster/ as it is now (arg: its folder; default the focused agent's)", category = "projects" })

commands.register("project.untrust", function(app, arg)
  local path = which(app, arg)
  if not path then return app:notify("project.untrust: name the project's folder", "error") end
  app:untrust_project(path)
end, { desc = "Stop trusting a project's .botster/ (its Lua goes back to the sandbox)", category = "projects" })
