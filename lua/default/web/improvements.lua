-- Improvements waiting for your answer, on the board (docs/web.md): each with what accepting it
-- changes (improvements.ask_lines, as the hub's own question shows it), answered with the same
-- commands the hub's question runs (improvements.accept / improvements.reject). Only a session that
-- may type answers; an answer lands only on an improvement that still waits.

--- The improvements waiting for you, as the board shows them (each with its preview's lines).
---@param app botster.App
function web.improvements(app)
  local list = {}
  for _, i in ipairs(app.improvements or {}) do
    list[#list + 1] = {
      name = i.name, reasoning = i.reasoning, at = i.at,
      from = (i.agent_id and i.agent_id ~= "") and ("agent " .. i.agent_id) or "a file",
      lines = improvements.ask_lines(i),
    }
  end
  return list
end

local function waits(app, name)
  for _, i in ipairs(app.improvements or {}) do
    if i.name == name then return true end
  end
  return false
end

routes.post("/improvements/:name", function(req, app)
  local name, answer = req.params.name, req.form.answer
  if answer ~= "accept" and answer ~= "reject" then return redirect("/", "accept or reject") end
  if not waits(app, name) then return redirect("/", "that improvement does not wait for you now") end
  -- The verb, waited for: the page says what the hub said ("is live (v3)", "failed: ...", or that
  -- it no longer waits), not what was asked.
  local ran = app:call("improvement." .. answer, { name = name })
  -- The other open pages drop it too (this one loads the board again).
  local left = {}
  for _, i in ipairs(web.improvements(app)) do
    if i.name ~= name then left[#left + 1] = i end
  end
  web.turbo_stream("replace", "improvements", render("_improvements.liquid", { improvements = left }))
  if not ran.ok then return redirect("/", ran.refused and ("refused: " .. ran.refused) or tostring(ran.error)) end
  return redirect("/", ran.said or ("improvement " .. name .. " " .. answer .. "ed"))
end)

-- One starts waiting: every open board shows it.
hooks.on("improvement_asked", function(_, app)
  web.turbo_stream("replace", "improvements", render("_improvements.liquid", { improvements = web.improvements(app) }))
end, { name = "web improvements" })
