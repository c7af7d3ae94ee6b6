-- Moving an agent to another machine (docs/remote.md#moving-an-agent): agent.move (M) offers the
-- machines it can go to (machines.define, settings.machines; "local" for one that runs elsewhere),
-- and the agent.move verb carries it: its branch, its CLI's conversation, its box. It stops where it ran
-- only once it runs there; otherwise it runs on, and the notice says why. Replace the command in
-- your files to choose differently (a machine per repository, never while it waits for you, ...).

local function where(name)
  return name == "local" and "this machine" or name
end

--- Moves agent `a` to `machine` and says what came of it.
function machines.move(app, a, machine)
  local shown = app.focused_id == a.id
  app:notify(("moving %s to %s..."):format(a.name, where(machine)))
  app:verb("agent.move", { agent = "id:" .. a.id, machine = machine }, function(answer, app2)
    if not answer.ok then
      return app2:notify(("%s stays on %s: %s"):format(a.name, where(a.machine or "local"), tostring(answer.refused or answer.error)), "error")
    end
    app2:notify(("%s runs on %s now%s"):format(answer.agent.name, where(answer.to),
      answer.resumed and ", in its conversation" or ""))
    -- (the same agent to you: shown, if it was when you moved it)
    if shown then app2:focus(answer.agent.id) end
  end)
end

-- agent.move: the focused agent to a machine (arg: its name), or a choice of them.
commands.register("agent.move", function(app, arg)
  local a = app.focused
  if not a then return app:notify("no agent to move", "error") end
  if type(arg) == "string" and arg ~= "" then return machines.move(app, a, arg) end
  local items = {}
  if a.machine then items[#items + 1] = { label = "local", description = "this machine", machine = "local" } end
  for _, m in ipairs(app.machines or {}) do
    if m.name ~= a.machine then
      items[#items + 1] = { label = m.name, description = m.state .. (m.error and (": " .. m.error) or ""), machine = m.name }
    end
  end
  if #items == 0 then return app:notify("no other machine to move it to (machines.define names one: docs/remote.md)", "error") end
  app:select(items, { title = ("Move %s to"):format(a.name), about = { a } }, function(choice, app2)
    if choice then machines.move(app2, a, choice.machine) end
  end)
end, { desc = "Move the focused agent to another machine: its branch and its conversation go with it", category = "agents" })
