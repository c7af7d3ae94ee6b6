---@meta
-- LuaLS annotations for lua/default/permissions.lua: your rules that answer agents' permission
-- questions (docs/permissions.md).

--- A question an agent's CLI asks before a tool ("may I run `npm test`?"), as permissions.decide
--- gets it. The agent and the hub's facts are the hub's word; the tool and its input are what the
--- CLI asked about.
---@class botster.PermissionQuestion
---@field agent? botster.AgentRecord    # who asks (its id from the kernel); nil for a try of yours with no agent (`botster-tui permission ask`)
---@field tool string                   # the tool: "Bash", "Edit", "Write", "Read", "WebFetch", "mcp__server__tool"
---@field input table<string, string>   # the tool's input by field, as text (a field that is not text is JSON)
---@field command? string               # a shell tool's command line (input.command)
---@field path? string                  # a file tool's file (input.file_path, notebook_path or path)
---@field subject string                # what it is about, in one line: the command, the file, the address
---@field cwd? string                   # the folder its CLI runs in
---@field home string                   # your home folder: what ~ means in a rule
---@field key string                    # which question it is (the same tool and input but for its description: the same key)
---@field remembered? boolean           # you answered "allow always" to this question for this agent

--- What permissions.decide answers: allow (the tool runs, no dialog), deny (refused: its model
--- reads `reason`), ask (its CLI's own dialog shows and the hub asks you). Return nil for ask.
---@class botster.PermissionAnswer
---@field decision "allow"|"deny"|"ask"
---@field reason? string   # why, in words: what the agent's model is told of a deny; the log shows it
---@field rule? string     # the rule that answered: the log shows it

--- What a rule's allow, deny or ask matches: every field given must match. A string or a list of
--- strings is `run`.
---@class botster.PermissionMatch
---@field run? string|string[]        # shell commands by their first words ("git push" matches `git push origin main`); an allow answers only a command made of these, plain (no $(...), backticks, redirection but to /dev/null); a deny or ask any command with one in it
---@field touches? string|string[]    # paths named anywhere in the input (~ is your home, also as $HOME); text, not the file system
---@field tool? string|string[]       # tool names, * for any text ("Bash", "mcp__*")
---@field worktree? boolean           # only for agents in a worktree the hub made
---@field when? fun(q: botster.PermissionQuestion, app: botster.App): any # your own test

--- One rule of permissions.rules: its name (the log shows it), one of allow, deny or ask (a
--- command, a list of commands, a botster.PermissionMatch, or true for every question) and the
--- reason said.
--- ```lua
--- { name = "tests", allow = { "npm test", "make check" } }
--- { name = "secrets", deny = { touches = { "~/.ssh", "~/.aws" } }, reason = "not for agents" }
--- { name = "push", ask = "git push" }
--- { name = "reads", allow = { tool = { "Read", "Grep", "Glob" } } }
--- ```
---@class botster.PermissionRule
---@field name string
---@field allow? true|string|string[]|botster.PermissionMatch
---@field deny? true|string|string[]|botster.PermissionMatch
---@field ask? true|string|string[]|botster.PermissionMatch
---@field reason? string   # what the agent is told (a deny) and the log shows; default: names the rule

--- The permission question an agent waits with that your rules left to you (agent.permission):
--- answered with allow once, allow always for this agent, or deny (the web page's buttons; `a y`,
--- `a a`, `a n` in normal mode; app:verb("permission.answer", { agent, answer, key })).
---@class botster.AgentPermission
---@field tool string
---@field subject string   # what it is about: the command, the file, the address
---@field key string       # which question it is: permission.answer's `key`

--- The permission_decided event: the rules answered a question (`by = "rules"`), or you did (`by =
--- "you"`: allow, with `always` for allow always, or deny).
---@class botster.PermissionDecided
---@field agent botster.AgentRecord
---@field tool string
---@field subject string
---@field input? table<string, string>  # by = "rules"
---@field key string
---@field decision "allow"|"deny"|"ask"
---@field reason string
---@field rule string|nil
---@field always? boolean
---@field by "rules"|"you"

---@class botster.permissions
---@field rules botster.PermissionRule[]   # in order: the first that matches answers (your user/*.lua replaces or adds to it)
permissions = {}

--- The policy the hub asks: the shipped one answers allow for what you allowed always for this
--- agent, then the first rule that matches, else ask. Replace it in your user/*.lua; it reads the
--- hub (`app`), and what acts belongs in a permission_decided handler. An error in it is said, and
--- the question is left to you (never allowed).
--- ```lua
--- function permissions.decide(q, app)
---   if q.agent and q.agent.profile == "trusted" and permissions.runs(q, "make") then
---     return { decision = "allow", rule = "trusted make", reason = "the trusted profile may make" }
---   end
---   return permissions.first(q, app, permissions.rules) or { decision = "ask", reason = "no rule" }
--- end
--- ```
---@param q botster.PermissionQuestion
---@param app botster.App
---@return botster.PermissionAnswer|nil
function permissions.decide(q, app) end

--- The answer of the first of `rules` that matches `q`, or nil.
--- ```lua
--- local a = permissions.first(q, app, { { name = "make", allow = "make" } })
--- ```
---@param q botster.PermissionQuestion
---@param app botster.App
---@param rules botster.PermissionRule[]
---@return botster.PermissionAnswer|nil
function permissions.first(q, app, rules) end

--- Whether q's shell command runs one of `patterns` (by their first words), in any of its parts
--- (`cd x && git push` runs "git push").
--- ```lua
--- when = function(q) return permissions.runs(q, { "git push", "git reset --hard" }) end
--- ```
---@param q botster.PermissionQuestion
---@param patterns string|string[]
---@return boolean
function permissions.runs(q, patterns) end

--- Whether every part of q's shell command is one of `patterns`, plain (no $(...), backticks or
--- redirection but to /dev/null): what an allow rule's commands answer.
--- ```lua
--- permissions.runs_only(q, { "npm test", "npm run lint" })
--- ```
---@param q botster.PermissionQuestion
---@param patterns string|string[]
---@return boolean
function permissions.runs_only(q, patterns) end

--- Whether q names one of `paths` anywhere in its input (~ is your home, also as $HOME).
--- ```lua
--- permissions.touches(q, { "~/.ssh", "~/.aws", "/etc" })
--- ```
---@param q botster.PermissionQuestion
---@param paths string|string[]
---@return boolean
function permissions.touches(q, paths) end
