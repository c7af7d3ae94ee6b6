-- One agent's message to another (Claude Code's SendMessage, or `botster-tui message TO TEXT`)
-- arrives as a prompt typed into the receiving agent, once the drive rules let the sender
-- (docs/teams.md). What it reads is made here: a first line naming who sent it, then the message.
-- Override in user/hooks.lua:
--   function messages.prompt(ev) return ev.text end                 -- the message alone
--   hooks.on("before_agent_message", function(ev) return false, "no messages today" end)

messages = {}

--- The prompt the receiving agent reads.
---@param ev botster.AgentMessage
---@return string
function messages.prompt(ev)
  local from = ev.from.id ~= "" and ("agent %s (%s)"):format(ev.from.name, ev.from.id) or "the user"
  return ("Message from %s, through the hub:\n%s"):format(from, ev.text)
end

-- How its CLI takes a prompt of several lines: its clis.define's multiline (default: one paste).
messages.hook = hooks.on("before_agent_message", function(ev)
  ev.text = messages.prompt(ev)
  local cli = ev.agent and clis.find(ev.agent.program or "")
  ev.multiline = cli and cli.multiline or "paste"
  return ev
end, { priority = hooks.FIRST, name = "agent message prompt" })
