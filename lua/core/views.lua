-- views: the app's intents, what the view shows and where it is (src/hub/requests.ts): the mode,
-- scrolling and searching the scrollback, notices, the review and compare panels. They change what
-- you see, never an agent: nothing here is a verb.
local Actions = __botster.actions
local request, agent_id = __botster.request, __botster.agent_id

function Actions:set_mode(mode)
  if type(mode) ~= "string" then error("app:set_mode needs a mode name", 2) end
  request({ type = "set_mode", mode = mode })
end
function Actions:scroll(lines)
  if type(lines) ~= "number" then error("app:scroll needs a number of lines (positive = up)", 2) end
  request({ type = "scroll", lines = lines })
end
-- The focused agent's scrollback searched (the open review panel's diff in its place), its
-- matches shown; n/N step through them. (app:search is the search verb: every agent.)
function Actions:scroll_search(query)
  if type(query) ~= "string" then error("app:scroll_search needs a string", 2) end
  request({ type = "scroll_search", query = query })
end
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
function Actions:notify_desktop(text, kind)
  kind = kind or "osc9"
  if kind ~= "osc9" and kind ~= "osc777" and kind ~= "bell" then error("app:notify_desktop: kind must be \"osc9\", \"osc777\" or \"bell\"", 2) end
  request({ type = "notify_desktop", text = tostring(text), kind = kind })
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
