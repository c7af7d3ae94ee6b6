-- Interrupting an agent (the interrupt verb: ctrl+c in normal mode, `botster-tui interrupt AGENT`,
-- the MCP tool) presses its CLI's own key for "stop this turn": clis.define's `interrupt`
-- (Escape for Claude Code, Codex, Gemini), else Ctrl+C, as a shell takes it. Keys asked for
-- (`--keys`) win. Override in user/hooks.lua:
--   hooks.on("before_agent_interrupt", function(ev) if ev.agent.name == "build" then return false, "let it finish" end end)

interrupts = {}

interrupts.hook = hooks.on("before_agent_interrupt", function(ev)
  if ev.keys == nil then
    local cli = ev.agent and clis.find(ev.agent.program or "")
    ev.keys = cli and cli.interrupt or "ctrl+c"
  end
  return ev
end, { priority = hooks.FIRST, name = "agent interrupt key" })

-- agent.interrupt (ctrl+c in normal mode): the focused agent, through the verb; what came of it
-- that was not done is said.
commands.register("agent.interrupt", function(app, arg)
  -- (the agent a key bound to the verb names, { verb = "agent.interrupt", agent = 3 }; else the focused one)
  local agent = type(arg) == "table" and arg.agent ~= "focused" and arg.agent or app.focused
  if not agent then return app:notify("no agent to interrupt", "error") end
  app:agent_interrupt({ agent = agent }, function(answer, app2)
    if not answer.ok then return app2:notify("interrupt: " .. tostring(answer.refused or answer.error), "error") end
    app2:notify(("interrupted %s (%s)"):format(answer.agent.name, answer.keys), "info")
  end)
end, { desc = "Stop what the focused agent is doing, leaving it running (its CLI's interrupt key)", category = "agents" })
