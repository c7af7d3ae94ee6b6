---@meta
-- LuaLS annotations for lua/default/messages.lua: the prompt one agent's message to another
-- arrives as (Claude Code's SendMessage, `botster-tui message TO TEXT`: docs/teams.md).

--- The before_agent_message event: a message the drive rules let through, about to be typed into
--- the receiving agent. Set `text` (the whole prompt) or `multiline`; return false, "reason" and
--- the sender is refused with the reason.
---@class botster.AgentMessage
---@field agent botster.Agent                 # the agent that gets it
---@field from { id: string, name: string }   # the agent that sends it (id "": you, from your shell)
---@field text string                         # the message (after the shipped handler: the prompt)
---@field multiline "paste"|"join"            # how a prompt of several lines goes in

---@class botster.messages
---@field hook integer   # the before_agent_message handler's id, for hooks.off
messages = {}

--- The prompt the receiving agent reads: by default a line naming the sender, then the message.
--- ```lua
--- function messages.prompt(ev) return ev.text end   -- the message alone
--- ```
---@param ev botster.AgentMessage
---@return string
function messages.prompt(ev) end
