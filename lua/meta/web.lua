---@meta
-- LuaLS annotations for the web face (docs/web.md): routes, render, redirect, web.turbo_stream.

---@class botster.WebRequest
---@field method "GET"|"POST"
---@field path string                 the path asked for, e.g. "/agents/3"
---@field params table<string, string> the route's :names, e.g. req.params.id
---@field query table<string, string>  ?key=value of the address
---@field form table<string, string>   a posted form's fields (its CSRF token was checked and removed)
---@field read_only boolean            the session sees everything and changes nothing
---@field format "html"|"json"          "json": the client asked for JSON (Accept: application/json, not text/html); a route may answer a verb's typed answer (app:call)

---@class botster.WebRender
---@field template string
---@field data table

routes = {}

--- Answers GET `path` ("/agents/:id" sets req.params.id). The same path again replaces it.
--- Your user/routes.lua, or a plugin granted `web`; in an improvement it is an error at its line.
--- Example: routes.get("/dashboard", function(req, app) return render("dashboard.liquid", { agents = web.board(app) }) end)
---@param path string
---@param fn fun(req: botster.WebRequest, app: botster.AppActions): botster.WebRender|table|nil
function routes.get(path, fn) end

--- Answers a form posted to `path` (only from the hub's own pages, with their CSRF token; never
--- from a read-only session). Answer with redirect(...) after acting; app:call waits for an
--- action's typed answer, so the page can say what came of it.
--- Example: routes.post("/agents/:id/poke", function(req, app) local a = app:call("agent.send", { agent = req.params.id, text = "go", keys = "enter" }) return redirect("/", not a.ok and "not sent" or nil) end)
---@param path string
---@param fn fun(req: botster.WebRequest, app: botster.AppActions): botster.WebRender|table|nil
function routes.post(path, fn) end

--- A page: the Liquid template `name` (user/templates/NAME over lua/default/web/templates/NAME) with `data`.
--- Example: return render("board.liquid", { agents = web.board(app), waiting = 0 })
---@param name string
---@param data? table
---@return botster.WebRender
function render(name, data) end

--- Sends the browser to `path` (after a form, say). With `note`, the page there says it on top
--- (it becomes the address's `?note=`, encoded).
--- Example: return redirect("/")
--- Example: return redirect("/agents/" .. a.id, answer.ok and nil or answer.error)
---@param path string
---@param note? string
---@return table
function redirect(path, note) end

web = {}
web.render = render
web.redirect = redirect

--- To every open page: a Turbo Stream action ("replace", "update", "append", "remove", ...) on the
--- element with id `target`; `html` is render(...) (markup) or a string (shown as text).
--- `opts.method = "morph"` (replace, update) changes the element in place, only what differs
--- (Turbo's morphing): cheaper for the page than a new element, and its controllers stay connected.
--- Example: web.turbo_stream("update", "waiting_count", "2")
--- Example: web.turbo_stream("replace", "agent_3", render("_agent_card.liquid", { agent = web.card(a) }), { method = "morph" })
---@param action string
---@param target string
---@param html string|botster.WebRender
---@param opts? { method?: "morph" }
function web.turbo_stream(action, target, html, opts) end

--- One agent as the shipped templates see it (id, name, state, reason, program, cwd, repo, branch, machine, waiting; lead and lead_name for a teammate: docs/teams.md).
--- Example: render("_agent_card.liquid", { agent = web.card(agent) })
---@param agent botster.Agent
---@param names? table<string, string> # agents' names by id: a teammate's card names its lead's
---@return table
function web.card(agent, names) end

--- The agents for the board, the ones waiting for you first.
--- Example: render("board.liquid", { agents = web.board(app) })
---@param app botster.App
---@return table[]
function web.board(app) end

--- The improvements waiting for your answer (app.improvements) as the board shows them: name,
--- from ("agent 3" or "a file"), reasoning, at, and lines (what accepting it changes:
--- improvements.ask_lines). POST /improvements/NAME with answer=accept or reject answers one.
--- Example: render("_improvements.liquid", { improvements = web.improvements(app) })
---@param app botster.App
---@return table[]
function web.improvements(app) end
