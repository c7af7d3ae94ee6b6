---@meta
-- LuaLS annotations for lua/default/drive.lua: what the hub does when an agent asks to drive an
-- agent it did not start (docs/security.md).

--- The agent_drive_asked event: an agent (by the kernel's word: its process descends from it) asks
--- to type into, read or stop an agent it did not start, and settings.agents_drive_others is off (or
--- the agent is your own shell, which the setting never opens).
---@class botster.DriveAsked
---@field request string                      # "d1": what agent.allow_drive and agent.deny_drive take
---@field from { id: string, name: string }   # the agent that asks (its id is the hub's; names are unique, never a number or the hub's)
---@field to { id: string, name: string }     # the agent it would drive
---@field what "type into"|"read"|"stop"|"close"|"report the state of"|"send a message to"

---@class botster.drive
---@field ask_hook integer   # the agent_drive_asked handler's id, for hooks.off
drive = {}

--- Asks you: the shipped question waits until you open it (Ctrl+g o) and takes none of your keys;
--- allowing takes the word "allow" typed. Answer with app:run("agent.allow_drive", ev.request) or
--- app:run("agent.deny_drive", ev.request); the answer holds for the pair while both are listed.
--- The shipped question names each agent as `NAME (id N)`, the id from the hub.
--- ```lua
--- function drive.ask(ev, app) app:run("agent.deny_drive", ev.request) end   -- never
--- ```
---@param ev botster.DriveAsked
---@param app botster.AppActions
function drive.ask(ev, app) end
