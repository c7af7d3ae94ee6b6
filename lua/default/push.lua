-- Your phone told (docs/web.md#push): a Web Push to every web session that turned its alerts on,
-- when an agent starts waiting for you, when a pipeline run ends, and when an agent is switched to
-- another account (accounts:switched). Content-free by default: the
-- push names the agent's number only ("agent 3 needs you"), never what it asks (a push passes
-- through the browser vendor's service, and a locked phone shows it to whoever holds it). A tap
-- opens that agent's page. Nothing is pushed while you are typing at the hub (a key in the last
-- push.unless_typed seconds): you are there.
--
-- Change it in $BOTSTER_HOME/user/hooks.lua:
--   push.unless_typed = 300                      -- quiet for five minutes after your last key
--   function push.message(agent, what, app)      -- say more (it goes through the vendor's service)
--     return ("%s asks: %s"):format(agent.name, agent.reason or "?")
--   end
--   hooks.off(push.hooks.pipeline)               -- no push when a pipeline ends
-- and push anything yourself: push.send(app, "deploy finished", { url = "/pipelines" }).
push = { hooks = {}, unless_typed = 60 }

--- The text pushed about `agent` (`what`: "waiting"), or nil for none. The default names its number only.
---@param agent botster.Agent
---@param what "waiting"
---@param app botster.AppActions
---@return string|nil
function push.message(agent, what, app)
  if what == "waiting" then return ("agent %s needs you"):format(agent.id) end
  return nil
end

--- The text pushed when a pipeline run ends (the pipeline_done event), or nil for none.
---@param ev table
---@param app botster.AppActions
---@return string|nil
function push.pipeline_message(ev, app)
  return ("pipeline run %s %s"):format(ev.run, ev.status == "done" and "finished" or "ended: " .. tostring(ev.status))
end

--- Pushes `text` to the subscribed phones, unless a key was typed at the hub in the last
--- push.unless_typed seconds. opts.agent: the agent it is about (a tap opens its page);
--- opts.url: a page of the hub instead ("/pipelines").
---@param app botster.AppActions
---@param text string
---@param opts? { agent?: string|botster.Agent, url?: string }
function push.send(app, text, opts)
  opts = opts or {}
  app:web_push(text, { agent = opts.agent, url = opts.url, unless_typed = push.unless_typed })
end

push.hooks.waiting = hooks.on("agent_state_changed", function(ev, app)
  if ev.to ~= "waiting" or not app then return end
  local text = push.message(ev.agent, "waiting", app)
  if text then push.send(app, text, { agent = ev.agent.id }) end
end, { name = "push to your phone (waiting)" })

-- An agent moved to another account (lua/default/accounts.lua's accounts:switched, { agent, from,
-- to }): said by its number only.
push.hooks.account = events.on("accounts:switched", function(ev, app)
  if not app or type(ev.agent) ~= "table" then return end
  push.send(app, ("agent %s switched accounts"):format(ev.agent.id), { agent = ev.agent.id })
end, { name = "push to your phone (account switched)" })

push.hooks.pipeline = hooks.on("pipeline_done", function(ev, app)
  if not app then return end
  local text = push.pipeline_message(ev, app)
  if text then push.send(app, text, { url = "/pipelines" }) end
end, { name = "push to your phone (pipeline ended)" })
