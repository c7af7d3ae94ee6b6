---@meta
-- LuaLS annotations for `accounts` (lua/default/accounts.lua; docs/accounts.md): several accounts of
-- one CLI, each its own config folder, and the agent moved to the next with room before its
-- 5-hour window runs out, in the same conversation.

---@class botster.Account
---@field name string
---@field cli string                  # the CLI it is an account of: "claude", "codex"
---@field env table<string, string>   # what an agent on it gets in its environment (~ expanded then)

--- The before_account_switch event: an agent's turn ended past settings.account_switch_at of its
--- 5-hour window. Return nil (go on), the event with `to` changed (choose another of `choices`),
--- or `false, "reason"` (it stays: the reason goes to the log).
--- ```lua
--- hooks.on("before_account_switch", function(ev)
---   if ev.agent.name:find("^review") then return false, "reviewers stay put" end
---   if ev.choices[2] == "team" then ev.to = "team"; return ev end
--- end)
--- ```
---@class botster.AccountSwitch
---@field agent botster.Agent
---@field from string|nil      # the account it runs on (nil: the CLI's own folder)
---@field to string            # the account it moves to: the next with room
---@field choices string[]     # every account of its CLI with room, the next first
---@field usage botster.Usage

---@class botster.accounts
---@field list botster.Account[]   # the defined accounts, in order
---@field spawn_hook integer       # the before_agent_spawn handler's id (a new agent starts on the first account with room), for hooks.off
---@field arrive_hook integer      # the before_agent_arrive handler's id (an agent moved here resumes on the account of the name it ran on there, else the first with room), for hooks.off
---@field hooks { state: integer, usage: integer, draft: integer } # the handlers that look at the end of each turn (and at a line typed into it, sent), for hooks.off
---@field ask boolean             # a move on the agent's own word asks you first (default true); one on its account's own figure (accounts.measure) never asks; false trusts every agent's word
accounts = {}

--- The config folders of every account (each path its env names), and the default folder of each
--- CLI with accounts (~/.claude): a box sees the one its agent's account writes, none of the others.
---@return string[]
function accounts.folders() end

--- Defines (or redefines) an account: an agent of `cli` on it gets `env` (and BOTSTER_ACCOUNT =
--- name, which `agent.account` shows). Bad input is an error at your line.
--- ```lua
--- accounts.define("work", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/.claude-work" } })
--- accounts.define("home", { cli = "claude", env = { CLAUDE_CONFIG_DIR = "~/.claude" } })
--- accounts.define("codex-2", { cli = "codex", env = { CODEX_HOME = "~/.codex-2" } })
--- ```
---@param name string
---@param def { cli: string, env: table<string, string> }
---@return botster.Account
function accounts.define(name, def) end

--- A defined account, or nil.
---@param name string
---@return botster.Account|nil
function accounts.find(name) end

--- Whether an account's 5-hour window is under settings.account_switch_at, as the hub last heard
--- of it (never heard of: room; past its reset time: room).
---@param account botster.Account
---@return boolean
function accounts.has_room(account) end

--- The accounts of `cli` with room for `agent`, the one after its own first (its own left out).
---@param agent botster.Agent|{ account?: string }
---@param cli string
---@return botster.Account[]
function accounts.next(agent, cli) end

--- The shipped policy, run when an agent's turn ends and when its usage changes: past the
--- watermark, idle or done (never running or waiting), it asks before_account_switch, then you (a
--- question of the hub, unless accounts.ask = false), carries the transcript (files.carry) and
--- restarts the agent with its CLI's resume on the chosen account; no account with room: one
--- notice naming when the first window resets. Replace it in user/hooks.lua.
---@param agent botster.Agent
---@param app botster.AppActions
function accounts.consider(agent, app) end

--- An ISO 8601 time ("2026-01-28T07:59:59.57+00:00", the offset honoured) or a number, in seconds
--- since the epoch; nil when it is neither.
---@param v string|number|nil
---@return integer|nil
function accounts.epoch(v) end

--- The account's limits as its CLI's own usage endpoint says them (the CLI file's `limits`):
--- `{ five_hour = { used_pct, resets_at }, ... }`, asked with the account's login (nil: the CLI's
--- default folder) from outside any box, so no agent can make them up; nil and why when the CLI
--- has no `limits`, the login is missing or the answer is not one. Waits for the answer: call it
--- from a hook, a timer or a key (lua/default/account_limits.lua).
---@param cli botster.Cli
---@param account? botster.Account
---@return table<string, botster.UsageLimit>|nil limits
---@return string|nil why
function accounts.measure(cli, account) end
