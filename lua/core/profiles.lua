-- profiles: named ways to start an agent, for `--agent profile:NAME` and the spawn dialog, and how
-- its CLI resumes a conversation after a restart (`resume`). In $BOTSTER_HOME/user/profiles.lua:
--   profiles.define("claude", { command = "claude", cwd = "~/src/app", env = { FOO = "1" } })
-- Each CLI's file in lua/default/clis/ ships its resume rule (clis.define's `resume`).
profiles = { list = {} }

-- "claude*" -> "^claude.*$" (glob: * any run, ? one char; everything else literal)
local function glob(pattern)
  return "^" .. pattern:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
end

-- "file:line" where a function is defined (for messages about what it returned).
local function defined_at(fn)
  if not debug then return "?" end -- an improvement's sandbox
  local info = debug.getinfo(fn, "S")
  local src = info.source:sub(1, 1) == "@" and info.source:sub(2) or info.short_src
  return src .. ":" .. tostring(info.linedefined)
end

local function globs(match, name)
  if match == nil then return nil end
  if type(match) == "string" then match = { match } end
  if type(match) ~= "table" then error(("profiles.define %q: match must be a program name pattern or a list of them"):format(name), 3) end
  local out = {}
  for i, m in ipairs(match) do
    if type(m) ~= "string" then error(("profiles.define %q: match must be a program name pattern or a list of them"):format(name), 3) end
    out[i] = glob(m)
  end
  return out
end

--- profiles.define(name, { command, args, cwd, env, worktree, match, resume, listed, mcp, sandbox })
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
  if def.resume ~= nil and def.resume ~= false and type(def.resume) ~= "function" then
    error(("profiles.define %q: resume must be a function(agent, restore) or false"):format(name), 2)
  end
  if def.listed ~= nil and type(def.listed) ~= "boolean" then error(("profiles.define %q: listed must be true or false"):format(name), 2) end
  if def.mcp ~= nil and type(def.mcp) ~= "boolean" then error(("profiles.define %q: mcp must be true or false"):format(name), 2) end
  if def.sandbox ~= nil and def.sandbox ~= false and type(def.sandbox) ~= "string" then
    error(("profiles.define %q: sandbox must be a box's name (sandbox.boxes) or false"):format(name), 2)
  end
  -- mcp = false: its CLI's shim leaves the hub's MCP server out of the launch (docs/mcp.md).
  local env = def.env
  if def.mcp == false then
    env = {}
    for k, v in pairs(def.env or {}) do env[k] = v end
    env.BOTSTER_MCP = "0"
  end
  local old = profiles.find(name)
  -- A project's (.botster/) profile runs in the project's folder unless it says where.
  local project = __botster.project
  local p = { name = name, command = def.command, args = def.args, cwd = def.cwd or project, env = env, worktree = def.worktree, listed = def.listed ~= false, project = project, sandbox = def.sandbox }
  -- Your own "claude" still resumes as the shipped one did, unless it says otherwise.
  p.match = def.match
  if p.match == nil and old then p.match = old.match end
  p.match_patterns = globs(p.match, name)
  if def.resume == false then p.resume = nil
  elseif def.resume ~= nil then p.resume = def.resume
  elseif old then p.resume = old.resume end
  p.resume_source = p.resume and defined_at(p.resume) or nil
  for i, o in ipairs(profiles.list) do
    if o.name == name then profiles.list[i] = p; return p end
  end
  profiles.list[#profiles.list + 1] = p
  return p
end

--- profiles.find(name): the defined profile of that name, or nil.
function profiles.find(name)
  for _, p in ipairs(profiles.list) do
    if p.name == name then return p end
  end
  return nil
end

local function matches(p, program)
  if not p.match_patterns or type(program) ~= "string" then return false end
  for _, pat in ipairs(p.match_patterns) do
    if program:match(pat) then return true end
  end
  return false
end

--- profiles.for_agent(agent): the profile whose resume applies to an agent: the one it was started
--- from (if that one resumes), else the first whose `match` names its program (the program in its
--- foreground: `claude` typed into a shell agent), else the one whose `match` names its command's.
function profiles.for_agent(agent)
  local own = agent.profile and profiles.find(agent.profile)
  if own and own.resume then return own end
  for _, program in ipairs({ agent.program, agent.command_program }) do
    for _, p in ipairs(profiles.list) do
      if p.resume and matches(p, program) then return p end
    end
  end
  return nil
end

--- profiles.reported(agent, pattern): the newest session id the agent reported while a program
--- matching the glob ran in it (any, when the agent's command itself runs such a program, or the
--- program was not known); nil when none.
function profiles.reported(agent, pattern)
  local list = agent.sessions or {}
  local pat = pattern and glob(pattern)
  local own = not pat or (type(agent.command_program) == "string" and agent.command_program:match(pat) ~= nil)
  for i = #list, 1, -1 do
    local s = list[i]
    if own or not s.program or s.program:match(pat) then return s.id end
  end
  return nil
end

--- profiles.since_start(file, agent): was this file (from files.glob) written since the agent
--- started (a second's slack for clocks that round)?
function profiles.since_start(file, agent)
  return file.mtime >= (agent.started or 0) - 1
end

--- profiles.env(agent, name): the variable as the agent had it (its profile's env), else the hub's.
function profiles.env(agent, name)
  return (agent.env and agent.env[name]) or os.getenv(name)
end

local function quote(word)
  if word:match("^[%w%-%._/=:@%%+,]+$") then return word end
  return "'" .. word:gsub("'", "'\\''") .. "'"
end

--- profiles.rerun(agent, extra, program, opts): the command that runs `program` again with the
--- `extra` args. An agent started from a profile keeps its profile's command and args (they are how
--- you start that CLI); otherwise the args it was started with are dropped (a prompt given on its
--- command line would be sent again) unless opts.keep_args.
function profiles.rerun(agent, extra, program, opts)
  extra = extra or {}
  opts = opts or {}
  local own = program == nil or agent.command_program == program
  if own and (agent.profile or opts.keep_args) then
    if agent.args then
      local args = {}
      for _, a in ipairs(agent.args) do args[#args + 1] = a end
      for _, a in ipairs(extra) do args[#args + 1] = a end
      return { command = agent.command, args = args }
    end
    local line = agent.command
    for _, a in ipairs(extra) do line = line .. " " .. quote(a) end
    return { command = line }
  end
  -- Its executable as its command named it (a path, say), when it ran the program itself.
  local exe = program or agent.program
  if own and agent.args then
    exe = agent.command
  elseif own then
    local first = agent.command:match("^%s*([^%s'\"]+)")
    if first and first:match("[^/]+$") == program then exe = first end
  end
  return { command = exe, args = extra }
end

-- Called by the hub for the agents it restores: what each one's profile says to run (or why it
-- could not say), in order. Every session id reported by any of them is taken beforehand, so a
-- profile looking for "the newest transcript in this folder" does not pick another agent's.
function __botster.resume_all(list)
  local out, taken = {}, {}
  for _, agent in ipairs(list) do
    for _, s in ipairs(agent.sessions or {}) do taken[s.id] = true end
  end
  local restore = { taken = taken }
  for i, agent in ipairs(list) do
    local p = profiles.for_agent(agent)
    if not p then
      out[i] = { none = true }
    else
      local ok, r = pcall(p.resume, agent, restore)
      if not ok then
        out[i] = { profile = p.name, error = tostring(r) }
      elseif r == nil or r == false then
        out[i] = { profile = p.name, none = true }
      elseif type(r) ~= "table" or type(r.command) ~= "string" or r.command == "" or (r.args ~= nil and type(r.args) ~= "table") then
        out[i] = { profile = p.name, error = ("%s: resume of profile %q must return { command = \"...\", args = { ... } } or nil"):format(p.resume_source or "?", p.name) }
      else
        local args
        if r.args then
          args = {}
          for k, a in ipairs(r.args) do args[k] = tostring(a) end
        end
        if r.session ~= nil then taken[tostring(r.session)] = true end
        out[i] = { profile = p.name, command = r.command, args = args, session = r.session ~= nil and tostring(r.session) or nil }
      end
    end
  end
  return out
end

-- Profiles as data for the hub (functions stay here).
function __botster.export_profiles()
  local out = {}
  for i, p in ipairs(profiles.list) do
    out[i] = { name = p.name, command = p.command, args = p.args, cwd = p.cwd, env = p.env, worktree = p.worktree, listed = p.listed, resumes = p.resume ~= nil, sandbox = p.sandbox }
  end
  return out
end
