-- Answer the agent you look at without going into it: in normal mode `a y`, `a n`, `a enter` and
-- `a escape` send what "yes", "no", Enter or Escape mean to the focused agent while it waits for
-- you (`w` jumps to the next one that waits). What yes and no mean depends on the CLI: Claude Code,
-- Gemini CLI and Copilot preselect "1. Yes"/"Allow once" (Enter takes it, Escape declines), Codex
-- answers its approval with "y"; a plain "(y/n)" question gets "y" or "n" and Enter.
--
-- What they mean for each CLI is its file's `answers` (lua/default/clis/<name>.lua); teach it
-- another in $BOTSTER_HOME/user/ with clis.define({ name = "mytool", programs = { "mytool" },
-- answers = { yes = { text = "yes", keys = "enter" }, no = { keys = "ctrl+c" } } }) (keys are key
-- specs, as app:send takes them), or replace the command: commands.register("agent.answer", ...).
answers = {
  default = { yes = { text = "y", keys = "enter" }, no = { text = "n", keys = "enter" } },
}

local PLAIN = { enter = { keys = "enter" }, escape = { keys = "escape" } }

--- What `what` ("yes", "no", "enter", "escape") means to `agent`: { text?, keys? }, or nil.
---@param agent botster.Agent
---@param what string
---@return {text?: string, keys?: string}|nil
function answers.for_agent(agent, what)
  if PLAIN[what] then return PLAIN[what] end
  local cli = clis.find(agent.program) or clis.find(agent.name)
  local per = (cli and cli.answers) or answers[agent.program] or answers[agent.name] or answers.default
  return per[what] or answers.default[what]
end

-- A permission question your rules left to you (agent.permission: docs/permissions.md): yes allows
-- it once, `always` allows it for this agent from now on (`a a`), no denies it; the answer is
-- recorded and logged (the permission.answer verb, yours alone), then typed as the CLI's yes or no.
local PERMISSION = { yes = "allow", always = "always", no = "deny" }

-- The notice an answer to an agent that asked nothing left: it goes once that agent is in another
-- state (it may ask now) or a later answer goes through, not 15 s on beside answers that worked.
local refused = state.get("answers.refused", {})

commands.register("agent.answer", function(app, what)
  local agent = app.focused
  what = what or "yes"
  if not agent then return app:notify("no agent to answer") end
  if agent.state ~= "waiting" then
    refused.notice = app:notify(agent.name .. " is not waiting for an answer (" .. agent.state .. ")", "info",
      { agent = agent.id, state = agent.state })
    return
  end
  if refused.notice then app:unnotify(refused.notice) end
  refused.notice = nil
  local p = agent.permission
  if what == "always" and not p then
    return app:notify(agent.name .. " asks no permission question your rules left to you: nothing to allow always")
  end
  local a = answers.for_agent(agent, what == "always" and "yes" or what)
  if not a then return app:notify("agent.answer: say yes, no, always, enter or escape") end
  if not (p and PERMISSION[what]) then return app:send(agent, a.text, a.keys) end
  app:verb("permission.answer", { agent = agent, answer = PERMISSION[what], key = p.key }, function(said, app2)
    if not said.ok then return app2:notify("agent.answer: " .. tostring(said.refused or said.error), "error") end
    app2:send(agent, a.text, a.keys)
  end)
end, { verb = "agent.send", desc = "Answer the focused agent (yes, no, always, enter, escape) without going into it", category = "agents" })
