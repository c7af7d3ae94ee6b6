---@meta
-- LuaLS annotations for status adapters (when is an agent waiting for you?).

--- What a status adapter's `detect` gets as `agent`: the agent, plus what the hub saw.
---@class botster.AdapterAgent: botster.Agent
---@field at_prompt boolean   # the shell marked its prompt (OSC 133) after the last command
---@field rang_bell boolean   # the agent rang the bell since its last output

---@class botster.StatusAdapter
---@field name string                                  # a later adapter with the same name replaces it
---@field match? string|fun(agent: botster.AdapterAgent): boolean  # glob on the agent's command or name; nil = every agent
---@field detect fun(lines: string[], agent: botster.AdapterAgent): "waiting"|"idle"|nil  # the last non-empty screen lines, top to bottom
---@field priority? integer                             # lower asks first (shipped: -10 for claude/aider/codex, 100 generic)

---@class botster.status
status = {}

--- Adds a status adapter. When an agent goes quiet (1.5 s without output) the hub asks the
--- matching adapters about its last screen lines; "waiting" shows in the agent list, sets the
--- attention badge if the agent is not focused, fires agent_status_changed, and `w` (normal mode,
--- agent.next_waiting) jumps there. Output from the agent ends the waiting.
--- ```lua
--- status.adapter({ name = "mytool", match = "mytool*", detect = function(lines)
---   if lines[#lines]:find("READY>") then return "waiting" end
--- end })
--- ```
---@param def botster.StatusAdapter
function status.adapter(def) end
