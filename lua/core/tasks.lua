-- What Lua waits for: timers, HTTP, processes, git (docs/lua/http.md, process.md, git.md,
-- timer.md). The host runs them (src/lua/runtime/lua-tasks.ts) and, once one finished, calls
-- __botster.run_due with the hub's view: each waiting callback runs, or each waiting coroutine
-- resumes. Every key function, command, hook and dialog callback runs in a coroutine of its own
-- (__botster.run_co), so `local res = http.get(url)` there waits without blocking anything.
local host_task, host_timer, host_stop = __host_task, __host_timer, __host_task_stop
local create, resume, status, running, yield, isyieldable =
  coroutine.create, coroutine.resume, coroutine.status, coroutine.running, coroutine.yield, coroutine.isyieldable
local pack, unpack, type, error, tostring, pcall, setmetatable = table.pack, table.unpack, type, error, tostring, pcall, setmetatable

-- A public function: its errors name the caller's line (helpers raise without a position).
local function public(f)
  return function(...)
    -- Where the caller is ("user/ci.lua:12: "), for the log of a task that fails: level 3 from
    -- error's point of view is the caller of this function (no debug library in a sandbox).
    local _, where = pcall(error, "", 3)
    __botster.task_where = where
    local r = pack(pcall(f, ...))
    if not r[1] then error(r[2], 2) end
    return unpack(r, 2, r.n)
  end
end

local waiting = {} -- id -> { fn = callback } | { co = coroutine, app = the app it had }
local WAIT = setmetatable({}, { __name = "botster.wait" })

-- A resumed coroutine's result: its values once it ended; nothing while it waits again.
local function settle(co, res)
  if not res[1] then error(res[2], 0) end
  if status(co) == "suspended" then return end
  return unpack(res, 2, res.n)
end

-- The coroutines run_co made: only a task may suspend them. A plain coroutine.yield there is what
-- it was before they existed (an error at its line), not a handler that silently never ends.
local ours = setmetatable({}, { __mode = "k" })
local plain_yield = yield
coroutine.yield = function(...)
  if ours[running()] then error("attempt to yield from outside a coroutine", 2) end
  return plain_yield(...)
end

--- Runs fn(...) in a coroutine of its own: what it returns, or nothing if it waits for a task.
function __botster.run_co(fn, ...)
  local co = create(fn)
  ours[co] = true
  return settle(co, pack(resume(co, ...)))
end

-- The app a waiting coroutine holds shows the hub as it is when it resumes.
local function refresh(old, new)
  for k in pairs(old) do old[k] = nil end
  for k, v in pairs(new) do old[k] = v end
end
__botster.refresh_app = refresh

-- A web route's coroutines (lua/core/web.lua): the host that runs the route answers its page only
-- once it ended, so it may wait for verbs (app:call), which that host runs and resumes it with, but
-- not for a task or a timer, which would resume it after its page was answered.
local routes = setmetatable({}, { __mode = "k" })
local VERB = setmetatable({}, { __name = "botster.verb" })

-- A route's coroutine after a step: true and what it returned once it ended; else false, the
-- coroutine, and the verb it waits for ({ name, args }).
local function route_step(co, res)
  if not res[1] then error(res[2], 0) end
  if status(co) == "dead" then return true, res[2] end
  return false, co, res[3]
end

--- Starts a web route's fn(...) in a coroutine of its own (see route_step for what it returns).
function __botster.start_route(fn, ...)
  local co = create(fn)
  ours[co], routes[co] = true, true
  return route_step(co, pack(resume(co, ...)))
end

--- Resumes a route's coroutine with the answer of the verb it waited for.
function __botster.resume_route(co, answer)
  return route_step(co, pack(resume(co, answer)))
end

--- Whether the Lua running now may wait (a coroutine: a key, command, hook, timer, web route).
function __botster.can_wait()
  local _, main = running()
  return not main and isyieldable()
end

--- app:call (lua/core/actions.lua) waits here for verb `name`'s answer: a web route hands it to the
--- host running the route; any other coroutine has `ask(fn)` send it, and fn(answer, app) resumes it.
function __botster.wait_verb(app, name, args, ask)
  local co, main = running()
  if main or not isyieldable() then
    error("app:call: call it where Lua can wait (a key, command, hook, timer or web route), or use app:verb(name, args, fn)", 3)
  end
  if routes[co] then return (plain_yield(VERB, { name = name, args = args })) end
  ask(function(answer, now)
    if app then refresh(app, now) end
    return settle(co, pack(resume(co, answer)))
  end)
  return (plain_yield(WAIT))
end

local function wait_for(id, cb, what)
  if cb ~= nil then
    if type(cb) ~= "function" then host_stop(id); error(what .. ": the last argument must be a function(result, app)", 0) end
    waiting[id] = { fn = cb }
    return id
  end
  local co, main = running()
  if main or not isyieldable() then
    host_stop(id)
    error(what .. ": pass a function(result, app) as the last argument, or call it from a key, command, hook or timer (which wait for it)", 0)
  end
  if routes[co] then
    host_stop(id)
    error(what .. ": a web route answers its page before this would end: pass a function(result, app) as the last argument (a route waits only for app:call)", 0)
  end
  waiting[id] = { co = co, app = __botster.current_app }
  local res = pack(yield(WAIT))
  return unpack(res, 1, res.n)
end

--- Starts a host task (kind: "http", "process", "git"); errors at the caller's line.
function __botster.task(kind, spec, cb, what)
  spec.where = __botster.task_where
  local ok, id = pcall(host_task, kind, spec)
  if not ok then error(what .. ": " .. tostring(id):gsub("^[^\n]-:%d+: ", ""):gsub("^" .. kind .. "[%.%w_]*: ", ""), 0) end
  return wait_for(id, cb, what)
end

-- The host: these finished (list of { id, result, keep }); `data` is the app's facts now.
-- Returns the requests they made and the errors of those that failed (`file:line: message`).
function __botster.run_due(list, data)
  __botster.requests = {}
  local app = __botster.app_of(data)
  __botster.current_app = app
  local errors = {}
  for _, d in ipairs(list) do
    local w = waiting[d.id]
    if w then
      if not d.keep then waiting[d.id] = nil end
      local ok, err
      if w.co then
        if w.app then refresh(w.app, app) end
        ok, err = pcall(settle, w.co, pack(resume(w.co, d.result)))
      else
        ok, err = pcall(__botster.run_co, w.fn, d.result, app)
      end
      if not ok then errors[#errors + 1] = tostring(err) end
    end
  end
  return __botster.requests, errors
end

-- timer.after(ms, fn) / timer.every(ms, fn): fn(app) later, or every ms (at least 100); the handle
-- stops it. Every timer of a configuration stops when it reloads (its files then start theirs again).
timer = {}
local Timer = {}
Timer.__index = Timer
function Timer:stop()
  waiting[self.id] = nil
  host_stop(self.id)
end

local function start_timer(name, ms, fn, every)
  if type(fn) ~= "function" then error("timer." .. name .. ": the second argument must be a function(app)", 0) end
  local ok, id = pcall(host_timer, ms, every)
  if not ok then error(tostring(id):gsub("^[^\n]-:%d+: ", ""), 0) end
  waiting[id] = { fn = function(_, app) return fn(app) end }
  return setmetatable({ id = id }, Timer)
end
timer.after = public(function(ms, fn) return start_timer("after", ms, fn, false) end)
timer.every = public(function(ms, fn) return start_timer("every", ms, fn, true) end)
function timer.stop(h)
  if type(h) == "table" and h.id then Timer.stop(h) end
end

-- http.request{ method, url, headers, body, json, timeout, max_bytes } -> { status, ok, headers, body, url, error }
http = {}
local function request(spec, cb, what)
  if type(spec) ~= "table" then error(what .. ": expected a table { url = ... }", 0) end
  local s = { method = spec.method, url = spec.url, headers = {}, body = spec.body, timeout = spec.timeout, max_bytes = spec.max_bytes }
  if spec.headers ~= nil and type(spec.headers) ~= "table" then error(what .. ": headers must be a table", 0) end
  for k, v in pairs(spec.headers or {}) do s.headers[tostring(k):lower()] = tostring(v) end
  if spec.json ~= nil then
    local ok, body = pcall(json.encode, spec.json)
    if not ok then error(what .. ": " .. tostring(body):gsub("^[^\n]-:%d+: ", ""), 0) end
    s.body = body
    s.headers["content-type"] = s.headers["content-type"] or "application/json"
  end
  local res = pack(__botster.task("http", s, cb, what))
  return unpack(res, 1, res.n)
end
http.request = public(function(spec, cb) return request(spec, cb, "http.request") end)
http.get = public(function(url, opts, cb)
  if type(opts) == "function" then opts, cb = nil, opts end
  local s = {}
  for k, v in pairs(opts or {}) do s[k] = v end
  s.method, s.url = "GET", url
  return request(s, cb, "http.get")
end)
http.post = public(function(url, body, opts, cb)
  if type(opts) == "function" then opts, cb = nil, opts end
  local s = {}
  for k, v in pairs(opts or {}) do s[k] = v end
  s.method, s.url = "POST", url
  if type(body) == "table" then s.json = body else s.body = body end
  return request(s, cb, "http.post")
end)

-- process.run{ cmd, args, cwd, timeout, input } -> { code, ok, stdout, stderr, error }
process = {}
process.run = public(function(spec, cb)
  if type(spec) ~= "table" then error("process.run: expected a table { cmd = ..., args = { ... } }", 0) end
  local res = pack(__botster.task("process", { cmd = spec.cmd, args = spec.args, cwd = spec.cwd, timeout = spec.timeout, input = spec.input }, cb, "process.run"))
  return unpack(res, 1, res.n)
end)

-- git.status / branch / log / diff_stat / remote_url of a folder (read-only facts).
git = {}
local function git_fact(op, opts, cb, pick)
  if type(opts) == "function" then opts, cb = nil, opts end
  if type(opts) == "string" then opts = { cwd = opts } end
  if opts ~= nil and type(opts) ~= "table" then error("git." .. op .. ": expected a folder or a table { cwd = ... }", 0) end
  opts = opts or {}
  local spec = { op = op, cwd = opts.cwd or opts.dir, max = opts.max, remote = opts.remote }
  local function shaped(r)
    if type(r) == "table" and r.error then return nil, r.error end
    return pick(r)
  end
  if cb ~= nil then
    if type(cb) ~= "function" then error("git." .. op .. ": the last argument must be a function(result, err)", 0) end
    return __botster.task("git", spec, function(r, app) local v, e = shaped(r); return cb(v, e, app) end, "git." .. op)
  end
  return shaped(__botster.task("git", spec, nil, "git." .. op))
end
git.status = public(function(opts, cb) return git_fact("status", opts, cb, function(r) return r end) end)
git.branch = public(function(opts, cb) return git_fact("branch", opts, cb, function(r) return r.branch end) end)
git.log = public(function(opts, cb) return git_fact("log", opts, cb, function(r) return r.commits end) end)
git.diff_stat = public(function(opts, cb) return git_fact("diff_stat", opts, cb, function(r) return r end) end)
git.remote_url = public(function(opts, cb) return git_fact("remote_url", opts, cb, function(r) return r.url end) end)
