-- Desktop notifications: when an agent you are not looking at rings the bell or starts waiting for
-- you, ask your terminal to show a desktop notification. Off unless you turn it on:
--   settings.notify = "osc9"     -- OSC 9: iTerm2, WezTerm, kitty, Windows Terminal, Ghostty...
--   settings.notify = "osc777"   -- OSC 777: rxvt-unicode, foot, Ghostty...
-- ($BOTSTER_NOTIFY=osc9 or osc777 in the hub's environment sets the same default.) In tmux, allow
-- the escape through with `set -g allow-passthrough on`.
--
-- Change what it says or when in $BOTSTER_HOME/user/hooks.lua by defining your own
-- notifications.message(agent, what, app); replace it entirely with hooks.off(notifications.hooks.bell)
-- and hooks.off(notifications.hooks.waiting) and handlers of your own (app:notify_desktop sends one).
notifications = { hooks = {} }

--- The notification's text for `agent` that `what` ("rang the bell", "is waiting for you"), or nil
--- for none. The default: none for the focused agent (you are looking at it).
---@param agent botster.Agent
---@param what string
---@param app botster.AppActions
---@return string|nil
function notifications.message(agent, what, app)
  if agent.id == app.focused_id then return nil end
  return agent.name .. " " .. what
end

local function send(agent, what, app)
  if not settings.notify or not app then return end
  local text = notifications.message(agent, what, app)
  if text then app:notify_desktop(text, settings.notify) end
end

notifications.hooks.bell = hooks.on("agent_bell", function(ev, app)
  send(ev.agent, "rang the bell", app)
end, { name = "desktop notification (bell)" })

notifications.hooks.waiting = hooks.on("agent_status_changed", function(ev, app)
  if ev.to == "waiting" then send(ev.agent, "is waiting for you", app) end
end, { name = "desktop notification (waiting)" })
