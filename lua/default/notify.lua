-- Told to you: when an agent that no attached client shows starts waiting for you, finishes its
-- turn (done) or rings the bell, every attached client hears of it: a notice on screen naming the
-- agent by its name and the id the hub gave it, and what it wants as its own words, quoted
-- (`agent codex-2 (id 3) asks: "run rm -rf build?"`: nothing an agent names itself or writes reads
-- as the hub's own "The hub asks: ..."), and what settings.notify says:
--   settings.notify = "bell"                -- the default: your terminal's bell (tmux flags the window)
--   settings.notify = "osc9"                -- a desktop notification: iTerm2, WezTerm, kitty, Ghostty...
--   settings.notify = "osc777"              -- a desktop notification: rxvt-unicode, foot, Ghostty...
--   settings.notify = { "bell", "my.notify" }  -- several; a command id runs that command with
--                                           -- { text = ..., agent = id, what = "waiting"|"done"|"bell" }
--   settings.notify = false                 -- only the notice on screen
-- ($BOTSTER_NOTIFY=osc9 or osc777 in the hub's environment adds that one.) Nothing is sent while
-- an attached client shows the agent: you are looking at it. In tmux, let OSC 9/777 through with
-- `set -g allow-passthrough on`.
--
-- Change what it says or when in $BOTSTER_HOME/user/hooks.lua by defining your own
-- notifications.message(agent, what, app) (return nil for none); replace it entirely with
-- hooks.off(notifications.hooks.state) and hooks.off(notifications.hooks.bell) and handlers of
-- your own (app:notify_desktop sends one).
notifications = { hooks = {} }

local WHAT = { waiting = true, done = true, bell = true }

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

--- An agent's own words, quoted on one line: `"` and `\` escaped, control characters as \n or \ddd.
---@param text string
---@return string
function notifications.quote(text)
  return '"' .. tostring(text):gsub('[%c"\\]', function(c) return ESCAPES[c] or ("\\%03d"):format(c:byte()) end) .. '"'
end

--- The text that tells you `agent` wants you (`what`: "waiting", "done" or "bell"), or nil for
--- none. The default: none while a client shows the agent (you are looking at it).
---@param agent botster.Agent
---@param what "waiting"|"done"|"bell"
---@param app botster.AppActions
---@return string|nil
function notifications.message(agent, what, app)
  if agent.shown or agent.id == app.focused_id then return nil end
  -- An agent of another machine (settings.machines) is named with it.
  local who = ("agent %s%s (id %s)"):format(agent.name, agent.machine and (" on " .. agent.machine) or "", agent.id)
  -- What its screen says is its own: quoted on one line, after what the hub says.
  local said = agent.reason and agent.reason ~= "" and notifications.quote(agent.reason) or nil
  if what == "waiting" then return said and (who .. " asks: " .. said) or (who .. " waits for you") end
  if what == "done" then return who .. " finished" .. (said and (": " .. said) or "") end
  return who .. " rang the bell"
end

--- Tells you: the notice on screen, then each way settings.notify names.
---@param text string
---@param agent botster.Agent
---@param what string
---@param app botster.AppActions
function notifications.send(text, agent, what, app)
  -- (what it says of a waiting agent ends when it waits no longer: the notice goes then)
  app:notify(text, "info", what == "waiting" and { agent = agent.id, state = "waiting" } or nil)
  local ways = settings.notify
  if not ways then return end
  if type(ways) ~= "table" then ways = { ways } end
  for _, way in ipairs(ways) do
    if way == "bell" or way == "osc9" or way == "osc777" then app:notify_desktop(text, way)
    else app:run(way, { text = text, agent = agent.id, what = what }) end
  end
end

-- Whether a client shows it is as the app sees it now; the rest as the event carried it.
local function current(agent, app)
  for _, a in ipairs(app.agents or {}) do
    if a.id == agent.id then agent.shown = a.shown end
  end
  return agent
end

local function tell(agent, what, app)
  if not app or not WHAT[what] then return end
  agent = current(agent, app)
  local text = notifications.message(agent, what, app)
  if text then notifications.send(text, agent, what, app) end
end

notifications.hooks.state = hooks.on("agent_state_changed", function(ev, app)
  if ev.to == "waiting" or ev.to == "done" then tell(ev.agent, ev.to, app) end
end, { name = "tell you (waiting, done)" })

notifications.hooks.bell = hooks.on("agent_bell", function(ev, app)
  tell(ev.agent, "bell", app)
end, { name = "tell you (bell)" })
