-- When a hub server starts on a home whose last server died (a crash, a reboot, kill -9), the hub
-- emits session_offer with the agents that were running; this file decides what to do about it.
-- The default asks: resume them all in their conversations (session.resume: each through its
-- profile's resume, lua/default/clis/<cli>.lua), or start fresh (session.discard). Override in
-- $BOTSTER_HOME/user/hooks.lua:
--   function sessions.offer(ev, app) app:run("session.resume") end   -- always resume, no question
--   hooks.off(sessions.hook)                                          -- never ask (session.resume still works)
sessions = {}

--- The hub that wrote the record died: ask what to do about its agents.
---@param ev { agents: { name: string, command: string, cwd: string?, program: string?, session: string? }[], saved: string?, pid: integer?, why: string? }
---@param app botster.AppActions
function sessions.offer(ev, app)
  local names = {}
  for i, a in ipairs(ev.agents) do
    if i > 6 then names[#names + 1] = "…"; break end
    -- A shell that ran claude reads as the agent list shows it: bash › claude.
    local shown = a.name
    if a.program and a.program ~= "" and not a.name:find(a.program, 1, true) then shown = shown .. " › " .. a.program end
    names[#names + 1] = shown
  end
  local how = ev.why and (" (" .. ev.why .. ")") or ""
  local choices = {
    { label = "resume all", description = "each in its conversation: " .. table.concat(names, ", "), run = "session.resume" },
    { label = "start fresh", description = "drop them (their record stays in session.previous.json)", run = "session.discard" },
  }
  app:select(choices, { title = ("The last hub stopped without you%s: %d %s running"):format(how, #ev.agents, #ev.agents == 1 and "agent was" or "agents were") }, function(choice, app2)
    if choice then return app2:run(choice.run) end
    app2:notify("the agents of the last hub are still on offer: session.resume brings them back, session.discard drops them")
  end)
end

sessions.hook = hooks.on("session_offer", function(ev, app) sessions.offer(ev, app) end, { name = "resume offer" })
