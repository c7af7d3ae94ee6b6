-- Which agent is next: the shipped focus order, as ordinary commands. Override any of them in
-- $BOTSTER_HOME/user/hooks.lua with commands.register("agent.next", function(app) ... end); every key
-- bound to the id then runs yours. While Lua is stopped the hub's built-in versions answer.

--- The agent `delta` places after the focused one in the list (wrapping).
local function step(app, delta)
  local n = #app.agents
  if n == 0 then return end
  local at = app.selected or 0
  app:focus(app.agents[((at - 1 + delta) % n + n) % n + 1].id)
end

commands.register("agent.next", function(app) step(app, 1) end, { desc = "Focus the next agent", category = "agents" })
commands.register("agent.prev", function(app) step(app, -1) end, { desc = "Focus the previous agent", category = "agents" })

-- The next agent (after the focused one, wrapping) that wants you: waiting for an answer, or done
-- with its turn while you looked elsewhere. An override could rank by a.state_since or a.bell_at.
commands.register("agent.next_waiting", function(app)
  local n = #app.agents
  local at = app.selected or 0
  for k = 1, n - (at > 0 and 1 or 0) do
    local a = app.agents[(at - 1 + k) % n + 1]
    if a.state == "waiting" or a.state == "done" then return app:focus(a.id) end
  end
  app:notify("no agent is waiting for you")
end, { desc = "Jump to the next agent that is waiting for you or done", category = "agents" })

-- The agent list's filter (the default layout's): all agents, those waiting for you (waiting, or
-- done with a turn), or those at work (running, idle). The focused agent always shows.
local FILTERS = { "all", "waiting", "running" }
local FILTER_SAYS = { all = "all agents", waiting = "agents waiting for you (waiting or done)", running = "agents at work (running or idle)" }

commands.register("agents.filter", function(app, arg)
  local view = state.get("agent_list", { filter = "all" })
  local next_one = arg
  if next_one == nil or next_one == "" then
    for i, f in ipairs(FILTERS) do
      if f == view.filter then next_one = FILTERS[i % #FILTERS + 1] end
    end
  end
  if not FILTER_SAYS[next_one or ""] then return app:notify("agents.filter: all, waiting or running, got " .. tostring(arg), "error") end
  view.filter = next_one
  app:notify("the list shows " .. FILTER_SAYS[next_one])
end, { desc = "Agent list: all agents, only those waiting for you, only those at work (arg: which; default the next)", category = "agents" })
