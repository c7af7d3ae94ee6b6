---@meta
-- LuaLS annotations for lua/default/prompts.lua: which agents the hub types a prompt into
-- (review comments, an agent's message, a pipeline step's prompt: docs/review.md, docs/teams.md).

--- The before_prompt event: a prompt about to be typed into an agent. Return false, "reason" and
--- it is not typed: the caller is refused with the reason (reason code shell or not_cli).
---@class botster.Prompt
---@field agent botster.Agent                    # the agent it would go to (agent.program: its foreground now)
---@field kind "review"|"message"|"pipeline"     # what types it
---@field what string                            # the prompt in words ("the review comments")
---@field shell boolean                          # its foreground program is a shell: it would run the lines
---@field force boolean                          # the caller means it (the user said yes, --force)

---@class botster.prompts
---@field hook integer   # the before_prompt handler's id, for hooks.off
prompts = {}

--- Whether the agent reads the prompt: by default when a CLI file knows its foreground program
--- (clis.find), or a pipeline's step runs it and it is no shell. false, "why" refuses it.
--- ```lua
--- function prompts.reads(ev) return not ev.shell end   -- any program but a shell
--- ```
---@param ev botster.Prompt
---@return boolean ok
---@return string|nil why
function prompts.reads(ev) end
