---@meta
-- LuaLS annotations for `resume_at_reset` (lua/default/resume_at_reset.lua; docs/accounts.md#when-the-window-resets):
-- an agent its limit stopped, with no account of its CLI left with room, continued once when its
-- window resets (settings.resume_at_reset).

--- The before_resume event: an agent stopped by its limit is about to be sent `prompt` now that
--- its window reset. Return nil (go on), the event with `prompt` changed, or `false, "reason"`
--- (not continued: the reason goes to a notice and the log).
--- ```lua
--- hooks.on("before_resume", function(ev)
---   if os.date("*t").hour < 8 then return false, "not before 8" end
---   ev.prompt = "the window reset: go on where you stopped"; return ev
--- end)
--- ```
---@class botster.ResumeAtReset
---@field agent botster.Agent
---@field prompt string         # what it is sent (then Enter)
---@field limit string          # the limit whose window reset: "five_hour", "seven_day"

---@class botster.resume_at_reset
---@field hooks { state: integer, usage: integer, draft: integer } # its handlers, for hooks.off
resume_at_reset = {}

--- The limit that stopped `agent`: its name and `{ used_pct, resets_at }` (at 100%), as the agent
--- reported it or, when its CLI tells the hub (a CLI file's `limits`) and its last words speak of
--- a limit, as its account's own figure says; nil when none did.
---@param agent botster.Agent
---@return string|nil name
---@return botster.UsageLimit|nil limit
function resume_at_reset.limit(agent) end

--- The prompt a continued agent is sent: settings.resume_at_reset's, "continue" for true.
---@return string
function resume_at_reset.prompt() end

--- The shipped policy, run when an agent's turn ends and when its usage changes: an agent its
--- limit stopped (idle or done) with no account of its CLI left with room gets a plan, said in a
--- notice and the log, and is sent the prompt when the window resets, once; not while it asks
--- you or a line typed into it waits (then when that is over), not if it went on meanwhile.
--- Replace it in user/hooks.lua.
---@param agent botster.Agent
---@param app botster.AppActions
function resume_at_reset.consider(agent, app) end
