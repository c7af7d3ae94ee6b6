---@meta
-- LuaLS annotations for agent profiles ($BOTSTER_HOME/user/profiles.lua).

---@class botster.Profile
---@field command string            # a command line (run through sh -c) or, with args, a program
---@field args? string[]
---@field cwd? string               # ~ is expanded
---@field env? table<string, string>
---@field worktree? boolean|{branch?: string, reuse?: boolean, folder?: string}  # start in a git worktree: a new branch botster/NAME, or the given branch (reuse = true to check out an existing one)

---@class botster.DefinedProfile: botster.Profile
---@field name string

---@class botster.profiles
---@field list botster.DefinedProfile[]  # every defined profile, in definition order (the spawn dialog lists them)
profiles = {}

--- Defines a named way to start an agent, for `botster-tui --agent profile:NAME` and the spawn
--- dialog (`c` in normal mode, command agent.spawn). A later define of the same name replaces it.
--- ```lua
--- profiles.define("claude", { command = "claude", cwd = "~/src/app", env = { CLAUDE_MODEL = "opus" } })
--- ```
---@param name string
---@param def botster.Profile
function profiles.define(name, def) end
