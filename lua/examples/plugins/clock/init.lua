-- clock: the time and the agent that has waited longest for you, in the status bar; W (normal
-- mode) jumps to that agent. The hub draws when something changes, never on a timer (no CPU while
-- idle), so the time is that of the last frame.

-- The agent waiting longest (the smallest waiting_since), or nil.
local function longest_waiting(app)
  local best
  for _, a in ipairs(app.agents) do
    if a.state == "waiting" and a.waiting_since and (not best or a.waiting_since < best.waiting_since) then best = a end
  end
  return best
end

layout.piece("status.right", "clock", function(app)
  local time = os.date("%H:%M")
  local a = longest_waiting(app)
  if not a then return ui.span(time, { fg = "gray" }) end
  return { ui.span(time .. " ", { fg = "gray" }), ui.span("⏳ " .. a.name, { fg = "yellow", bold = true }) }
end, { order = 100 })

commands.register("clock.next_waiting", function(app)
  local a = longest_waiting(app)
  if not a then return app:notify("nobody is waiting", "info") end
  app:focus(a)
  app:set_mode("insert")
end, { desc = "Go to the agent that has waited longest", category = "plugins" })

keys.bind("normal", "W", "clock.next_waiting", { desc = "the agent waiting longest" })
