---@meta

--- The improvement_asked event: an agent pushed an improvement and your policy (user/policy.lua)
--- said to ask you. What accepting it changes: the keys it binds (and whose binding it takes
--- over), the commands it adds (and what they replace), its hooks, its file's diff.
---@class botster.ImprovementAsked
---@field name string                 # what improvements.accept and improvements.reject take
---@field agent_id string|nil         # the agent that pushed it (nil: a file dropped into improvements/)
---@field reasoning string            # your policy's
---@field binds { mode: string, key: string, action: string, desc: string }[]
---@field replaces { mode: string, key: string, source: string, layer: string }[] # live bindings it takes over
---@field unbinds { mode: string, key: string }[]
---@field commands { id: string, desc: string }[]
---@field overrides { id: string, source: string, layer: string }[] # live commands it replaces
---@field hooks { event: string, name: string }[]
---@field diff string[]               # "+ line", "- line", "  context", "…" against its live version
---@field replacing boolean           # a live version exists (the diff is against it)
---@field card? string[]             # what its code does (programs, hosts, files, keys, agents, web routes), read from it and held against what the policy granted

---@class botster.improvements
---@field ask_hook integer            # the improvement_asked handler's id, for hooks.off
improvements = {}

--- What happens when an improvement waits for you: the shipped one (lua/default/improvements.lua)
--- asks a question behind the status bar's badge that takes none of your keys (Ctrl+g o opens it);
--- accepting takes the word "accept" typed. Answer with app:run("improvement.accept", ev.name) or
--- app:run("improvement.reject", ev.name).
--- ```lua
--- function improvements.ask(ev, app) app:run("improvement.reject", ev.name) end   -- never
--- ```
---@param ev botster.ImprovementAsked
---@param app botster.AppActions
function improvements.ask(ev, app) end

--- The question's lines: your policy's reasoning, the keys, commands and hooks, the file's diff.
---@param ev botster.ImprovementAsked
---@return string[]
function improvements.ask_lines(ev) end
