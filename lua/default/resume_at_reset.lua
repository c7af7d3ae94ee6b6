-- Going on when the window resets (settings.resume_at_reset; docs/accounts.md#when-the-window-resets).
-- An agent its limit stopped, with no account of its CLI left with room (accounts.lua moves the
-- others), is sent a prompt once when that limit's window resets, in the same conversation: never
-- while it asks you something or a line typed into it waits, and a before_resume handler may
-- refuse. The plan survives a reload (state), its timer is armed again by this file.

resume_at_reset = resume_at_reset or {}

-- Continuations by agent, limit and window: { id, at, limit, held } planned, false once done.
local planned = state.get("resume_at_reset.planned")
-- Timers of this load, by key (a reload stops them; the plans stay).
local armed = {}

local function now()
  local ok, t = pcall(os.time)
  return ok and t or 0
end

local function current(app, id)
  for _, a in ipairs(app.agents or {}) do if a.id == id then return a end end
  return nil
end

local function clock(t)
  local ok, s = pcall(os.date, "%H:%M", t)
  return ok and s or tostring(t)
end

--- resume_at_reset.limit(agent): the limit that stopped it (its name and { used_pct, resets_at }),
--- as it reported it or, when its CLI tells the hub, as its account's own figure says; nil: none.
---@param agent botster.Agent
---@return string|nil name
---@return botster.UsageLimit|nil limit
function resume_at_reset.limit(agent)
  local function full(limits)
    for name, l in pairs(limits or {}) do
      if type(l) == "table" and (l.used_pct or 0) >= 100 and l.resets_at then return name, l end
    end
  end
  local name, l = full(agent.usage and agent.usage.limits)
  if name then return name, l end
  -- (its own word said nothing: ask its account when its last words speak of a limit)
  local c = clis.find(agent.program ~= "" and agent.program or agent.command)
  if not (c and c.limits and tostring(agent.reason or ""):lower():find("limit", 1, true)) then return nil end
  return full(accounts.measure(c, agent.account and accounts.find(agent.account)))
end

local go

-- Arms the timer of plan `key` (at its time, or now if that has passed).
local function arm(key)
  local p = planned[key]
  if not p or armed[key] then return end
  armed[key] = timer.after(math.max(0, p.at - now()) * 1000 + 1000, function(app) go(key, app) end)
end

--- The prompt it is sent: settings.resume_at_reset's ("continue" for true).
function resume_at_reset.prompt()
  local v = settings.resume_at_reset
  return type(v) == "string" and v or "continue"
end

go = function(key, app)
  armed[key] = nil
  local p = planned[key]
  if not p then return end
  local a = current(app, p.id)
  if not a or a.state == "exited" then planned[key] = false return end
  -- It asks you, or your line waits: it goes on once that is over (the handlers below look again).
  if a.state == "waiting" or a.draft then p.held = true return end
  planned[key] = false -- (done: once per window)
  -- (it went on meanwhile: you, or another; nothing to continue)
  if a.state == "running" then return end
  local ev, why = hooks.ask("before_resume", { agent = a, prompt = resume_at_reset.prompt(), limit = p.limit }, app)
  if not ev then
    log.info(("resume_at_reset: %s not continued: %s"):format(a.name, tostring(why)))
    return app:notify(("%s: its %s window reset; not continued: %s"):format(a.name, p.limit, tostring(why)))
  end
  local text = ("%s: its %s window reset at %s; sent %q"):format(a.name, p.limit, clock(p.at), ev.prompt)
  log.info("resume_at_reset: " .. text)
  app:notify(text)
  app:send(a, ev.prompt, "enter")
end

--- Plans its continuation when its limit stopped it and no account takes it: once per agent,
--- limit and window. The shipped policy; replace it in user/hooks.lua.
---@param agent botster.Agent
---@param app botster.AppActions
function resume_at_reset.consider(agent, app)
  if not settings.resume_at_reset or (agent.state ~= "idle" and agent.state ~= "done") then return end
  local name, l = resume_at_reset.limit(agent)
  if not name then return end
  -- Another account of its CLI with room takes it (accounts.lua), unless moves are off.
  local c = clis.find(agent.program ~= "" and agent.program or agent.command)
  if c and settings.account_switch_at and #accounts.next(agent, c.name) > 0 then return end
  local key = ("%s/%s/%s"):format(agent.id, name, l.resets_at)
  -- (once per window; a window already past is not what stops it now)
  if planned[key] ~= nil or l.resets_at <= now() then return end
  planned[key] = { id = agent.id, at = l.resets_at, limit = name }
  log.info(("resume_at_reset: %s stopped by its %s limit; continued when it resets at %s"):format(agent.name, name, clock(l.resets_at)))
  app:notify(("%s: stopped by its %s limit; it goes on when the window resets at %s"):format(agent.name, name, clock(l.resets_at)))
  arm(key)
end

-- A plan held while it asked you or a line waited: its time has come, so it goes on now.
local function release(id, app)
  for key, p in pairs(planned) do
    if p and p.id == id and p.held and p.at <= now() then go(key, app) end
  end
end

resume_at_reset.hooks = {
  state = hooks.on("agent_state_changed", function(ev, app)
    -- (one held while it asked you, that went on once answered: nothing left to continue)
    if ev.to == "running" then
      for key, p in pairs(planned) do
        if p and p.id == ev.agent.id and p.held then planned[key] = false end
      end
    end
    if ev.to ~= "idle" and ev.to ~= "done" then return end
    local a = current(app, ev.agent.id)
    if not a then return end
    release(a.id, app)
    resume_at_reset.consider(a, app)
  end, { name = "resume_at_reset.turn_end" }),
  usage = hooks.on("agent_usage_changed", function(ev, app)
    local a = current(app, ev.agent.id)
    if a then resume_at_reset.consider(a, app) end
  end, { name = "resume_at_reset.usage" }),
  -- A line sent makes it work (and drops the plan); one cleared: it goes on, once it had time to.
  draft = hooks.on("agent_draft_changed", function(ev)
    if ev.draft then return end
    timer.after(5000, function(app) release(ev.agent.id, app) end)
  end, { name = "resume_at_reset.line_gone" }),
}

-- Plans made before this load (a saved file reloads everything): their timers again.
for key, p in pairs(planned) do
  if p then arm(key) end
end
