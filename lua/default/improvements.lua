-- An improvement an agent pushed that your policy (user/policy.lua) said to ask you about: a
-- question behind the hub's one badge (it takes none of your keys; Ctrl+g o opens it), showing what
-- accepting it changes (the keys it binds or takes over, the commands, the hooks, the file's diff).
-- Accepting needs the word typed; "not now" leaves it waiting (improvements.accept NAME later).
-- Override in user/hooks.lua:
--   function improvements.ask(ev, app) app:run("improvement.reject", ev.name) end   -- never
improvements = {}

--- The lines of the question: your policy's reasoning, then what accepting the improvement changes.
---@param ev botster.ImprovementAsked
---@return string[]
function improvements.ask_lines(ev)
  local lines = questions.wrap(ev.reasoning, 74, "  ")
  local taken = {}
  for _, r in ipairs(ev.replaces or {}) do taken[r.mode .. " " .. r.key] = r.source end
  for _, b in ipairs(ev.binds or {}) do
    local was = taken[b.mode .. " " .. b.key]
    lines[#lines + 1] = ("%s %s: %s  %s%s"):format(was and "rebinds" or "binds", b.mode, b.key, b.action,
      was and ("  (now " .. was .. ")") or "")
  end
  for _, u in ipairs(ev.unbinds or {}) do
    lines[#lines + 1] = ("unbinds %s: %s%s"):format(u.mode, u.key, taken[u.mode .. " " .. u.key] and ("  (" .. taken[u.mode .. " " .. u.key] .. ")") or "")
  end
  local over = {}
  for _, o in ipairs(ev.overrides or {}) do over[o.id] = o.source end
  for _, c in ipairs(ev.commands or {}) do
    lines[#lines + 1] = ("command %s%s"):format(c.id, over[c.id] and ("  (replaces " .. over[c.id] .. ")") or "")
  end
  for _, h in ipairs(ev.hooks or {}) do lines[#lines + 1] = ("hook on %s"):format(h.event) end
  -- What its code does (read from it, held against what the policy granted): the same card as the MCP answer.
  if ev.card and #ev.card > 0 then
    lines[#lines + 1] = "what its code does:"
    for _, l in ipairs(ev.card) do lines[#lines + 1] = "  " .. l end
  end
  lines[#lines + 1] = (ev.replacing and "changes to improvements/%s.lua:" or "improvements/%s.lua, new:"):format(ev.name)
  for _, d in ipairs(ev.diff or {}) do lines[#lines + 1] = "  " .. d end
  return lines
end

--- The shipped question: not now (it waits), reject, or accept (type the word).
---@param ev botster.ImprovementAsked
---@param app botster.AppActions
function improvements.ask(ev, app)
  local who = (ev.agent_id and ev.agent_id ~= "") and ("agent " .. ev.agent_id) or "a file"
  app:select({
    { label = "not now", description = "it waits: improvement.accept " .. ev.name .. " later" },
    { label = "reject", description = "it does not go live", answer = "reject" },
    { label = "accept", description = "it goes live now", answer = "accept", confirm = "accept" },
  }, { title = ("improvement %s from %s"):format(ev.name, who), text = improvements.ask_lines(ev), key = "improvement:" .. ev.name }, function(choice, app2)
    if choice and choice.answer then return app2:run("improvement." .. choice.answer, ev.name) end
    -- "not now" says how to answer later; nil (Escape, or answered elsewhere) says nothing.
    if choice then
      app2:notify(("improvement %s still waits: improvement.accept %s or improvement.reject %s"):format(ev.name, ev.name, ev.name))
    end
  end)
end

improvements.ask_hook = hooks.on("improvement_asked", function(ev, app) improvements.ask(ev, app) end, { name = "improvement question" })
