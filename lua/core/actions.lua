-- actions: the app handed to key, command and hook functions, and the configuration as data.
-- Loaded by the trusted configuration and by every improvement's sandbox alike. The app's methods
-- are in four rooms: the intents (lua/core/views.lua), the dialogs (lua/core/select.lua), a verb
-- each (app:NAME, made from the verbs' table: lua/core/verbs.lua) and the older call forms of
-- verbs (lua/core/verb_forms.lua); this file is the door they go through.

-- The app handed to key, command and hook functions: what the hub looks like now, plus methods
-- that ask the hub. The hub applies the requests after the function returns. Each request is one
-- of the hub's requests (src/hub/requests.ts): an intent (focus, set_mode, notify, scroll,
-- dialog_open, scroll_search, review, compare, ...), the words the built-in commands speak too
-- (src/commands/builtin-requests.ts), or `verb`: every act (app:spawn, kill, send, quit, run,
-- trust_project...) is a verb of the socket, its rule, its answer.
__botster.requests = {}

local Actions = {}
-- Every action the app has (the documentation test reads the list; the other rooms add theirs).
__botster.actions = Actions

function __botster.request(fields)
  __botster.requests[#__botster.requests + 1] = fields
end
local request = __botster.request

-- An agent named by an agent table or its id. A number is an agent's id, the number on screen,
-- everywhere (the n-th row of the list is app.agents[n], named as such).
function __botster.agent_id(app, target)
  if type(target) == "table" then return target.id end
  if target == nil then return nil end
  if math.type(target) == "float" and target == math.floor(target) then return ("%d"):format(target) end
  return tostring(target)
end

-- Dialogs: each open one's callback waits here until the user chooses or cancels. The host shows
-- one at a time (others wait their turn) and knows them by its own ids; a configuration replaced
-- by a reload while one of its dialogs is open stays alive in the worker to answer it. A verb's
-- answer comes back to its callback the same way.
__botster.dialogs = __botster.dialogs or {}
__botster.dialog_seq = __botster.dialog_seq or 0

function __botster.open_dialog(fn, items)
  __botster.dialog_seq = __botster.dialog_seq + 1
  __botster.dialogs[__botster.dialog_seq] = { fn = fn, items = items }
  return __botster.dialog_seq
end
local open_dialog = __botster.open_dialog

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

-- A verb's name and arguments as the hub takes them, checked for `fname` (errors at its caller's line).
function __botster.verb_args(fname, name, args)
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
local verb_args = __botster.verb_args

-- app:NAME for verb `name` (lua/core/verbs.lua, made from the verbs' table, calls this for each):
-- app:worktree_finish({ agent = app.focused }, fn) is the worktree.finish verb, its arguments named
-- as the socket takes them, its answer as app:verb's. A call form of the same verb written by hand
-- under that name (app:run(id, arg), lua/core/verb_forms.lua) stays: it takes these arguments too.
__botster.verb_methods = __botster.verb_methods or {}
function __botster.app_verb(method, name)
  __botster.verb_methods[name] = method
  if rawget(Actions, method) then return end
  local fname = "app:" .. method
  Actions[method] = function(self, args, fn)
    if type(args) == "function" and fn == nil then args, fn = nil, args end
    return __botster.call_verb(self, fname, name, verb_args(fname, name, args), fn)
  end
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
  local c = __botster.commands[(__botster.verb_aliases or {})[id] or id]
  if not c then error(("unknown command %q"):format(id), 0) end
  return __botster.invoke(c.fn, data)
end

-- The keymap and commands as data for the hub (functions travel as handles).
function __botster.export()
  local bindings = {}
  for i, b in ipairs(__botster.bindings) do
    bindings[i] = { mode = b.mode, spec = b.spec, keys = b.keys, desc = b.desc, source = b.source, command = b.command, fn = b.fn, arg = b.arg, verb = b.verb }
  end
  local cmds = {}
  for id, c in pairs(__botster.commands) do
    cmds[#cmds + 1] = { id = id, desc = c.desc, category = c.category, source = c.source, verb = c.verb }
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
