-- actions: the app handed to key, command and hook functions, and the configuration as data.
-- Loaded by the trusted configuration and by every improvement's sandbox alike.
__botster.user_state = __botster.user_state or {}
__botster.namespaces = __botster.namespaces or {}

-- state.get(namespace, default): a table that survives reloads (the hub carries it over).
state = {}
__botster.persist_ns = __botster.persist_ns or {}

function state.get(namespace, default, opts)
  if type(namespace) ~= "string" or not namespace:match("^[%w_%-%.]+$") then
    error("state.get: namespace must be a word (letters, digits, _ - .)", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then error("state.get: options must be a table", 2) end
  if opts and opts.persist then __botster.persist_ns[namespace] = true end
  local t = __botster.namespaces[namespace]
  if t == nil then
    t = default or {}
    if type(t) ~= "table" then error("state.get: default must be a table", 2) end
    __botster.namespaces[namespace] = t
  end
  return t
end

-- The namespaces to save to $BOTSTER_HOME/state/ (plain data).
function __botster.persisted_namespaces()
  local out = {}
  for ns in pairs(__botster.persist_ns) do out[ns] = __botster.namespaces[ns] or {} end
  return out
end

-- The app handed to key, command and hook functions: what the hub looks like now, plus methods
-- that ask the hub. The hub applies the requests after the function returns. Each request is one
-- of the hub's requests (src/hub/requests.ts): an intent (focus, set_mode, notify, scroll,
-- dialog_open, scroll_search, review, compare, ...), the words the built-in commands speak too
-- (src/commands/builtin-requests.ts), or `verb`: every act (app:spawn, kill, send, quit, run,
-- trust_project...) is a verb of the socket, its rule, its answer.
__botster.requests = {}

local function request(fields)
  __botster.requests[#__botster.requests + 1] = fields
end

-- An agent named by an agent table or its id. A number is an agent's id, the number on screen,
-- everywhere (the n-th row of the list is app.agents[n], named as such).
local function agent_id(app, target)
  if type(target) == "table" then return target.id end
  if target == nil then return nil end
  if math.type(target) == "float" and target == math.floor(target) then return ("%d"):format(target) end
  return tostring(target)
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

-- Dialogs: each open one's callback waits here until the user chooses or cancels. The host shows
-- one at a time (others wait their turn) and knows them by its own ids; a configuration replaced
-- by a reload while one of its dialogs is open stays alive in the worker to answer it.
__botster.dialogs = __botster.dialogs or {}
__botster.dialog_seq = __botster.dialog_seq or 0
-- The agents a dialog quotes (src/hub/readable-state.ts: an agent that may not read one does not
-- see it): those opts.about names (agents or ids), and those its items name (an `agent_id`, an
-- `agent` or an agent's `id`, however deep, as src/hub/quoted-agents.ts reads a verb's answer).
local QUOTE_KEYS = { "id", "agent", "agent_id" }
local function quoted(app, items, about)
  local known, out, seen = {}, {}, {}
  for _, a in ipairs(app.agents or {}) do known[a.id] = true end
  local function add(id)
    if type(id) == "string" and known[id] and not seen[id] then seen[id] = true; out[#out + 1] = id end
  end
  for _, a in ipairs(type(about) == "table" and about or {}) do add(type(a) == "table" and a.id or tostring(a)) end
  local budget = 5000
  local function walk(v, depth)
    if type(v) ~= "table" or depth > 6 or budget <= 0 then return end
    budget = budget - 1
    for _, k in ipairs(QUOTE_KEYS) do add(rawget(v, k)) end
    for _, x in pairs(v) do walk(x, depth + 1) end
  end
  walk(items, 0)
  return #out > 0 and out or nil
end

local function open_dialog(fn, items)
  __botster.dialog_seq = __botster.dialog_seq + 1
  __botster.dialogs[__botster.dialog_seq] = { fn = fn, items = items }
  return __botster.dialog_seq
end

-- A verb called by name from Lua (src/verbs/, docs/protocol.md), judged by the verb's rule of who
-- may ask, with the typed answer the socket, --ssh and a web POST get. With `fn`, fn(answer, app)
-- gets it; without, where Lua can wait (a key, command, hook, timer, web route) the call returns it
-- and a failure is said on screen too (the caller may drop it); elsewhere it is said on screen only.
-- `on_ok(answer)`, if given, runs on success where no fn reads the answer (what a call says it did).
function __botster.call_verb(app, fname, name, args, fn, on_ok)
  if fn ~= nil and type(fn) ~= "function" then error(fname .. ": the last argument must be a function(answer, app)", 3) end
  local function ask(fields)
    fields.type, fields.name, fields.args, fields.as = "verb", name, args, fname
    request(fields)
  end
  if fn ~= nil then return ask({ dialog = open_dialog(fn, nil) }) end
  if __botster.can_wait() then
    -- Returned, and said on screen too when it fails: a call without fn may drop its answer.
    local answer = __botster.wait_verb(app, name, args, function(resume)
      ask({ dialog = open_dialog(resume, nil), tell = true })
    end)
    if on_ok and type(answer) == "table" and answer.ok then on_ok(answer) end
    return answer
  end
  if on_ok then
    return ask({ dialog = open_dialog(function(answer) if answer.ok then on_ok(answer) end end, nil), tell = true })
  end
  ask({})
end

-- The older calls of what were the hub's requests and are verbs now (app:quit, app:trust_project,
-- app:finish_worktree, ...): asked and not waited for, as they always were; a failure is said on
-- screen (and is the failure of the `run` it is part of).
function __botster.ask_verb(fname, name, args)
  request({ type = "verb", name = name, args = args, as = fname })
end

-- app:focus, app:kill, app:send and app:restart are their verbs: one agent (an id, a table; nil:
-- the focused one), one rule, one behaviour (__botster.call_verb).
local function as_verb(self, fname, name, target, args, fn)
  if fn ~= nil and type(fn) ~= "function" then error(fname .. ": the last argument must be a function(answer, app)", 3) end
  local id = target == nil and self.focused_id or agent_id(self, target)
  if id ~= nil then args.agent = "id:" .. id end
  return __botster.call_verb(self, fname, name, args, fn)
end

local Actions = {}
-- Without fn, app:focus is the focus verb's intent, moved at once: the frame a key draws shows it
-- in the key's own round trip (src/worker/predict.ts). The same agent, the same rule of who may
-- (the focus request's, which the verb's call meets too); only the answer is the verb's alone.
function Actions:focus(target, fn)
  if fn ~= nil then return as_verb(self, "app:focus", "focus", target, {}, fn) end
  local id = agent_id(self, target)
  if id then request({ type = "focus", id = id }) end
end
function Actions:send(target, text, keys, fn)
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
  return __botster.call_verb(self, "app:spawn", "new", args, fn)
end
function Actions:kill(target, fn)
  if type(target) == "function" and fn == nil then target, fn = nil, target end
  return as_verb(self, "app:kill", "kill", target, {}, fn)
end
function Actions:set_mode(mode)
  if type(mode) ~= "string" then error("app:set_mode needs a mode name", 2) end
  request({ type = "set_mode", mode = mode })
end
function Actions:scroll(lines)
  if type(lines) ~= "number" then error("app:scroll needs a number of lines (positive = up)", 2) end
  request({ type = "scroll", lines = lines })
end
function Actions:quit() __botster.ask_verb("app:quit", "hub.stop", {}) end
-- The run verb: the command runs here and now, in this Lua's chain, before its next request.
function Actions:run(id, arg) __botster.ask_verb("app:run", "run", { command = id, arg = arg }) end
-- app:notify(text, level, opts): with opts (a table, {} will do) it answers the notice's id, and
-- app:unnotify(id) takes it off once what it says has ended ("searching…" once the hits are
-- listed). opts.question: it announces that question (an id of app.questions), and goes by itself
-- once the question no longer waits; opts.agent and opts.state: it tells of that agent in that
-- state ("asks: ..." while it waits), and goes by itself once the agent left it.
__botster.notice_seq = __botster.notice_seq or 0
function Actions:notify(text, level, opts)
  if level ~= nil and level ~= "info" and level ~= "error" then error("app:notify: level must be \"info\" or \"error\"", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("app:notify: options must be a table", 2) end
  if opts and opts.question ~= nil and math.type(opts.question) ~= "integer" then error("app:notify: question must be a question's id (a whole number)", 2) end
  if opts and (opts.agent ~= nil or opts.state ~= nil) and (type(opts.agent) ~= "string" or type(opts.state) ~= "string") then
    error("app:notify: agent and state go together, both strings (an agent's id, the state it tells of)", 2)
  end
  if not opts then return request({ type = "notify", text = tostring(text), level = level or "info" }) end
  __botster.notice_seq = __botster.notice_seq + 1
  local id = "n" .. __botster.notice_seq
  request({ type = "notify", text = tostring(text), level = level or "info", id = id, question = opts.question, agent = opts.agent, state = opts.state })
  return id
end
function Actions:unnotify(id)
  if type(id) ~= "string" then error("app:unnotify needs the id app:notify answered", 2) end
  request({ type = "unnotify", id = id })
end
function Actions:scroll_search(query)
  if type(query) ~= "string" then error("app:scroll_search needs a string", 2) end
  request({ type = "scroll_search", query = query })
end
function Actions:search(query)
  if type(query) ~= "string" then error("app:search needs a string", 2) end
  request({ type = "scroll_search", query = query })
end
function Actions:notify_desktop(text, kind)
  kind = kind or "osc9"
  if kind ~= "osc9" and kind ~= "osc777" and kind ~= "bell" then error("app:notify_desktop: kind must be \"osc9\", \"osc777\" or \"bell\"", 2) end
  request({ type = "notify_desktop", text = tostring(text), kind = kind })
end
-- A Web Push to every web session's subscribed phone (docs/web.md#push). opts.agent: the agent it is
-- about (a tap opens its page); opts.url: a page of the hub instead; opts.unless_typed: seconds
-- (nothing is pushed when a key was typed at the hub that lately: you are there).
function Actions:web_push(text, opts)
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
  __botster.ask_verb("app:web_push", "web.push", { text = text:sub(1, 500), agent = agent, url = opts.url, unless_typed = opts.unless_typed })
end
function Actions:remove_worktree(path)
  if type(path) == "table" then path = path.path end
  if type(path) ~= "string" then error("app:remove_worktree needs a path (one of app.worktrees)", 2) end
  __botster.ask_verb("app:remove_worktree", "worktree.remove", { path = path })
end
-- The review panel (ui.diff in the default layout): open it on an agent's changes ("all": against
-- the base it came from, committed and uncommitted; "uncommitted": only what is not committed), or
-- close it. It follows the focus while open (app.review says what it shows).
function Actions:open_review(target, opts)
  if opts ~= nil and type(opts) ~= "table" then error("app:open_review: options must be a table { mode = \"all\"|\"uncommitted\" }", 2) end
  local mode = opts and opts.mode or "all"
  if mode ~= "all" and mode ~= "uncommitted" then error(("app:open_review: mode must be \"all\" or \"uncommitted\", got %s"):format(tostring(mode)), 2) end
  local id = agent_id(self, target)
  if id == nil then error("app:open_review needs an agent (app.focused, an id or a number)", 2) end
  request({ type = "review", id = id, mode = mode })
end
function Actions:close_review() request({ type = "review" }) end
local JUMPS = { top = true, next_file = true, prev_file = true, next_comment = true, prev_comment = true }
function Actions:review_jump(to)
  if not JUMPS[to] then error(("app:review_jump: to must be \"top\", \"next_file\", \"prev_file\", \"next_comment\" or \"prev_comment\", got %s"):format(tostring(to)), 2) end
  request({ type = "review_jump", to = to })
end
-- The compare panel: several agents' changes side by side, one column each (a pipeline's
-- candidates when it waits for your choice: pipeline.choose). app.compare says what it shows.
function Actions:open_compare(targets, opts)
  if type(targets) ~= "table" or targets.id ~= nil then error("app:open_compare needs a list of agents (tables from app.agents, ids or numbers)", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("app:open_compare: options must be a table { mode = \"all\"|\"uncommitted\", selected = n }", 2) end
  local mode = opts and opts.mode or "all"
  if mode ~= "all" and mode ~= "uncommitted" then error(("app:open_compare: mode must be \"all\" or \"uncommitted\", got %s"):format(tostring(mode)), 2) end
  local selected = opts and opts.selected or 1
  if type(selected) ~= "number" then error("app:open_compare: selected must be a column number (1-based)", 2) end
  local ids = {}
  for i, t in ipairs(targets) do
    local id = agent_id(self, t)
    if id == nil then error(("app:open_compare: agent %d is not one of app.agents"):format(i), 2) end
    ids[#ids + 1] = id
  end
  if #ids == 0 then error("app:open_compare needs at least one agent", 2) end
  request({ type = "compare", ids = ids, mode = mode, selected = selected })
end
function Actions:close_compare() request({ type = "compare" }) end
function Actions:compare_select(n)
  if type(n) ~= "number" then error("app:compare_select needs a column number (1-based)", 2) end
  request({ type = "compare_select", index = n })
end
function Actions:compare_scroll(lines, opts)
  if type(lines) ~= "number" then error("app:compare_scroll needs a number of lines (positive = down)", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("app:compare_scroll: options must be a table { pages = true, selected = true }", 2) end
  request({ type = "compare_scroll", lines = lines, pages = opts and opts.pages == true or false, selected = opts and opts.selected == true or false })
end
local COMPARE_JUMPS = { top = true, bottom = true, next_file = true, prev_file = true }
function Actions:compare_jump(to)
  if not COMPARE_JUMPS[to] then error(("app:compare_jump: to must be \"top\", \"bottom\", \"next_file\" or \"prev_file\", got %s"):format(tostring(to)), 2) end
  request({ type = "compare_jump", to = to })
end
function Actions:restart(target, spec, fn)
  if type(target) == "function" and spec == nil then target, spec = nil, target end
  if type(spec) == "function" and fn == nil then spec, fn = nil, spec end
  if spec ~= nil then spec = check_spec(spec, "app:restart: spec") end
  if spec and (spec.name or spec.worktree or spec.machine) then error("app:restart: spec takes command, args, cwd and env (the restart verb's)", 2) end
  if spec and spec.env ~= nil and type(spec.env) ~= "table" then error("app:restart: spec.env must be a table of variables", 2) end
  return as_verb(self, "app:restart", "restart", target, spec and { command = spec.command, args = spec.args, cwd = spec.cwd, env = spec.env } or {}, fn)
end

function Actions:select(items, opts, fn)
  if type(opts) == "function" and fn == nil then opts, fn = nil, opts end
  if type(items) ~= "table" then error("app:select: items must be a list", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("app:select: options must be a table", 2) end
  if type(fn) ~= "function" then error("app:select: the last argument must be a function(choice, app)", 2) end
  opts = opts or {}
  local text = opts.text
  if type(text) == "string" then text = { text } end
  if text ~= nil and type(text) ~= "table" then error("app:select: text must be a string or a list of lines", 2) end
  local lines = {}
  for _, line in ipairs(text or {}) do lines[#lines + 1] = tostring(line) end
  local shown = {}
  for i, it in ipairs(items) do
    local label, desc, confirm
    if type(it) == "table" then
      label = it.label or it.name or it.id
      desc = it.description or it.desc
      confirm = it.confirm
      if confirm ~= nil and (type(confirm) ~= "string" or not confirm:match("%S")) then
        error(("app:select: item %d: confirm must be a word to type, got %s"):format(i, tostring(confirm)), 2)
      end
    else
      label = it
    end
    if opts.format then label = opts.format(it) end
    shown[i] = { id = tostring(label == nil and i or label), description = desc ~= nil and tostring(desc) or "", value = tostring(i), confirm = confirm }
  end
  local id = open_dialog(fn, items)
  __botster.dialogs[id].typed = opts.typed == true
  request({ type = "dialog_open", title = tostring(opts.title or opts.prompt or "Select"), items = shown, text = #lines > 0 and lines or nil, typed = opts.typed == true or nil, key = opts.key ~= nil and tostring(opts.key) or nil, about = quoted(self, items, opts.about), dialog = id })
end

function Actions:input(opts, fn)
  if type(opts) == "function" and fn == nil then opts, fn = nil, opts end
  if opts ~= nil and type(opts) ~= "table" then error("app:input: options must be a table", 2) end
  if type(fn) ~= "function" then error("app:input: the last argument must be a function(text, app)", 2) end
  opts = opts or {}
  request({ type = "dialog_open", prompt = true, title = tostring(opts.title or opts.prompt or "Input"), query = opts.default ~= nil and tostring(opts.default) or "", dialog = open_dialog(fn, nil) })
end

-- Worktrees the hub made for agents: what one holds (git runs; `fn(status, app)` is called with
-- the answer), and its end. Finish and discard are the user's: an improvement's calls are refused.
function Actions:worktree_status(target, fn)
  if type(fn) ~= "function" then error("app:worktree_status: the last argument must be a function(status, app)", 2) end
  local id = agent_id(self, target)
  if target ~= nil and id == nil then error("app:worktree_status: no such agent", 2) end
  return __botster.call_verb(self, "app:worktree_status", "worktree.status", { agent = id and ("id:" .. id) }, fn)
end

-- A verb's name and arguments as the hub takes them, checked for `fname` (errors at its caller's line).
local function verb_args(fname, name, args)
  if type(name) ~= "string" or name == "" then error(fname .. " needs a verb's name (docs/protocol.md lists them)", 3) end
  if args ~= nil and type(args) ~= "table" then error(fname .. ": arguments must be a table, like { agent = 2 }", 3) end
  local sent = {}
  for k, v in pairs(args or {}) do
    -- An agent table (app.focused, one of app.agents) names its agent as the socket does.
    if k == "agent" and type(v) == "table" then v = v.id and ("id:" .. tostring(v.id)) or nil end
    sent[k] = v
  end
  return sent
end

-- Any verb of the hub's table (src/verbs/table.ts, listed in docs/protocol.md: focus, kill,
-- restart, ...) by name, with its arguments as the socket takes them. The hub judges it by the
-- verb's own rule of who may ask (your files may; an improvement, a project or a plugin only where
-- the verb says so) and checks its arguments with the verb's one checker; `fn(answer, app)` then
-- gets its typed answer: { ok = true, ... }, { ok = false, refused = why } or { ok = false, error = why }.
-- Without fn, a verb that fails or is refused says so in a notice.
function Actions:verb(name, args, fn)
  if type(args) == "function" and fn == nil then args, fn = nil, args end
  local sent = verb_args("app:verb", name, args)
  if fn ~= nil and type(fn) ~= "function" then error("app:verb: the last argument must be a function(answer, app)", 2) end
  request({ type = "verb", name = name, args = sent, dialog = fn and open_dialog(fn, nil) or nil })
end

-- app:verb that waits for the answer and returns it, where Lua can wait (a key, command, hook,
-- timer, or a web route, whose page then says what came of it: lua/default/web/routes.lua).
function Actions:call(name, args)
  local sent = verb_args("app:call", name, args)
  return __botster.wait_verb(self, name, sent, function(resume)
    request({ type = "verb", name = name, args = sent, dialog = open_dialog(resume, nil) })
  end)
end

--- Plugins (yours only: a plugin's, an improvement's or a project's calls are refused). fetch shows
--- one before you grant it: `fn(info, app)` gets its name, version, description, provides and wants
--- ({ name, what }), or info.error. Then plugin_add(info, { "keys", ... }) with what you grant;
--- plugin(op, name) updates, removes, enables or disables one (docs/plugins.md).
function Actions:plugin_fetch(source, fn)
  if type(source) ~= "string" or not source:match("%S") then error("app:plugin_fetch: the source must be text (a git URL, github:owner/repo, npm:NAME or a folder)", 2) end
  if type(fn) ~= "function" then error("app:plugin_fetch: the last argument must be a function(info, app)", 2) end
  return __botster.call_verb(self, "app:plugin_fetch", "plugin.fetch", { source = source }, fn)
end

function Actions:plugin_add(info, grant)
  if type(info) ~= "table" or type(info.token) ~= "string" then error("app:plugin_add: pass the info app:plugin_fetch gave", 2) end
  if grant ~= nil and type(grant) ~= "table" then error("app:plugin_add: grant must be a list of capabilities", 2) end
  local list = {}
  for i, c in ipairs(grant or {}) do list[i] = tostring(c) end
  __botster.ask_verb("app:plugin_add", "plugin.add", { token = info.token, grant = list })
end

local PLUGIN_OPS = { update = true, remove = true, enable = true, disable = true, grant = true }
function Actions:plugin(op, name, caps)
  if not PLUGIN_OPS[op] then error(("app:plugin: op must be update, remove, enable, disable or grant, got %s"):format(tostring(op)), 2) end
  if type(name) ~= "string" or name == "" then error("app:plugin: name a plugin (self.plugins)", 2) end
  if op == "grant" then
    if type(caps) ~= "table" then error("app:plugin: grant takes a list of capabilities", 2) end
    local list = {}
    for i, c in ipairs(caps) do list[i] = tostring(c) end
    return __botster.ask_verb("app:plugin", "plugin.grant", { name = name, grant = list })
  end
  __botster.ask_verb("app:plugin", "plugin." .. op, { name = name })
end

function Actions:finish_worktree(target, opts)
  if opts ~= nil and type(opts) ~= "table" then error("app:finish_worktree: options must be a table { how = \"merge\"|\"rebase\", force = false }", 2) end
  opts = opts or {}
  local how = opts.how or settings_value("worktree_finish") or "merge"
  if how ~= "merge" and how ~= "rebase" then error(("app:finish_worktree: how must be \"merge\" or \"rebase\", got %s"):format(tostring(how)), 2) end
  if target ~= nil and agent_id(self, target) == nil then return end
  local id = agent_id(self, target)
  __botster.ask_verb("app:finish_worktree", "worktree.finish", { agent = id and ("id:" .. id), how = how, force = opts.force == true })
end

-- Projects (a repository's .botster/): trust its files as they are now, or no longer. Yours only:
-- a project's own Lua, or an improvement, is refused.
-- A project from app.projects (or a project_found event) is trusted only as it was then (its hash).
function Actions:trust_project(path)
  local hash
  if type(path) == "table" then path, hash = path.path, path.hash end
  if type(path) ~= "string" then error("app:trust_project needs a folder (one of app.projects, or its path)", 2) end
  __botster.ask_verb("app:trust_project", "project.trust", { path = path, hash = type(hash) == "string" and hash or nil })
end
function Actions:untrust_project(path)
  if type(path) == "table" then path = path.path end
  if type(path) ~= "string" then error("app:untrust_project needs a folder (one of app.projects, or its path)", 2) end
  __botster.ask_verb("app:untrust_project", "project.untrust", { path = path })
end

function Actions:discard_worktree(target)
  if target ~= nil and agent_id(self, target) == nil then return end
  local id = agent_id(self, target)
  __botster.ask_verb("app:discard_worktree", "worktree.discard", { agent = id and ("id:" .. id) })
end

-- The user chose (value: 1-based index for select, text for input or typed into a select) or cancelled (nil).
function __botster.resolve_dialog(id, value, data)
  local d = __botster.dialogs[id]
  if not d then error("the dialog is gone (Lua was restarted); open it again", 0) end
  __botster.dialogs[id] = nil
  local choice = value
  -- A select answers an item's index, or (opts.typed) the text typed that matched no item.
  if d.items and type(value) == "string" then
    choice = d.typed and { typed = value } or nil
  elseif d.items and value ~= nil then
    choice = d.items[value]
  end
  return __botster.invoke(function(app) d.fn(choice, app) end, data)
end

-- Every action the app has (the documentation test reads the list).
__botster.actions = Actions

local APP_MT = { __index = function(_, k) return Actions[k] or (App and App[k]) end }

-- The one `app` every key function, command, dialog callback and hook gets: the hub's facts
-- (plain data from the host) with the actions above as methods.
function __botster.app_of(data)
  data.state = __botster.user_state
  local app = setmetatable(data, APP_MT)
  for _, agent in ipairs(app.agents or {}) do
    if agent.id == data.focused_id then app.focused = agent end
  end
  if __botster.derive then __botster.derive(app) end
  return app
end

function __botster.invoke(fn, data)
  __botster.requests = {}
  local app = __botster.app_of(data)
  -- custom events emitted meanwhile (events.emit) hand their handlers this app too
  __botster.current_app = app
  -- (in a coroutine: http.get, process.run and git.* wait there, lua/core/tasks.lua)
  __botster.run_co(fn, app, data.arg)
  return __botster.requests
end

-- Hub events: the host sets the app once per event, then calls each handler through call_hook.
function __botster.set_hook_app(data)
  __botster.current_app = data and __botster.app_of(data) or nil
end

-- One handler: fn(payload, app); returns its requests, then what it returned (before_* events).
function __botster.call_hook(fn, payload)
  __botster.requests = {}
  local r1, r2 = __botster.run_co(fn, payload, __botster.current_app)
  return __botster.requests, r1, r2
end

function __botster.run_command(id, data)
  local c = __botster.commands[id]
  if not c then error(("unknown command %q"):format(id), 0) end
  return __botster.invoke(c.fn, data)
end

-- The keymap and commands as data for the hub (functions travel as handles).
function __botster.export()
  local bindings = {}
  for i, b in ipairs(__botster.bindings) do
    bindings[i] = { mode = b.mode, spec = b.spec, keys = b.keys, desc = b.desc, source = b.source, command = b.command, fn = b.fn, arg = b.arg }
  end
  local cmds = {}
  for id, c in pairs(__botster.commands) do
    cmds[#cmds + 1] = { id = id, desc = c.desc, category = c.category, source = c.source }
  end
  local handlers = {}
  for i, h in ipairs(__botster.handlers or {}) do
    handlers[i] = { event = h.event, name = h.name, priority = h.priority, source = h.source }
  end
  local pages = {}
  for i, r in ipairs(web and web.routes or {}) do
    pages[i] = { method = r.method, path = r.path, source = r.source }
  end
  return { bindings = bindings, modes = __botster.modes, commands = cmds, events = __botster.subscribed and __botster.subscribed() or {}, hooks = handlers, routes = pages, unbinds = __botster.unbinds or {}, profiles = __botster.export_profiles and __botster.export_profiles() or {}, clis = __botster.export_clis and __botster.export_clis() or {}, settings = __botster.settings and __botster.settings() or nil }
end
