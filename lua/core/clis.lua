-- clis: everything the hub knows about one agent CLI, in one place (lua/default/clis/<name>.lua).
-- clis.define registers the CLI's status adapter (status.adapter), how it resumes a conversation
-- (a profile that is not listed, profiles.define), what yes and no mean when you answer it
-- (answers.lua asks clis.answers), and hands the hub data only: its program names, the packages
-- that install it (`npx @openai/codex` runs codex) and how its own hooks are wired per launch
-- (the shims in $BOTSTER_HOME/bin, docs/agent-states.md), and how it takes the hub's MCP server
-- for a launch (docs/mcp.md). Adding a CLI is one file; yours in
-- $BOTSTER_HOME/user/ replaces a shipped one of the same name, field by field.
clis = { list = {} }

local FIELDS = {
  name = true, title = true, programs = true, command = true, packages = true, version = true,
  detect = true, priority = true, answers = true, resume = true, hooks = true, cases = true, hub = true,
  versions = true, mcp = true, multiline = true, transcripts = true, interrupt = true, sandbox = true, limits = true,
}
local MCP_FIELDS = { args = true, env = true, files = true, tool = true, own_commands = true, unless_args = true, unless_env = true }
local VERSION_FIELDS = { from = true, below = true, detect = true, version = true }
local HOOK_FIELDS = {
  settings = true, files = true, args = true, env = true, own_commands = true, unless_args = true,
  unless_env = true, unless_files = true, unless_file_has = true, private_dir = true, user_toml = true,
  since = true,
}

-- "claude*" -> "^claude.*$" (glob: * any run, ? one char; everything else literal)
local function glob(pattern)
  return "^" .. pattern:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
end

-- -1, 0 or 1 as release a is older, the same or newer than b (dotted numbers, "0.1.10" > "0.1.9").
local function compare_releases(a, b)
  local pa, pb = {}, {}
  for x in tostring(a):gmatch("[^%.%-%+]+") do pa[#pa + 1] = x end
  for x in tostring(b):gmatch("[^%.%-%+]+") do pb[#pb + 1] = x end
  for i = 1, math.max(#pa, #pb) do
    local x, y = pa[i] or "0", pb[i] or "0"
    local nx, ny = tonumber(x), tonumber(y)
    if nx and ny then
      if nx ~= ny then return nx < ny and -1 or 1 end
    elseif x ~= y then
      return x < y and -1 or 1
    end
  end
  return 0
end

local function fail(name, msg, level)
  error(("clis.define %q: %s"):format(tostring(name), msg), level + 1)
end

local function list_of_strings(v, name, field, level)
  if v == nil then return nil end
  if type(v) == "string" then v = { v } end
  if type(v) ~= "table" then fail(name, field .. " must be a list of strings", level + 1) end
  local out = {}
  for i, s in ipairs(v) do
    if type(s) ~= "string" or s == "" then fail(name, field .. " must be a list of strings", level + 1) end
    out[i] = s
  end
  return out
end

-- Hook wiring is data the hub turns into a shim (src/lifecycle/cli-shims.ts): check its shape here
-- so a typo is a file:line error, not a shim that quietly does nothing.
local function check_hooks(h, name, level)
  if h == nil or h == false then return nil end
  if type(h) ~= "table" then fail(name, "hooks must be a table (see lua/meta/clis.lua)", level + 1) end
  for k in pairs(h) do
    if not HOOK_FIELDS[k] then fail(name, ("hooks: unknown field %q"):format(tostring(k)), level + 1) end
  end
  if h.settings ~= nil then
    local s = h.settings
    if type(s) ~= "table" or type(s.file) ~= "string" or type(s.events) ~= "table" then
      fail(name, "hooks.settings needs { file = \"x.json\", style = \"claude\"|\"gemini\", events = { ... } }", level + 1)
    end
    if s.style ~= nil and s.style ~= "claude" and s.style ~= "gemini" then fail(name, "hooks.settings.style must be \"claude\" or \"gemini\"", level + 1) end
    for i, e in ipairs(s.events) do
      if type(e) ~= "table" or type(e.event) ~= "string" or type(e.state) ~= "string" then
        fail(name, ("hooks.settings.events[%d] needs { event = \"...\", state = \"running\"|\"waiting\"|\"idle\"|\"done\" }"):format(i), level + 1)
      end
    end
  end
  if h.files ~= nil and type(h.files) ~= "table" then fail(name, "hooks.files must map file names to their text", level + 1) end
  for k, v in pairs(h.files or {}) do
    -- A file name, or one folder and a file name ("copilot-plugin/hooks.json").
    local ok = type(k) == "string" and (k:match("^[%w_%-][%w_%-%.]*$") or k:match("^[%w_%-][%w_%-%.]*/[%w_%-][%w_%-%.]*$"))
    if not ok or type(v) ~= "string" then
      fail(name, "hooks.files must map file names (or folder/name) to their text", level + 1)
    end
  end
  if h.env ~= nil and type(h.env) ~= "table" then fail(name, "hooks.env must map variable names to values", level + 1) end
  for k, v in pairs(h.env or {}) do
    if type(k) ~= "string" or not k:match("^[%a_][%w_]*$") or type(v) ~= "string" then
      fail(name, "hooks.env must map variable names to values", level + 1)
    end
  end
  if h.unless_file_has ~= nil and (type(h.unless_file_has) ~= "table" or type(h.unless_file_has.file) ~= "string" or type(h.unless_file_has.pattern) ~= "string") then
    fail(name, "hooks.unless_file_has needs { file = \"...\", pattern = \"...\" }", level + 1)
  end
  local t = h.user_toml
  if t ~= nil and (type(t) ~= "table" or type(t.file) ~= "string" or type(t.key) ~= "string" or type(t.value) ~= "string") then
    fail(name, "hooks.user_toml needs { file = \"...\", key = \"...\", value = \"...\" }", level + 1)
  end
  if h.since ~= nil and (type(h.since) ~= "string" or not h.since:match("^%d+[%.%d]*$")) then
    fail(name, "hooks.since must be a release (\"1.0.11\")", level + 1)
  end
  return {
    settings = h.settings, files = h.files, env = h.env, user_toml = t, since = h.since,
    args = list_of_strings(h.args, name, "hooks.args", level + 1),
    own_commands = list_of_strings(h.own_commands, name, "hooks.own_commands", level + 1),
    unless_args = list_of_strings(h.unless_args, name, "hooks.unless_args", level + 1),
    unless_env = list_of_strings(h.unless_env, name, "hooks.unless_env", level + 1),
    unless_files = list_of_strings(h.unless_files, name, "hooks.unless_files", level + 1),
    unless_file_has = h.unless_file_has,
    private_dir = h.private_dir == true,
  }
end

-- How the CLI takes the hub's MCP server (`botster-tui mcp`) for one launch: data for the same
-- shim as its hooks (src/lifecycle/cli-shims.ts), checked here for a file:line error.
local function check_mcp(m, name, level)
  if m == nil or m == false then return nil end
  if type(m) ~= "table" then fail(name, "mcp must be a table (see lua/meta/clis.lua) or false", level + 1) end
  for k in pairs(m) do
    if not MCP_FIELDS[k] then fail(name, ("mcp: unknown field %q (args, env, files, tool, own_commands, unless_args, unless_env)"):format(tostring(k)), level + 1) end
  end
  for _, f in ipairs({ "env", "files" }) do
    if m[f] ~= nil and type(m[f]) ~= "table" then fail(name, ("mcp.%s must map names to text"):format(f), level + 1) end
    for k, v in pairs(m[f] or {}) do
      local ok = type(k) == "string" and type(v) == "string"
      if f == "env" then ok = ok and k:match("^[%a_][%w_]*$") ~= nil else ok = ok and k:match("^[%w_%-][%w_%-%.]*$") ~= nil end
      if not ok then fail(name, ("mcp.%s must map %s to text"):format(f, f == "env" and "variable names" or "file names"), level + 1) end
    end
  end
  if m.tool ~= nil and (type(m.tool) ~= "string" or not m.tool:find("{tool}", 1, true)) then
    fail(name, 'mcp.tool must be a name holding "{tool}" ("mcp__botster__{tool}")', level + 1)
  end
  return {
    env = m.env, files = m.files, tool = m.tool,
    args = list_of_strings(m.args, name, "mcp.args", level + 1),
    own_commands = list_of_strings(m.own_commands, name, "mcp.own_commands", level + 1),
    unless_args = list_of_strings(m.unless_args, name, "mcp.unless_args", level + 1),
    unless_env = list_of_strings(m.unless_env, name, "mcp.unless_env", level + 1),
  }
end

-- resume = { args = { "--resume", "{session}" }, last = { "--continue" }, find = function(agent, restore) } as a
-- profile's resume function: the session its hooks reported (or `find` found) in `args`; without one,
-- `last` continues the folder's newest conversation, for one agent of this CLI per folder only.
local function resume_fn(c, r)
  if r == nil or r == false then return r end
  if type(r) == "function" then return r end
  return function(agent, restore)
    local id = profiles.reported(agent, c.programs[1]) or (r.find and r.find(agent, restore))
    if id and r.args then
      local args = {}
      for i, a in ipairs(r.args) do args[i] = (a:gsub("{session}", function() return id end)) end
      local spec = profiles.rerun(agent, args, c.command)
      spec.session = id
      return spec
    end
    if r.last then
      local key = "last:" .. c.name .. ":" .. tostring(agent.cwd)
      if restore.taken[key] then return nil end -- another agent of it in this folder continues that one
      restore.taken[key] = true
      return profiles.rerun(agent, r.last, c.command)
    end
    return nil
  end
end

local function check_resume(r, name, level)
  if r == nil or r == false or type(r) == "function" then return end
  if type(r) ~= "table" then fail(name, "resume must be a function(agent, restore), a table { args, last, find } or false", level + 1) end
  list_of_strings(r.args, name, "resume.args", level + 1)
  list_of_strings(r.last, name, "resume.last", level + 1)
  if r.find ~= nil and type(r.find) ~= "function" then fail(name, "resume.find must be a function(agent, restore)", level + 1) end
  if r.args and not table.concat(r.args, " "):find("{session}", 1, true) then fail(name, "resume.args must hold \"{session}\"", level + 1) end
  if not r.args and not r.last then fail(name, "resume needs args (with \"{session}\") or last", level + 1) end
end

-- versions = { { below = "1.0.0", detect = function(screen, agent) ... end, version = "0.5.29" } }:
-- the rules of the releases a CLI drew differently. Each entry covers `from` (inclusive) up to
-- `below` (exclusive); the first that covers the running binary's version (agent.cli_version,
-- read by the hub from the binary: docs/agent-states.md) decides, the top-level detect otherwise
-- (the newest, and a version the hub could not read).
local function release(v) return type(v) == "string" and v:match("^%d+[%.%d]*") ~= nil end
local function check_versions(vs, name, level)
  if vs == nil then return nil end
  if type(vs) ~= "table" or #vs == 0 then fail(name, "versions must be a list of { from?, below?, detect, version? }", level + 1) end
  local out = {}
  for i, e in ipairs(vs) do
    local at = ("versions[%d]"):format(i)
    if type(e) ~= "table" then fail(name, at .. " must be a table { from?, below?, detect, version? }", level + 1) end
    for k in pairs(e) do
      if not VERSION_FIELDS[k] then fail(name, ("%s: unknown field %q (from, below, detect, version)"):format(at, tostring(k)), level + 1) end
    end
    if e.from == nil and e.below == nil then fail(name, at .. " needs from or below (a release, \"1.0.0\")", level + 1) end
    for _, f in ipairs({ "from", "below", "version" }) do
      if e[f] ~= nil and not release(e[f]) then fail(name, ("%s.%s must be a release, \"1.0.0\""):format(at, f), level + 1) end
    end
    if type(e.detect) ~= "function" then fail(name, at .. ".detect must be a function(screen, agent)", level + 1) end
    out[i] = { from = e.from, below = e.below, detect = e.detect, version = e.version }
  end
  return out
end

--- The versions entry that covers release `v` (the first in the list), or nil.
function clis.variant(c, v)
  if not c or not c.versions or not release(v) then return nil end
  for _, e in ipairs(c.versions) do
    if (e.from == nil or compare_releases(v, e.from) >= 0) and (e.below == nil or compare_releases(v, e.below) < 0) then return e end
  end
  return nil
end

-- The adapter of a CLI with versions: the rules of the running binary's release. The rule name
-- says which ("spinner (below 1.0.0)") so --explain shows an older release's rules decided.
local function versioned_detect(c)
  return function(screen, agent)
    local e = clis.variant(c, agent and agent.cli_version)
    if not e then return c.detect(screen, agent) end
    local state, reason, rule = e.detect(screen, agent)
    if state == nil then return nil end
    local span = e.from and e.below and (e.from .. " to below " .. e.below) or e.from and ("from " .. e.from) or ("below " .. e.below)
    return state, reason, ("%s (%s)"):format(rule or screen._rule or state, span)
  end
end

-- What the CLI writes besides its folder, for its box (lua/default/sandbox.lua): `write` paths
-- (absolute or ~/..., a folder ending in "/"), `env` variables its box sets (yours win), `seed`
-- files made when missing as a copy of another (["~/.claude/.claude.json"] = "~/.claude.json"),
-- `secrets` its credentials (its box only sees them), `vars` your variables its box gets.
local function is_path(p) return type(p) == "string" and (p:sub(1, 1) == "/" or p == "~" or p:sub(1, 2) == "~/") end

local SANDBOX_FIELDS = { write = true, env = true, seed = true, secrets = true, vars = true, network = true }

local function check_sandbox(sb, name, level)
  if sb == nil then return end
  if type(sb) ~= "table" then fail(name, "sandbox must be { write = { paths }, env = { NAME = value }, seed = { [path] = path }, secrets = { paths }, vars = { names } }", level + 1) end
  for k in pairs(sb) do
    if not SANDBOX_FIELDS[k] then fail(name, ("sandbox: unknown field %q (write, env, seed, secrets, vars, network)"):format(tostring(k)), level + 1) end
  end
  if sb.network ~= nil and (type(sb.network) ~= "table" or (sb.network.allow ~= nil and type(sb.network.allow) ~= "table")) then
    fail(name, 'sandbox.network must be { allow = { "host", "*.domain", ... } }', level + 1)
  end
  list_of_strings(sb.network and sb.network.allow, name, "sandbox.network.allow", level + 1)
  for _, field in ipairs({ "write", "secrets" }) do
    for i, p in ipairs(list_of_strings(sb[field], name, "sandbox." .. field, level + 1) or {}) do
      if not is_path(p) then fail(name, ("sandbox.%s[%d] must be an absolute path or ~/..., got %q"):format(field, i, p), level + 1) end
    end
  end
  for i, v in ipairs(list_of_strings(sb.vars, name, "sandbox.vars", level + 1) or {}) do
    if not v:match("^[%a_][%w_]*%*?$") then fail(name, ("sandbox.vars[%d] must be a variable's name or a prefix ending in *, got %q"):format(i, v), level + 1) end
  end
  for k, v in pairs(sb.env or {}) do
    if type(k) ~= "string" or type(v) ~= "string" then fail(name, "sandbox.env must be { NAME = \"value\" }", level + 1) end
  end
  if sb.seed ~= nil and type(sb.seed) ~= "table" then fail(name, "sandbox.seed must be { [\"~/made\"] = \"~/from\" }", level + 1) end
  for made, from in pairs(sb.seed or {}) do
    if not is_path(made) or not is_path(from) then
      fail(name, ("sandbox.seed: %q = %q: both must be absolute paths or ~/..."):format(tostring(made), tostring(from)), level + 1)
    end
  end
end

-- Where the hub asks an account's own figures (lua/default/account_limits.lua): `url`, the login it
-- asks with (`token.file` in the account's folder, `token.field` in its JSON), `headers`, and
-- `read(answer)`, the decoded answer into { five_hour = { used_pct, resets_at }, ... }.
local function check_limits(l, name, level)
  if l == nil or l == false then return end
  local shape = "limits must be { url, token = { file, field }, headers, read = function(answer) }"
  if type(l) ~= "table" or type(l.url) ~= "string" or not l.url:match("^https?://") then fail(name, shape, level + 1) end
  if type(l.token) ~= "table" or type(l.token.file) ~= "string" or type(l.token.field) ~= "string" then fail(name, shape, level + 1) end
  if type(l.read) ~= "function" or (l.headers ~= nil and type(l.headers) ~= "table") then fail(name, shape, level + 1) end
end

local function check_answers(a, name, level)
  if a == nil then return end
  if type(a) ~= "table" then fail(name, "answers must be { yes = { text?, keys? }, no = { text?, keys? } }", level + 1) end
  for k, v in pairs(a) do
    if type(k) ~= "string" or type(v) ~= "table" then fail(name, "answers must be { yes = { text?, keys? }, no = { text?, keys? } }", level + 1) end
  end
end

--- clis.define({ name, title, programs, command, packages, version, detect, priority, answers, resume, hooks, mcp, cases, hub, versions })
function clis.define(def)
  if type(def) ~= "table" then error("clis.define needs a table { name = ..., programs = { ... }, detect = function(screen) ... end }", 2) end
  local name = def.name
  if type(name) ~= "string" or not name:match("^[%w_%-%.]+$") then error("clis.define: name must be a word (letters, digits, _ - .)", 2) end
  for k in pairs(def) do
    if not FIELDS[k] then fail(name, ("unknown field %q (name, title, programs, command, packages, version, detect, priority, answers, resume, hooks, mcp, cases, hub, versions, multiline, transcripts, interrupt, sandbox, limits)"):format(tostring(k)), 2) end
  end
  -- The oldest hub the file needs (a CLI file shared as a plugin uses helpers a release added):
  -- on an older hub it says so instead of failing somewhere inside detect.
  if def.hub ~= nil then
    if type(def.hub) ~= "string" or not def.hub:match("^%d+[%.%d]*") then fail(name, 'hub must be a release, "0.2.0"', 2) end
    local running = __botster.hub_version
    if running and compare_releases(running, def.hub) < 0 then
      fail(name, ("needs botster-tui %s or newer (this is %s)"):format(def.hub, running), 2)
    end
  end
  local old = clis.list[name]
  local function pick(field) if def[field] ~= nil then return def[field] end return old and old[field] end
  local c = { name = name, source = __botster.where(2) }
  c.title = pick("title") or name
  if type(c.title) ~= "string" then fail(name, "title must be a string", 2) end
  c.programs = list_of_strings(pick("programs"), name, "programs", 2) or { name }
  c.command = pick("command") or (c.programs[1]:find("[%*%?]") and name or c.programs[1])
  if type(c.command) ~= "string" or c.command == "" then fail(name, "command must be a string", 2) end
  c.packages = list_of_strings(pick("packages"), name, "packages", 2) or {}
  c.version = pick("version")
  if c.version ~= nil and type(c.version) ~= "string" then fail(name, "version must be a string", 2) end
  c.detect = pick("detect")
  if c.detect ~= nil and type(c.detect) ~= "function" then fail(name, "detect must be a function(screen, agent)", 2) end
  c.priority = pick("priority")
  if c.priority ~= nil and type(c.priority) ~= "number" then fail(name, "priority must be a number", 2) end
  c.multiline = pick("multiline")
  if c.multiline ~= nil and c.multiline ~= "paste" and c.multiline ~= "join" then fail(name, 'multiline must be "paste" or "join"', 2) end
  c.interrupt = pick("interrupt")
  if c.interrupt ~= nil then
    local ok = type(c.interrupt) == "string" and (__host_parse_key_spec == nil or pcall(__host_parse_key_spec, c.interrupt))
    if not ok then fail(name, ('interrupt must be a key spec, like "escape" or "ctrl+c", got %s'):format(tostring(c.interrupt)), 2) end
  end
  c.answers = pick("answers")
  check_answers(c.answers, name, 2)
  c.resume = pick("resume")
  check_resume(c.resume, name, 2)
  c.hooks = def.hooks ~= nil and check_hooks(def.hooks, name, 2) or (old and old.hooks)
  if def.mcp ~= nil then c.mcp = check_mcp(def.mcp, name, 2) or false else c.mcp = old and old.mcp end
  -- detect and versions go together: a new detect (yours, for the release you run) without
  -- versions replaces the older releases' rules as well.
  if def.versions ~= nil then c.versions = check_versions(def.versions, name, 2)
  elseif def.detect == nil then c.versions = old and old.versions end
  if c.versions and not c.detect then fail(name, "versions needs a detect for the newest release too", 2) end
  c.transcripts = list_of_strings(pick("transcripts"), name, "transcripts", 2)
  for _, t in ipairs(c.transcripts or {}) do
    if not t:find("{session}", 1, true) then fail(name, "transcripts: each names its file with \"{session}\" (the id its hooks report)", 2) end
  end
  c.sandbox = pick("sandbox")
  check_sandbox(c.sandbox, name, 2)
  c.limits = pick("limits")
  check_limits(c.limits, name, 2)
  c.cases = pick("cases")
  if c.cases ~= nil and type(c.cases) ~= "string" then fail(name, "cases must be a file name", 2) end

  if c.detect then
    status.adapter({ name = name, match = c.programs, detect = c.versions and versioned_detect(c) or c.detect, priority = c.priority })
  end
  -- (An improvement has no profiles: its CLI is its adapter.)
  if c.resume ~= nil and profiles then
    profiles.define(name, { command = c.command, listed = false, match = c.programs, resume = resume_fn(c, c.resume) or false })
  end
  clis.list[name] = c
  clis._order = clis._order or {}
  if not old then clis._order[#clis._order + 1] = name end
  return c
end

--- clis.find(program): the CLI whose name is `program` or one of whose program globs it matches, or nil.
function clis.find(program)
  if type(program) ~= "string" or program == "" then return nil end
  if clis.list[program] then return clis.list[program] end
  for _, n in ipairs(clis._order or {}) do
    local c = clis.list[n]
    for _, p in ipairs(c.programs) do
      if program:match(glob(p)) then return c end
    end
  end
  return nil
end

--- clis.names(): the defined CLIs' names, in the order they were defined.
function clis.names()
  local out = {}
  for i, n in ipairs(clis._order or {}) do out[i] = n end
  return out
end

-- The CLIs as data for the hub: names, programs, packages, hook wiring (functions stay here).
function __botster.export_clis()
  local out = {}
  for _, n in ipairs(clis._order or {}) do
    local c = clis.list[n]
    out[#out + 1] = {
      name = c.name, title = c.title, programs = c.programs, command = c.command, packages = c.packages,
      version = c.version, hooks = c.hooks, mcp = c.mcp or nil, versioned = c.versions ~= nil or nil, detects = c.detect ~= nil, resumes = c.resume ~= nil and c.resume ~= false,
      source = c.source, transcripts = c.transcripts,
    }
  end
  return out
end
