-- Accounts, switched before the limit (docs/accounts.md). Each account is a config folder of a CLI
-- (Claude Code's CLAUDE_CONFIG_DIR, Codex's CODEX_HOME): its own login, its own 5-hour window.
-- An agent of such a CLI starts on the first account with room; when it ends a turn past
-- settings.account_switch_at percent of its window, it is started again on the next account with
-- room, in the same conversation (its transcript carried into that account's folder, then the
-- CLI's resume). Never during a turn, never while it asks you. The facts come from the hub
-- (agent.usage, agent.session, agent.account: its BOTSTER_ACCOUNT); the choices are made here.

accounts = accounts or {}
-- Defined accounts, in order: { name, cli, env }.
accounts.list = {}

local function fail(msg, level) error("accounts.define: " .. msg, level + 1) end

--- accounts.define(name, { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/.claude-work" } })
function accounts.define(name, def)
  if type(name) ~= "string" or not name:match("^[%w_%-%.@]+$") then fail("the name must be a word (letters, digits, _ - . @)", 2) end
  if type(def) ~= "table" then fail(("%s: needs { cli = ..., env = { ... } }"):format(name), 2) end
  for k in pairs(def) do
    if k ~= "cli" and k ~= "env" then fail(("%s: unknown field %q (cli, env)"):format(name, tostring(k)), 2) end
  end
  if type(def.cli) ~= "string" or def.cli == "" then fail(name .. ": cli must name a CLI (\"claude\", \"codex\")", 2) end
  if type(def.env) ~= "table" or next(def.env) == nil then fail(name .. ": env must set the CLI's config folder (CLAUDE_CONFIG_DIR = \"~/.claude-work\")", 2) end
  local env = {}
  for k, v in pairs(def.env) do
    if type(k) ~= "string" or not k:match("^[%a_][%w_]*$") then fail(name .. ": env names must be variable names", 2) end
    if type(v) ~= "string" then fail(("%s: env.%s must be a string"):format(name, k), 2) end
    env[k] = v
  end
  for i, a in ipairs(accounts.list) do
    if a.name == name then table.remove(accounts.list, i) break end
  end
  local a = { name = name, cli = def.cli, env = env }
  accounts.list[#accounts.list + 1] = a
  return a
end

--- accounts.find(name): a defined account, or nil.
function accounts.find(name)
  for _, a in ipairs(accounts.list) do if a.name == name then return a end end
  return nil
end

-- "~/x" as the hub's HOME has it (a process's environment gets no tilde expanded).
local function expand(v)
  local home = os.getenv("HOME") or ""
  return (v:gsub("^~/", home .. "/"):gsub("^~$", home))
end

-- Where a CLI keeps its transcripts, from its `transcripts` ("${CLAUDE_CONFIG_DIR:-$HOME/.claude}/
-- projects/*/{session}.jsonl"): the variable naming its folder, the default folder, the rest.
local function layout_of(c)
  for _, t in ipairs(c and c.transcripts or {}) do
    local key, default, rest = t:match("^%${([%w_]+):%-([^}]*)}/(.+)$")
    if key then return { key = key, default = expand((default:gsub("^%$HOME", "~"))), rest = rest } end
  end
  return nil
end

-- The folder an account (nil: the CLI's own default) keeps the CLI's files in.
local function folder(l, account)
  local v = account and account.env[l.key]
  return v and expand(v) or l.default
end

--- accounts.folders(): the config folders of every account (each path its env names), and the
--- CLI's own default folder for each CLI with accounts (~/.claude: the one your own `claude` uses).
--- A box sees the one it writes (its agent's account) and none of the others (lua/default/sandbox.lua).
function accounts.folders()
  local out, seen = {}, {}
  local function add(p)
    if p and not seen[p] then seen[p], out[#out + 1] = true, p end
  end
  for _, a in ipairs(accounts.list) do
    for _, v in pairs(a.env) do
      if v:sub(1, 1) == "/" or v:sub(1, 2) == "~/" then add(expand(v)) end
    end
    local l = layout_of(clis.find(a.cli))
    if l then add(l.default) end
  end
  table.sort(out)
  return out
end

-- What the hub learned of each account's 5-hour window: { used_pct, resets_at, own } by account
-- name (own: the account's own figure, accounts.measure, which an agent's report does not replace).
local windows = state.get("accounts.windows")
-- Decisions already made: one per agent, account and window (a switch, a refusal, a notice).
local decided = state.get("accounts.decided")

local function now()
  local ok, t = pcall(os.time)
  return ok and t or 0
end

--- accounts.has_room(account): whether its 5-hour window is under settings.account_switch_at (an
--- account never heard of has room; a window past its reset time is empty again).
function accounts.has_room(a)
  local w = windows[a.name]
  if not w or not w.used_pct then return true end
  if w.resets_at and w.resets_at <= now() then return true end
  return w.used_pct < (settings.account_switch_at or 100)
end

--- accounts.next(agent): the accounts of its CLI with room, the one after its own first.
function accounts.next(agent, cli)
  local own, out, mine = agent.account, {}, {}
  for _, a in ipairs(accounts.list) do
    if a.cli == cli then mine[#mine + 1] = a end
  end
  local start = 0
  for i, a in ipairs(mine) do if a.name == own then start = i end end
  for k = 1, #mine do
    local a = mine[(start + k - 1) % #mine + 1]
    if a.name ~= own and accounts.has_room(a) then out[#out + 1] = a end
  end
  return out
end

-- The env that runs a CLI on an account: its own, ~ expanded, and BOTSTER_ACCOUNT (agent.account).
local function env_of(a)
  local env = { BOTSTER_ACCOUNT = a.name }
  for k, v in pairs(a.env) do env[k] = expand(v) end
  return env
end

-- The hook's payload starting on account `a` (nil: none with room, nothing changes); what the
-- payload's env sets already stays.
local function on_account(ev, a)
  if not a then return nil end
  ev.env = ev.env or {}
  for k, v in pairs(env_of(a)) do
    if ev.env[k] == nil then ev.env[k] = v end
  end
  return ev
end

-- A new agent of a CLI with accounts starts on the first with room (one given an account keeps it).
-- One that ran before (a restart, --restore) keeps what it had: an account, or none (its
-- conversation is in the folder it ran with, which another account's does not hold).
accounts.spawn_hook = hooks.on("before_agent_spawn", function(ev)
  if ev.again or (ev.env and ev.env.BOTSTER_ACCOUNT) then return nil end
  local c = ev.program and clis.find(ev.program)
  if not c then return nil end
  return on_account(ev, accounts.next({}, c.name)[1])
end, { name = "accounts.start" })

-- An agent moved here from another machine (docs/remote.md#moving-an-agent) resumes on this
-- machine's account of the name it ran on there, when one of its CLI has room; else on the first
-- with room, as a new one starts. Its transcripts are laid in that account's folder (ev.env).
accounts.arrive_hook = hooks.on("before_agent_arrive", function(ev)
  if ev.env and ev.env.BOTSTER_ACCOUNT then return nil end
  local a = ev.agent or {}
  local c = (a.program and clis.find(a.program)) or (a.command and clis.find(a.command:match("^%S+") or ""))
  if not c then return nil end
  local same = ev.account and accounts.find(ev.account)
  return on_account(ev, same and same.cli == c.name and accounts.has_room(same) and same or accounts.next({}, c.name)[1])
end, { name = "accounts.arrive" })

local function clock(t)
  local ok, s = pcall(os.date, "%H:%M", t)
  local left = math.max(0, t - now())
  return ("%s (in %dh%02dm)"):format(ok and s or tostring(t), left // 3600, left % 3600 // 60)
end

-- The agent's transcript copied into the other account's folder (what --resume reads there). Its
-- id is the agent's word: one word, no path (an id with "/" or ".." would reach out of the folder).
local function carry(l, session, from, to)
  if not session:match("^[%w_%-%.]+$") or session:match("^%.+$") then
    return nil, ("its conversation id %q is not one word"):format(session:sub(1, 80))
  end
  local found = files.glob(from .. "/" .. l.rest:gsub("{session}", session), { limit = 1 })[1]
  if not found then return nil, ("no transcript %s under %s"):format(session, from) end
  -- (nothing followed through a link, on either side: files.carry refuses)
  local ok, why = files.carry(found.path, to .. found.path:sub(#from + 1), { from = from, to = to })
  if not ok and not tostring(why):find("already there", 1, true) then return nil, why end
  return true
end

--- Whether a move asks you first (the shipped policy: yes). What moves an agent is its usage,
--- which the agent reports itself (its status line, its hooks, `botster-tui usage`): a boxed
--- agent that says 97% would otherwise move itself onto your other account and write its folder.
--- accounts.ask = false in user/hooks.lua trusts every agent's word.
accounts.ask = accounts.ask ~= false

local function current(app, id)
  for _, a in ipairs(app.agents or {}) do if a.id == id then return a end end
  return nil
end

-- The move itself: the transcript carried, the agent restarted on `to` with its CLI's resume.
local function move(agent, c, where, own, to, pct, app, own_figure)
  local ok, why = carry(where, agent.session, folder(where, own), folder(where, to))
  if not ok then
    local text = ("%s: not moved to account %s: %s"):format(agent.name, to.name, why)
    log.warn("accounts: " .. text)
    app:notify(text, "error")
    return
  end
  local args = {}
  for i, a in ipairs(c.resume.args) do args[i] = (a:gsub("{session}", agent.session)) end
  local text = ("%s: 5h at %d%% on account %s%s; now on account %s, same conversation"):format(agent.name,
    pct, agent.account or "default", own_figure and " (its own figure)" or "", to.name)
  log.info("accounts: " .. text)
  app:notify(text)
  app:restart(agent.id, { command = c.command or c.name, args = args, cwd = agent.cwd, env = env_of(to) })
  events.emit("accounts:switched", { agent = agent, from = agent.account, to = to.name })
end

-- Moves the user agreed to while a line was typed into the agent: done at its next turn's end.
local agreed = state.get("accounts.agreed")

-- The figure that moves it: its account's own (accounts.measure), when the CLI says it to the
-- hub; else the agent's word. pct, resets_at, and whether the figure is the account's own.
local function figure(agent, c, own, l5)
  local m = c.limits and accounts.measure(c, own)
  local w = m and m.five_hour
  if not w then return l5.used_pct, l5.resets_at, false end
  if own then windows[own.name] = { used_pct = w.used_pct, resets_at = w.resets_at, own = true } end
  return w.used_pct, w.resets_at or l5.resets_at, true
end

-- The accounts to move to: those with room, as their own figures say when the CLI tells them.
local function choices_for(agent, c)
  local out = {}
  for _, a in ipairs(accounts.next(agent, c.name)) do
    local m = c.limits and accounts.measure(c, a)
    local w = m and m.five_hour
    if w then windows[a.name] = { used_pct = w.used_pct, resets_at = w.resets_at, own = true } end
    if accounts.has_room(a) then out[#out + 1] = a end
  end
  return out
end

--- Moves `agent` (its turn over, past the watermark) to the next account with room: at once on
--- its account's own figure, else once you say so (accounts.ask). Not before its conversation is
--- on disk, nor while a line typed into it waits to be sent. The shipped policy; replace it in
--- user/hooks.lua.
---@param agent botster.Agent
---@param app botster.AppActions
function accounts.consider(agent, app)
  local at = settings.account_switch_at
  if not at or (agent.state ~= "idle" and agent.state ~= "done") then return end
  local u = agent.usage
  local l5 = u and u.limits and u.limits.five_hour
  if not l5 or l5.used_pct < at then return end
  local c = clis.find(agent.program ~= "" and agent.program or agent.command)
  local where = c and layout_of(c)
  if not where then return end
  local key = agent.id .. "/" .. tostring(agent.account) .. "/" .. tostring(l5.resets_at)
  if decided[key] then return end
  local mine = 0
  for _, a in ipairs(accounts.list) do if a.cli == c.name then mine = mine + 1 end end
  if mine == 0 then return end
  -- (your line goes first: the end of the turn it starts looks again, or, cleared, the handler below)
  if agent.draft then return end
  local own = agent.account and accounts.find(agent.account)
  -- Its conversation on disk first (a CLI writes it a moment after its first turn): the next turn's end looks again.
  if agent.session and c.resume and c.resume.args then
    local pattern = folder(where, own) .. "/" .. where.rest:gsub("{session}", agent.session)
    if agent.session:match("^[%w_%-%.]+$") and not files.glob(pattern, { limit = 1 })[1] then return end
  end
  local pct, resets_at, own_figure = figure(agent, c, own, l5)
  if pct < at then
    log.info(("accounts: %s says 5h at %d%%; account %s's own figure is %d%%: it stays"):format(agent.name,
      math.floor(l5.used_pct + 0.5), agent.account or "default", math.floor(pct + 0.5)))
    return
  end
  decided[key] = true
  if own and not own_figure then windows[own.name] = { used_pct = pct, resets_at = resets_at } end
  local choices = choices_for(agent, c)
  if #choices == 0 then
    -- One notice for the lot: when the first window resets.
    local first
    for _, a in ipairs(accounts.list) do
      local w = windows[a.name]
      if a.cli == c.name and w and w.resets_at and (not first or w.resets_at < first) then first = w.resets_at end
    end
    local told = "none/" .. c.name .. "/" .. tostring(first)
    if decided[told] then return end
    decided[told] = true
    app:notify(("%s: no %s account has room (5h past %d%%)%s"):format(agent.name, c.title or c.name, at,
      first and ("; the first window resets at " .. clock(first)) or ""))
    return
  end
  local names = {}
  for i, a in ipairs(choices) do names[i] = a.name end
  local ev, refused = hooks.ask("before_account_switch", { agent = agent, from = agent.account, to = names[1], choices = names, usage = u }, app)
  if not ev then
    log.info(("accounts: %s stays on %s: %s"):format(agent.name, tostring(agent.account), refused))
    return
  end
  local to = ev.to and accounts.find(ev.to)
  if not to or to.cli ~= c.name then
    log.warn(("accounts: %s: before_account_switch chose %s, not an account of %s"):format(agent.name, tostring(ev.to), c.name))
    return
  end
  pct = math.floor(pct + 0.5)
  if not agent.session or not (c.resume and c.resume.args) then
    app:notify(("%s: 5h at %d%%, not moved to account %s: no conversation id to resume"):format(agent.name, pct, to.name))
    return
  end
  if own_figure or not accounts.ask or agreed[key] == to.name then
    agreed[key] = nil
    return move(agent, c, where, own, to, pct, app, own_figure)
  end
  local from = agent.account or "default"
  app:select({
    { label = "not now", description = "it stays on " .. from .. "; asked again when its next turn ends" },
    { label = "stay", description = ("it stays on %s for this window"):format(from), answer = "stay" },
    { label = "move", description = ("restart it on account %s, in the same conversation"):format(to.name), answer = "move" },
  }, {
    title = ("%s (id %s) says 5h at %d%% on account %s: move it to %s?"):format(agent.name, agent.id, pct, from, to.name),
    text = { "The figure is the agent's own word (its status line, its hooks): an agent can say",
      "anything. Moving it copies its conversation into " .. to.name .. "'s folder and lets it write there." },
    key = "account:" .. key,
  }, function(choice, app2)
    if not choice or not choice.answer then
      decided[key] = nil
      return
    end
    if choice.answer ~= "move" then
      log.info(("accounts: %s stays on %s: you said so"):format(agent.name, from))
      return
    end
    -- Still the same agent, on the same account, in the same conversation, between turns.
    local now = current(app2, agent.id)
    if not now or now.account ~= agent.account or now.session ~= agent.session
      or (now.state ~= "idle" and now.state ~= "done") then
      return app2:notify(("%s: not moved to account %s: it changed since you were asked"):format(agent.name, to.name))
    end
    -- A line typed into it waits: the move waits for it, and its turn's end.
    if now.draft then
      decided[key], agreed[key] = nil, to.name
      return app2:notify(("%s: moves to account %s once the line typed into it is sent and its turn ends"):format(agent.name, to.name))
    end
    move(now, c, where, own, to, pct, app2)
  end)
end

-- The end of a turn, news of its usage, a line typed into it cleared: any may come first.
accounts.hooks = {
  state = hooks.on("agent_state_changed", function(ev, app)
    if ev.to ~= "idle" and ev.to ~= "done" then return end
    local a = current(app, ev.agent.id)
    if a then accounts.consider(a, app) end
  end, { name = "accounts.turn_end" }),
  usage = hooks.on("agent_usage_changed", function(ev, app)
    local a = current(app, ev.agent.id)
    local l5 = ev.usage and ev.usage.limits and ev.usage.limits.five_hour
    if a and a.account and l5 and not (windows[a.account] or {}).own then
      windows[a.account] = { used_pct = l5.used_pct, resets_at = l5.resets_at }
    end
    if a then accounts.consider(a, app) end
  end, { name = "accounts.usage" }),
  -- A line sent starts a turn, whose end moves it; one cleared starts none: a look once the
  -- agent had time to say it works (it is then running, and this does nothing).
  draft = hooks.on("agent_draft_changed", function(ev)
    if ev.draft then return end
    timer.after(5000, function(app)
      local a = current(app, ev.agent.id)
      if a and not a.draft then accounts.consider(a, app) end
    end)
  end, { name = "accounts.line_gone" }),
}

-- The account an agent runs on, in its row of the agent list.
layout.piece("agent_list.row", "account", function(_, ctx)
  if not ctx.agent or not ctx.agent.account then return nil end
  return ui.span("@" .. ctx.agent.account, { fg = "gray" })
end, { order = 6 })
