-- The web face's routes (docs/web.md): routes.get/post(path, fn(req, app)) answered with
-- render(template, data), redirect(path), or a table (JSON). Lua returns data; the hub renders the
-- Liquid templates and serves them (src/web/). web.turbo_stream(action, target, html) from any hook
-- updates the open pages. Registering costs nothing while the web is off.
web = { routes = {} }
routes = {}
local where = __botster.where
local host_stream = __host_web_stream

-- "/agents/:id" -> a Lua pattern and the names of its parameters
local function compile(path)
  local names = {}
  local pattern = "^" .. path:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"):gsub(":([%w_]+)", function(name)
    names[#names + 1] = name
    return "([^/]+)"
  end) .. "$"
  return pattern, names
end

local function add(method, path, fn)
  local fname = "routes." .. method:lower()
  if type(path) ~= "string" or path:sub(1, 1) ~= "/" then error(fname .. ': path must be a string starting with "/"', 3) end
  if type(fn) ~= "function" then error(fname .. ": handler must be a function(req, app)", 3) end
  local pattern, names = compile(path)
  local r = { method = method, path = path, pattern = pattern, names = names, fn = fn, source = where(3) }
  -- The same method and path again replaces it (user/routes.lua over the shipped ones).
  for i, old in ipairs(web.routes) do
    if old.method == method and old.path == path then
      web.routes[i] = r
      return
    end
  end
  web.routes[#web.routes + 1] = r
end

--- routes.get(path, fn(req, app)): answers GET path ("/agents/:id" sets req.params.id).
function routes.get(path, fn) add("GET", path, fn) end
--- routes.post(path, fn(req, app)): answers a form posted to path (req.form holds its fields).
function routes.post(path, fn) add("POST", path, fn) end

--- render(template, data): the page of a Liquid template (user/templates/NAME over the shipped one).
function render(template, data)
  if type(template) ~= "string" or template == "" then error("render: name a template, e.g. \"board.liquid\"", 2) end
  if data ~= nil and type(data) ~= "table" then error("render: data must be a table", 2) end
  -- The line that renders it, for an error about the template (a missing one, say). `return
  -- render(...)` is a tail call, whose caller's line Lua no longer has: the hub finds it then.
  local tail = debug.getinfo(1, "t").istailcall
  return { __web = "render", template = template, data = data or {}, at = not tail and where(2) or nil }
end

--- redirect(path, note): sends the browser to path (after a form, say); with note, the page
--- there says it on top (its ?note=).
function redirect(path, note)
  -- (a path of this site: "//host" or "/\\host" would leave it)
  if type(path) ~= "string" or not path:match("^/[^/\\]") and path ~= "/" then
    error('redirect: a path of the hub, starting with one "/"', 2)
  end
  if note ~= nil then
    if type(note) ~= "string" then error("redirect: the note must be a string", 2) end
    local encoded = note:gsub("[^%w%-%._~ ]", function(c) return ("%%%02X"):format(c:byte()) end):gsub(" ", "+")
    path = path .. (path:find("?", 1, true) and "&" or "?") .. "note=" .. encoded
  end
  return { __web = "redirect", location = path }
end

web.render, web.redirect = render, redirect

--- web.turbo_stream(action, target, html, opts): to every open page ("replace", "agent_3", render(...) or
--- html); opts.method = "morph" changes the element in place (replace, update) instead of anew.
function web.turbo_stream(action, target, html, opts)
  if type(action) ~= "string" or not action:match("^[%l_]+$") then error("web.turbo_stream: action like \"replace\"", 2) end
  if type(target) ~= "string" or target == "" then error("web.turbo_stream: target must be an element id", 2) end
  if type(html) ~= "string" and not (type(html) == "table" and html.__web == "render") then
    error("web.turbo_stream: html must be a string or render(template, data)", 2)
  end
  local method = type(opts) == "table" and opts.method or nil
  if method ~= nil and method ~= "morph" then error("web.turbo_stream: opts.method is \"morph\" or nothing", 2) end
  if host_stream then host_stream({ action = action, target = target, html = html, method = method }) end
end

-- A route that waits for a verb (app:call) hands it to the hub with a token; the hub runs it and
-- resumes the route with its answer (__botster.web_resume), so its page says what came of it.
local waiting, last_token = {}, 0

-- What a step of route `r` came to (pcall of start_route or resume_route): its answer, or the verb
-- it waits for.
local function stepped(r, app, ok, done, value, asked)
  if not ok then
    -- (`return redirect(...)` is a tail call: its error has no line of yours; the route's is named)
    local message = tostring(done)
    if not message:match("^[^%s:]+:%d+: ") then message = r.source .. ": " .. message end
    error(message, 0)
  end
  if done then return { answer = value, requests = __botster.requests, source = r.source } end
  last_token = last_token + 1
  waiting[last_token] = { co = value, app = app, route = r }
  return { wait = asked, token = last_token, requests = __botster.requests, source = r.source }
end

-- The hub: the route for method + path, run with the request and the app (as a command's self).
function __botster.web_dispatch(req, data)
  for i = #web.routes, 1, -1 do
    local r = web.routes[i]
    if r.method == req.method then
      local found = { req.path:match(r.pattern) }
      if found[1] ~= nil or req.path == r.path then
        req.params = {}
        for k, name in ipairs(r.names) do req.params[name] = found[k] end
        __botster.requests = {}
        local app = __botster.app_of(data)
        return stepped(r, app, pcall(__botster.start_route, r.fn, req, app))
      end
    end
  end
  return { answer = nil, missing = true, requests = {} }
end

-- The hub: the configuration reloaded while a route waited for `verb` (the verb reloaded it, say:
-- an improvement accepted) and the route's Lua went with the old one. Its page is the board,
-- saying what the verb answered.
function __botster.web_reloaded(verb, answer)
  local said
  if answer.ok then
    -- (what the verb said it did: an act's `said`, a command's `notice` through the run verb)
    local words = type(answer.said) == "string" and answer.said or answer.notice
    said = type(words) == "string" and words or (verb .. ": done")
  else
    said = verb .. ": " .. (answer.refused and ("refused: " .. answer.refused) or tostring(answer.error))
  end
  return { answer = redirect("/", said), requests = {} }
end

-- The hub: the verb route `token` waited for answered; `data` is the hub's facts now.
function __botster.web_resume(token, answer, data)
  local w = waiting[token]
  if not w then error("the configuration reloaded while a route waited for a verb: load the page again", 0) end
  waiting[token] = nil
  __botster.requests = {}
  __botster.refresh_app(w.app, __botster.app_of(data))
  return stepped(w.route, w.app, pcall(__botster.resume_route, w.co, answer))
end
