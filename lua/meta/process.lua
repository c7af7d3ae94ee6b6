---@meta
-- LuaLS annotations for process and git (docs/lua/process.md, docs/lua/git.md). Each call waits
-- inside keys, commands, hooks, dialogs' answers and timers; elsewhere pass a callback.

---@class botster.process
process = {}

---@class botster.ProcessSpec
---@field cmd string                # a program (no shell)
---@field args? string[]
---@field cwd? string               # the hub's folder by default
---@field timeout? number           # ms: 30000 by default, at most 600000; then its group is stopped
---@field input? string             # its standard input (closed when not given)

---@class botster.ProcessResult
---@field code? integer             # nil when it did not start or a signal ended it
---@field ok boolean                # exited 0 (and was not stopped)
---@field signal? string
---@field stdout string
---@field stderr string
---@field error? string             # not found, a timeout, over 4 MB of output

--- Runs a program without blocking the hub.
--- ```lua
--- local r = process.run({ cmd = "gh", args = { "pr", "view", "--json", "url" }, cwd = app.focused.cwd })
--- if r.ok then app:notify(json.decode(r.stdout).url) end
--- ```
---@param spec botster.ProcessSpec
---@param fn? fun(res: botster.ProcessResult, app: botster.AppActions)
---@return botster.ProcessResult
function process.run(spec, fn) end

---@class botster.git
git = {}

---@alias botster.GitWhere string|{cwd?: string, dir?: string, max?: integer, remote?: string}

---@class botster.GitStatus
---@field branch? string
---@field upstream? string
---@field ahead integer
---@field behind integer
---@field clean boolean
---@field files {path: string, index: string, worktree: string}[]

---@class botster.GitCommit
---@field hash string
---@field author string
---@field email string
---@field time integer              # seconds since the epoch
---@field subject string

---@class botster.GitDiffStat
---@field added integer
---@field removed integer
---@field files {path: string, added: integer, removed: integer}[]

--- The branch, its upstream, ahead/behind and each changed file of a folder's repository (nil, error when it has none).
--- ```lua
--- local st, err = git.status(app.focused.cwd)
--- ```
---@param where? botster.GitWhere
---@param fn? fun(st?: botster.GitStatus, err?: string, app: botster.AppActions)
---@return botster.GitStatus?, string?
function git.status(where, fn) end

--- The branch checked out ("HEAD" when detached).
--- ```lua
--- local branch = git.branch(app.focused.cwd)
--- ```
---@param where? botster.GitWhere
---@param fn? fun(branch?: string, err?: string, app: botster.AppActions)
---@return string?, string?
function git.branch(where, fn) end

--- The newest commits (`max`, 10 by default, at most 1000).
--- ```lua
--- for _, c in ipairs(git.log({ cwd = app.focused.cwd, max = 3 }) or {}) do log.info(c.subject) end
--- ```
---@param where? botster.GitWhere
---@param fn? fun(commits?: botster.GitCommit[], err?: string, app: botster.AppActions)
---@return botster.GitCommit[]?, string?
function git.log(where, fn) end

--- Lines added and removed in the working tree against HEAD, per file.
---@param where? botster.GitWhere
---@param fn? fun(stat?: botster.GitDiffStat, err?: string, app: botster.AppActions)
---@return botster.GitDiffStat?, string?
function git.diff_stat(where, fn) end

--- A remote's URL (`origin`, or `{ remote = "upstream" }`).
---@param where? botster.GitWhere
---@param fn? fun(url?: string, err?: string, app: botster.AppActions)
---@return string?, string?
function git.remote_url(where, fn) end
