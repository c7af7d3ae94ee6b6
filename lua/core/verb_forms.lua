-- verb_forms: the shorter and older ways to call verbs, each the verb it names and nothing else
-- (app:kill(3) is the kill verb, app:run("x.y") the run verb, app:trust_project(p) project.trust):
-- your Lua written before app:NAME keeps working. Each also takes app:NAME's own form, a table of
-- named arguments and a function, where its name is a verb's (app:run({ command = "x.y" }, fn)).
local Actions = __botster.actions
local agent_id, verb_args = __botster.agent_id, __botster.verb_args
local call_verb, ask_verb = __botster.call_verb, __botster.ask_verb

-- A table of named arguments (app:NAME's form), not an agent (its table has an id) nor a value.
local function named(x)
  return type(x) == "table" and rawget(x, "id") == nil
end

-- app:NAME's own form of verb `name`, for a call form of the same name.
local function as_named(self, fname, name, args, fn)
  return call_verb(self, fname, name, verb_args(fname, name, args), fn)
end

-- A setting's value where the configuration has settings (an improvement's sandbox has none).
local function settings_value(name)
  local ok, v = pcall(function() return settings and settings[name] end)
  return ok and v or nil
end

local function check_spec(spec, what)
  if type(spec) == "string" then spec = { command = spec } end
  if type(spec) ~= "table" or type(spec.command) ~= "string" then error(what .. " needs { command = \"...\" }", 3) end
  return spec
end

-- app:focus, app:kill, app:send and app:restart are their verbs: one agent (an id, a table; nil:
-- the focused one), one rule, one behaviour (__botster.call_verb).
local function as_verb(self, fname, name, target, args, fn)
  if fn ~= nil and type(fn) ~= "function" then error(fname .. ": the last argument must be a function(answer, app)", 3) end
  local id = target == nil and self.focused_id or agent_id(self, target)
  if id ~= nil then args.agent = "id:" .. id end
  return call_verb(self, fname, name, args, fn)
end

-- Without fn, app:focus is the focus verb's intent, moved at once: the frame a key draws shows it
-- in the key's own round trip (src/worker/predict.ts). The same agent, the same rule of who may
-- (the focus verb's row, which its call meets too); only the answer is the verb's alone.
function Actions:focus(target, fn)
  if named(target) then return as_named(self, "app:focus", "focus", target, fn) end
  if fn ~= nil then return as_verb(self, "app:focus", "focus", target, {}, fn) end
  local id = agent_id(self, target)
  if id then __botster.request({ type = "focus", id = id }) end
end
function Actions:send(target, text, keys, fn)
  if named(target) then return as_named(self, "app:send", "send", target, text) end
  if type(keys) == "function" and fn == nil then keys, fn = nil, keys end
  if text ~= nil and type(text) ~= "string" then error("app:send: text must be a string", 2) end
  if keys ~= nil then
    if type(keys) ~= "string" then error("app:send: keys must be a string like \"enter\" or \"ctrl+c\"", 2) end
    local ok, err = pcall(__host_parse_key_spec, keys)
    if not ok then error("app:send: " .. tostring(err):gsub("^.-:%d+: ", ""), 2) end
  end
  if (text or "") == "" and not keys then error("app:send: give text to type, keys to press, or both", 2) end
  return as_verb(self, "app:send", "send", target, { text = text, keys = keys }, fn)
end
-- app:spawn is the `new` verb (a name that is taken gets the free one after it, as a derived name
-- does): it returns { ok = true, agent = { id, name, ... } } where Lua can wait, or hands it to fn.
function Actions:spawn(spec, fn)
  spec = check_spec(spec, "app:spawn")
  local args = { command = spec.command, args = spec.args, name = spec.name, cwd = spec.cwd, machine = spec.machine, suffix = true }
  local profile = spec.command:match("^profile:(.+)$")
  if profile then args.command, args.profile = nil, profile end
  local wt = spec.worktree
  if wt == true then args.worktree = ""
  elseif type(wt) == "table" then args.worktree, args.base = wt.branch or "", wt.base end
  return call_verb(self, "app:spawn", "new", args, fn)
end
function Actions:kill(target, fn)
  if named(target) then return as_named(self, "app:kill", "kill", target, fn) end
  if type(target) == "function" and fn == nil then target, fn = nil, target end
  return as_verb(self, "app:kill", "kill", target, {}, fn)
end
function Actions:restart(target, spec, fn)
  if named(target) then return as_named(self, "app:restart", "restart", target, spec) end
  if type(target) == "function" and spec == nil then target, spec = nil, target end
  if type(spec) == "function" and fn == nil then spec, fn = nil, spec end
  if spec ~= nil then spec = check_spec(spec, "app:restart: spec") end
  if spec and (spec.name or spec.worktree or spec.machine) then error("app:restart: spec takes command, args, cwd and env (the restart verb's)", 2) end
  if spec and spec.env ~= nil and type(spec.env) ~= "table" then error("app:restart: spec.env must be a table of variables", 2) end
  return as_verb(self, "app:restart", "restart", target, spec and { command = spec.command, args = spec.args, cwd = spec.cwd, env = spec.env } or {}, fn)
end

-- app:quit is the hub.stop verb (before_quit handlers may refuse).
function Actions:quit() ask_verb("app:quit", "hub.stop", {}) end
-- The run verb: the command runs here and now, in this Lua's chain, before its next request.
function Actions:run(id, arg)
  if named(id) then return as_named(self, "app:run", "run", id, arg) end
  ask_verb("app:run", "run", { command = id, arg = arg })
end
-- app:search is the search verb (every agent: their screens, scrollback and their CLIs'
-- transcripts): a string is its query. The focused agent's scrollback alone is app:scroll_search.
function Actions:search(query, fn)
  if named(query) then return as_named(self, "app:search", "search", query, fn) end
  if type(query) ~= "string" then error("app:search needs a query (a string) or its arguments (a table)", 2) end
  return call_verb(self, "app:search", "search", { query = query }, fn)
end

-- A Web Push to every web session's subscribed phone (docs/web.md#push): the web.push verb.
-- opts.agent: the agent it is about (a tap opens its page); opts.url: a page of the hub instead;
-- opts.unless_typed: seconds (nothing is pushed when a key was typed at the hub that lately).
function Actions:web_push(text, opts)
  if named(text) then return as_named(self, "app:web_push", "web.push", text, opts) end
  opts = opts or {}
  if type(text) ~= "string" or text == "" then error("app:web_push needs the text to push", 2) end
  if type(opts) ~= "table" then error("app:web_push: opts must be a table { agent, url, unless_typed }", 2) end
  local agent = opts.agent
  if type(agent) == "table" then agent = agent.id end
  if agent ~= nil and type(agent) ~= "string" then error("app:web_push: opts.agent must be an agent or its id", 2) end
  if opts.url ~= nil and (type(opts.url) ~= "string" or not opts.url:match("^/[^/\\]")) and opts.url ~= "/" then
    error("app:web_push: opts.url must be a path of the hub (\"/pipelines\")", 2)
  end
  if opts.unless_typed ~= nil and (type(opts.unless_typed) ~= "number" or opts.unless_typed < 0) then
    error("app:web_push: opts.unless_typed must be seconds (a number, 0 or more)", 2)
  end
  ask_verb("app:web_push", "web.push", { text = text:sub(1, 500), agent = agent, url = opts.url, unless_typed = opts.unless_typed })
end

-- Worktrees the hub made for agents: one on offer removed (the branch stays), what one holds
-- (`fn(status, app)` is called with the answer), and its end: the worktree.* verbs. Finish and
-- discard are yours: an improvement's calls are refused.
function Actions:remove_worktree(path)
  if type(path) == "table" then path = path.path end
  if type(path) ~= "string" then error("app:remove_worktree needs a path (one of app.worktrees)", 2) end
  ask_verb("app:remove_worktree", "worktree.remove", { path = path })
end
function Actions:worktree_status(target, fn)
  if named(target) then return as_named(self, "app:worktree_status", "worktree.status", target, fn) end
  if type(fn) ~= "function" then error("app:worktree_status: the last argument must be a function(status, app)", 2) end
  local id = agent_id(self, target)
  if target ~= nil and id == nil then error("app:worktree_status: no such agent", 2) end
  return call_verb(self, "app:worktree_status", "worktree.status", { agent = id and ("id:" .. id) }, fn)
end
function Actions:finish_worktree(target, opts)
  if opts ~= nil and type(opts) ~= "table" then error("app:finish_worktree: options must be a table { how = \"merge\"|\"rebase\", force = false }", 2) end
  opts = opts or {}
  local how = opts.how or settings_value("worktree_finish") or "merge"
  if how ~= "merge" and how ~= "rebase" then error(("app:finish_worktree: how must be \"merge\" or \"rebase\", got %s"):format(tostring(how)), 2) end
  if target ~= nil and agent_id(self, target) == nil then return end
  local id = agent_id(self, target)
  ask_verb("app:finish_worktree", "worktree.finish", { agent = id and ("id:" .. id), how = how, force = opts.force == true })
end
function Actions:discard_worktree(target)
  if target ~= nil and agent_id(self, target) == nil then return end
  local id = agent_id(self, target)
  ask_verb("app:discard_worktree", "worktree.discard", { agent = id and ("id:" .. id) })
end

-- Projects (a repository's .botster/): trust its files as they are now, or no longer (the
-- project.trust and project.untrust verbs). Yours only: a project's own Lua, or an improvement, is
-- refused. A project from app.projects (or a project_found event) is trusted only as it was then (its hash).
function Actions:trust_project(path)
  local hash
  if type(path) == "table" then path, hash = path.path, path.hash end
  if type(path) ~= "string" then error("app:trust_project needs a folder (one of app.projects, or its path)", 2) end
  ask_verb("app:trust_project", "project.trust", { path = path, hash = type(hash) == "string" and hash or nil })
end
function Actions:untrust_project(path)
  if type(path) == "table" then path = path.path end
  if type(path) ~= "string" then error("app:untrust_project needs a folder (one of app.projects, or its path)", 2) end
  ask_verb("app:untrust_project", "project.untrust", { path = path })
end

--- Plugins (yours only: a plugin's, an improvement's or a project's calls are refused), the
--- plugin.* verbs. fetch shows one before you grant it: `fn(info, app)` gets its name, version,
--- description, provides and wants ({ name, what }), or info.error. Then plugin_add(info, { "keys",
--- ... }) with what you grant; plugin(op, name) updates, removes, enables or disables one (docs/plugins.md).
function Actions:plugin_fetch(source, fn)
  if named(source) then return as_named(self, "app:plugin_fetch", "plugin.fetch", source, fn) end
  if type(source) ~= "string" or not source:match("%S") then error("app:plugin_fetch: the source must be text (a git URL, github:owner/repo, npm:NAME or a folder)", 2) end
  if type(fn) ~= "function" then error("app:plugin_fetch: the last argument must be a function(info, app)", 2) end
  return call_verb(self, "app:plugin_fetch", "plugin.fetch", { source = source }, fn)
end
function Actions:plugin_add(info, grant)
  -- (app:plugin_add({ token = ..., grant = { ... } }, fn): the verb's own form, its arguments named)
  if type(info) == "table" and (type(grant) == "function" or (grant == nil and type(info.grant) == "table")) then
    return as_named(self, "app:plugin_add", "plugin.add", { token = info.token, grant = info.grant }, grant)
  end
  if type(info) ~= "table" or type(info.token) ~= "string" then error("app:plugin_add: pass the info app:plugin_fetch gave", 2) end
  if grant ~= nil and type(grant) ~= "table" then error("app:plugin_add: grant must be a list of capabilities", 2) end
  local list = {}
  for i, c in ipairs(grant or {}) do list[i] = tostring(c) end
  ask_verb("app:plugin_add", "plugin.add", { token = info.token, grant = list })
end
local PLUGIN_OPS = { update = true, remove = true, enable = true, disable = true, grant = true }
function Actions:plugin(op, name, caps)
  if not PLUGIN_OPS[op] then error(("app:plugin: op must be update, remove, enable, disable or grant, got %s"):format(tostring(op)), 2) end
  if type(name) ~= "string" or name == "" then error("app:plugin: name a plugin (self.plugins)", 2) end
  if op == "grant" then
    if type(caps) ~= "table" then error("app:plugin: grant takes a list of capabilities", 2) end
    local list = {}
    for i, c in ipairs(caps) do list[i] = tostring(c) end
    return ask_verb("app:plugin", "plugin.grant", { name = name, grant = list })
  end
  ask_verb("app:plugin", "plugin." .. op, { name = name })
end
