-- The shipped web pages (docs/web.md): the board, an agent's page, answers, new, interrupt and stop. Your
-- user/routes.lua adds routes or replaces one of these by method and path; user/templates/NAME
-- replaces a template of the same name.

-- Those that want you first, as `w` (agent.next_waiting) finds them: waiting for an answer or
-- done with their turn, by number; then the others.
local ORDER = { waiting = 0, done = 0, error = 1, idle = 2, running = 3, exited = 4 }

-- A plain answer goes with one tap: "y"/"n" and Enter, or Enter on a preselected "Yes". Anything
-- else (Escape, Ctrl+C, other text) is held for a second tap.
local function held(a, what)
  local ans = answers.for_agent(a, what)
  if not ans then return true end
  local text, keys = ans.text or "", ans.keys or ""
  return not ((text == "y" or text == "n" or text == "") and (keys == "enter" or keys == ""))
end

--- One agent as the templates see it.
---@param a botster.Agent
function web.card(a, names)
  return {
    lead = a.lead, lead_name = a.lead and (names or {})[a.lead] or a.lead,
    id = a.id, name = a.name, state = a.state or "running", reason = a.reason, program = a.program,
    cwd = a.cwd, repo = a.repo, branch = a.git_branch or a.branch, machine = a.machine,
    waiting = a.state == "waiting", since = a.state_since,
    hold = { yes = held(a, "yes"), no = held(a, "no") },
    -- The permission question your rules left to you (docs/permissions.md): allow once, always, deny.
    permission = a.permission,
    worktree = a.worktree ~= nil,
    -- What its CLI reported about cost and limits (agent.usage; lua/default/usage.lua).
    usage = a.usage, usage_line = usage and usage.short(a.usage) or nil,
  }
end

--- The agents for the board, those waiting for you (waiting or done) first.
function web.board(app)
  local list, names = {}, {}
  for _, a in ipairs(app.agents or {}) do names[a.id] = a.name end
  -- (a teammate says whose team it is in: its lead's number and name)
  for _, a in ipairs(app.agents or {}) do list[#list + 1] = web.card(a, names) end
  table.sort(list, function(x, y)
    local ox, oy = ORDER[x.state] or 9, ORDER[y.state] or 9
    if ox ~= oy then return ox < oy end
    return (tonumber(x.id) or 0) < (tonumber(y.id) or 0)
  end)
  return list
end

local function find(app, id)
  for _, a in ipairs(app.agents or {}) do
    if a.id == id then return a end
  end
end

-- What a verb the route waited for (app:call) came to: nil when it did it, else why not, to show.
local function why_not(answer)
  if answer.ok then return nil end
  return answer.refused and ("refused: " .. answer.refused) or tostring(answer.error)
end

local function waiting_count(app)
  local n = 0
  for _, a in ipairs(app.agents or {}) do
    if a.state == "waiting" then n = n + 1 end
  end
  return n
end

local function other_questions(app)
  local list = {}
  for _, q in ipairs(app.questions or {}) do
    if not (q.key or ""):match("^improvement:") then list[#list + 1] = q end
  end
  return list
end

routes.get("/", function(req, app)
  return render("board.liquid", {
    agents = web.board(app), waiting = waiting_count(app), note = req.query.note,
    -- Questions the hub keeps for you (a pipeline to run...): answered in the hub. Improvements are
    -- listed and answered here (web/improvements.lua), so their questions are not listed twice.
    questions = other_questions(app), improvements = web.improvements(app),
  })
end)

-- The grid: the live terminals of up to 9 agents, as `b` shows them in the hub (App:grid_agents,
-- lua/default/grid.lua): ?filter=all|waiting|running (or a state), or ?ids=1,4,7.
routes.get("/grid", function(req, app)
  local filter = req.query.filter or "all"
  local opts = { filter = filter }
  if req.query.ids and req.query.ids ~= "" then
    opts = { ids = {} }
    for id in tostring(req.query.ids):gmatch("[^,%s]+") do opts.ids[#opts.ids + 1] = id end
    filter = "chosen"
  end
  local list, on = {}, {}
  for _, a in ipairs(app:grid_agents(opts)) do
    list[#list + 1] = web.card(a)
    on[a.id] = true
  end
  local off = {}
  for _, a in ipairs(app.agents or {}) do
    if a.state == "waiting" and not on[a.id] then off[#off + 1] = web.card(a) end
  end
  return render("grid.liquid", {
    agents = list, off_grid = off, filter = filter, filters = { "all", "waiting", "running" },
    cols = math.max(1, math.ceil(math.sqrt(#list))), waiting = waiting_count(app), note = req.query.note,
  })
end)

-- A page about one agent: `template` with it as `agent`.
local function agent_page(template)
  return function(req, app)
    local a = find(app, req.params.id)
    if not a then return redirect("/", "no such agent") end
    return render(template, { agent = web.card(a), waiting = waiting_count(app), note = req.query.note })
  end
end

routes.get("/agents/:id", agent_page("agent.liquid"))

-- An answer lands only on the question the page showed: a newer one (or none) refuses it.
routes.post("/agents/:id/answer", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  if a.state ~= "waiting" or (a.reason or "") ~= (req.form.question or "") then
    return redirect("/", a.id .. " asks something else now: nothing was sent")
  end
  local what = req.form.answer
  local ans = answers.for_agent(a, what)
  if not ans then return redirect("/", "say yes or no") end
  -- The `send` verb, waited for: what it refuses is said on the board, not lost.
  local answer = app:call("agent.send", { agent = a, text = ans.text, keys = ans.keys ~= "" and ans.keys or nil })
  if req.format == "json" then return answer end
  local no = why_not(answer)
  return redirect("/", no)
end)

-- A permission question your rules left to you (agent.permission): allow once, allow always for
-- this agent (the rules answer it allow from now on), or deny; one tap each. Recorded and logged
-- (the permission.answer verb), then typed as the CLI's yes or no. Only on the question shown.
local PERMISSION_KEYS = { allow = "yes", always = "yes", deny = "no" }
routes.post("/agents/:id/permission", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  local p = a.permission
  if a.state ~= "waiting" or not p or p.key ~= req.form.key or (a.reason or "") ~= (req.form.question or "") then
    return redirect("/", a.id .. " asks something else now: nothing was sent")
  end
  local what = req.form.answer
  local ans = PERMISSION_KEYS[what] and answers.for_agent(a, PERMISSION_KEYS[what])
  if not ans then return redirect("/", "say allow, always or deny") end
  local said = app:call("permission.answer", { agent = a, answer = what, key = p.key })
  if not said.ok then return req.format == "json" and said or redirect("/", why_not(said)) end
  local sent = app:call("agent.send", { agent = a, text = ans.text, keys = ans.keys ~= "" and ans.keys or nil })
  if req.format == "json" then return sent.ok and said or sent end
  local done = what == "always" and "allowed always for this agent" or what == "allow" and "allowed once" or "denied"
  return redirect("/", why_not(sent) or ("%s: %s %s"):format(a.name, p.subject, done))
end)

-- The `kill` verb, waited for: stopped, the board; refused (a before_agent_kill handler of yours
-- said no, say), the agent's page says why. Asked for JSON, the verb's typed answer, as the socket's.
routes.post("/agents/:id/stop", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  local answer = app:call("agent.kill", { agent = a })
  if req.format == "json" then return answer end
  local no = why_not(answer)
  if not no then return redirect("/") end
  return redirect("/agents/" .. a.id, no)
end)

-- The `interrupt` verb (its CLI's interrupt key, as ctrl+c in normal mode), waited for: the agent's
-- page again, saying what was pressed or why not. Asked for JSON, the verb's typed answer.
routes.post("/agents/:id/interrupt", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  local answer = app:call("agent.interrupt", { agent = a })
  if req.format == "json" then return answer end
  local no = why_not(answer)
  return redirect("/agents/" .. a.id, no or ("interrupted (" .. answer.keys .. ")"))
end)

-- The review of a worktree agent: what it changed against the branch it came from, with the
-- review comments under their lines (docs/review.md). ?at=FILE:LINE (or FILE:LINE (removed)) opens
-- the form to comment it.
routes.get("/agents/:id/diff", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  local listed = app:call("review.comments", { agent = a })
  local at, counts, unsent = {}, {}, 0
  for i, c in ipairs(listed.ok and listed.comments or {}) do
    c.n = i
    -- under its last line, on its own side: a removed line 2 is another row than an added line 2
    -- (the key is that row's `at`, src/server/web-adapter.ts)
    local key = c.file .. ":" .. c["end"] .. (c.side == "old" and " (removed)" or "")
    at[key] = at[key] or {}
    table.insert(at[key], c)
    counts[c.state] = (counts[c.state] or 0) + 1
    if c.state == "new" or c.state == "stale" then unsent = unsent + 1 end
  end
  return render("diff.liquid", {
    agent = web.card(a), waiting = waiting_count(app), note = req.query.note,
    comments_at = at, comments = listed.comments or {}, unsent = unsent, counts = counts,
    commenting = req.query.at,
  })
end)

-- A comment on a line of its changes (the review.comment verb, as `c` in the review panel).
routes.post("/agents/:id/comment", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  local answer = app:call("review.comment", { agent = a, at = tostring(req.form.at or ""), text = tostring(req.form.text or "") })
  if req.format == "json" then return answer end
  local no = why_not(answer)
  return redirect("/agents/" .. a.id .. "/diff", no)
end)

-- Every comment not sent yet, to the agent as one prompt (review.send; busy: now or wait, else settings.review_busy).
routes.post("/agents/:id/review/send", function(req, app)
  local a = find(app, req.params.id)
  if not a then return redirect("/", "no such agent") end
  local busy = req.form.busy
  local answer = app:call("review.send", { agent = a, busy = (busy == "now" or busy == "wait") and busy or nil })
  if req.format == "json" then return answer end
  local no = why_not(answer)
  local said = no or ("sent " .. answer.sent .. " comment" .. (answer.sent == 1 and "" or "s"))
  return redirect("/agents/" .. a.id .. "/diff", said)
end)

-- Runs of a "choose" pipeline waiting for you: each candidate's changes side by side, keep one.
routes.get("/pipelines", function(_, app)
  local runs = {}
  for _, r in ipairs(app.pipelines or {}) do
    if r.status == "choosing" then
      local list = {}
      for _, s in ipairs(r.steps or {}) do
        if s.agent_id and find(app, s.agent_id) then list[#list + 1] = { key = s.key, agent = s.agent, agent_id = s.agent_id, branch = s.branch } end
      end
      runs[#runs + 1] = { id = r.id, name = r.pipeline or r.id, candidates = list }
    end
  end
  return render("pipelines.liquid", { runs = runs, waiting = waiting_count(app) })
end)

routes.post("/pipelines/:id/choose", function(req, app)
  for _, r in ipairs(app.pipelines or {}) do
    if r.id == req.params.id and r.status == "choosing" then
      -- (the pipeline verb, waited for: a refusal or a step that is no candidate says why)
      return redirect("/pipelines", why_not(pipelines.choose(r, req.form.step)))
    end
  end
  return redirect("/pipelines", "that run does not wait for a choice now")
end)

-- A new agent: what `c` offers in the hub (profiles.offered, lua/default/dialogs.lua): your shell
-- and your listed profiles.
routes.get("/new", function(req, app)
  local choices = {}
  for i, item in ipairs(profiles.offered(app)) do
    choices[i] = { name = item.label, description = item.description }
  end
  return render("new.liquid", { choices = choices, note = req.query.note })
end)

-- An offered spawn spec (profiles.offered) as the `new` verb's arguments.
local function new_args(spec)
  local profile = type(spec.command) == "string" and spec.command:match("^profile:(.+)$")
  local args = {
    name = spec.name, cwd = spec.cwd, machine = spec.machine,
    profile = profile or nil, command = not profile and spec.command or nil,
    args = not profile and type(spec.args) == "table" and #spec.args > 0 and spec.args or nil,
  }
  if type(spec.worktree) == "table" then args.worktree, args.base = spec.worktree.branch or "", spec.worktree.base end
  return args
end

-- The `new` verb, waited for: started, the board; not started, the form says why.
routes.post("/new", function(req, app)
  local name = req.form.profile
  if type(name) ~= "string" or name == "" then return redirect("/new") end
  for _, item in ipairs(profiles.offered(app)) do
    if item.label == name then
      local answer = app:call("agent.new", new_args(item.spec))
      if req.format == "json" then return answer end
      local no = why_not(answer)
      return no and redirect("/new", no) or redirect("/")
    end
  end
  return redirect("/new", name .. " is not offered here: nothing was started")
end)

-- The board follows the agents. A state change that moves an agent in the board's order (one
-- starts waiting: it goes first) renders the list again; its card goes out too, for the agent's
-- own page (it has no board; a page skips a stream for what it does not show). The count goes
-- out when it changed. With no page open (app.web_open) nothing is made: a page that opens
-- renders all of it.
local sent_waiting = nil
hooks.on("agent_state_changed", function(ev, app)
  if not app.web_open then
    sent_waiting = nil
    return
  end
  local id = ev.id or (type(ev.agent) == "table" and ev.agent.id) or ev.agent
  local a = id and find(app, id)
  if not a then return end
  if (ORDER[ev.from] or 9) ~= (ORDER[ev.to] or 9) then
    web.turbo_stream("update", "board", render("_board.liquid", { agents = web.board(app) }))
  end
  web.turbo_stream("replace", "agent_" .. a.id, render("_agent_card.liquid", { agent = web.card(a) }), { method = "morph" })
  local n = waiting_count(app)
  if n ~= sent_waiting then
    sent_waiting = n
    web.turbo_stream("update", "waiting_count", tostring(n))
  end
end, { name = "web board" })

-- A card follows what it shows while its state stays: a waiting agent that asks another question
-- gets the new question and its answers (the hub sends this only while a page is open).
hooks.on("web_card_changed", function(ev, app)
  local a = find(app, ev.agent.id)
  if a then web.turbo_stream("replace", "agent_" .. a.id, render("_agent_card.liquid", { agent = web.card(a) })) end
end, { name = "web board cards" })

-- A card shows its agent's usage as its CLI reports it (agent.usage; a stream only open pages get).
hooks.on("agent_usage_changed", function(ev, app)
  local a = find(app, ev.agent.id)
  if a then web.turbo_stream("replace", "agent_" .. a.id, render("_agent_card.liquid", { agent = web.card(a) }), { method = "morph" }) end
end, { name = "web board usage" })

-- A card's last line follows its agent's screen (the hub sends this only while a page is open,
-- at most twice a second per agent, when the line changed).
hooks.on("web_screen_changed", function(ev)
  web.turbo_stream("update", "agent_" .. ev.agent.id .. "_last", ev.last_line)
end, { name = "web board lines" })
