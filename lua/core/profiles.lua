-- profiles: named ways to start an agent, for `--agent profile:NAME` and the spawn dialog.
-- In $BOTSTER_HOME/user/profiles.lua:
--   profiles.define("claude", { command = "claude", cwd = "~/src/app", env = { FOO = "1" } })
profiles = { list = {} }

--- profiles.define(name, { command, args, cwd, env, worktree })
function profiles.define(name, def)
  if type(name) ~= "string" or not name:match("^[%w_%-%.]+$") then
    error("profiles.define: name must be a word (letters, digits, _ - .)", 2)
  end
  if type(def) ~= "table" or type(def.command) ~= "string" or def.command == "" then
    error(("profiles.define %q: needs { command = \"...\" }"):format(name), 2)
  end
  if def.args ~= nil and type(def.args) ~= "table" then error(("profiles.define %q: args must be a list"):format(name), 2) end
  if def.env ~= nil and type(def.env) ~= "table" then error(("profiles.define %q: env must be a table"):format(name), 2) end
  if def.cwd ~= nil and type(def.cwd) ~= "string" then error(("profiles.define %q: cwd must be a string"):format(name), 2) end
  if def.worktree ~= nil and type(def.worktree) ~= "boolean" and type(def.worktree) ~= "table" then
    error(("profiles.define %q: worktree must be true or { branch = ..., reuse = true, folder = ... }"):format(name), 2)
  end
  -- A project's (.botster/) profile runs in the project's folder unless it says where.
  local project = __botster.project
  local p = { name = name, command = def.command, args = def.args, cwd = def.cwd or project, env = def.env, worktree = def.worktree, project = project }
  for i, old in ipairs(profiles.list) do
    if old.name == name then profiles.list[i] = p; return end
  end
  profiles.list[#profiles.list + 1] = p
end
