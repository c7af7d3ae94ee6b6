-- An agent asks to type into, read or stop an agent it did not start (`botster-tui send 2 ...`
-- typed in agent 1): the hub asks you, once per pair, and remembers the answer (docs/security.md).
-- The question waits until you open it (Ctrl+g o) and takes none of your keys; letting it takes the
-- word typed. Override in user/hooks.lua:
--   function drive.ask(ev, app) app:run("agent.deny_drive", ev.request) end   -- never
-- or let every agent drive every other: settings.agents_drive_others = true

drive = {}

---@param ev botster.DriveAsked
---@param app botster.AppActions
function drive.ask(ev, app)
  -- Each agent by its name and the id the hub gave it: names are unique and never a number or
  -- the hub's (src/agents/agent-names.ts), and the id is the hub's word, not the agent's.
  local from = ("%s (id %s)"):format(ev.from.name, ev.from.id)
  local to = ("%s (id %s)"):format(ev.to.name, ev.to.id)
  app:select({
    { label = "not now", description = "no answer yet: it waits while its caller does (agent.allow_drive " .. ev.request .. " lets it later)" },
    { label = "refuse", description = "refused, and remembered for this pair", answer = "deny" },
    { label = "allow", description = ("%s may type into, read and stop %s from now on"):format(from, to), answer = "allow", confirm = "allow" },
  }, {
    title = ("agent %s asks to %s agent %s"):format(from, ev.what, to),
    text = { "It did not start that agent. Allowing lets it type into it (answer its questions,",
      "run commands in it), read its screen and stop it, until either leaves the list." },
    key = "drive:" .. ev.request,
  }, function(choice, app2)
    if choice and choice.answer then return app2:run("agent." .. choice.answer .. "_drive", ev.request) end
  end)
end

drive.ask_hook = hooks.on("agent_drive_asked", function(ev, app) drive.ask(ev, app) end, { name = "agent drive question" })
