---@meta
-- LuaLS annotations for the tables the shipped behaviour files define (lua/default/notify.lua,
-- lua/default/worktrees.lua, lua/default/sessions.lua): change a function in user/hooks.lua, or turn a hook off.
-- (Functions are fields here, so that defining your own is not a "duplicate" in your editor.)

---@class botster.notifications
---@field hooks { bell: integer, waiting: integer }  # the ids of the two handlers, for hooks.off
--- The desktop notification's text for `agent` that `what` ("rang the bell", "is waiting for
--- you"), or nil for none. The shipped one says nothing about the focused agent.
--- ```lua
--- function notifications.message(agent, what, app)
---   if agent.command:match("^claude") then return "Claude (" .. agent.name .. ") " .. what end
--- end
--- ```
---@field message fun(agent: botster.Agent, what: string, app: botster.AppActions): string|nil
notifications = {}

---@class botster.worktrees
---@field hook integer  # the worktree_clean handler's id, for hooks.off
--- What happens when an agent's worktree is clean after it exited. The shipped one asks in a
--- dialog while you look at that agent (no overlay open), else leaves a notice.
--- ```lua
--- function worktrees.offer(ev, app)
---   app:remove_worktree(ev.worktree.path)  -- always remove at once (the branch stays)
---   app:notify("removed " .. ev.worktree.path)
--- end
--- ```
---@field offer fun(ev: { agent: botster.Agent, worktree: { path: string, branch: string } }, app: botster.AppActions)
worktrees = {}

---@class botster.sessions
---@field hook integer  # the session_offer handler's id, for hooks.off
--- What happens when a hub server starts where the last one died (its agents were running): the
--- shipped one asks in a dialog: resume all (command session.resume) or start fresh (session.discard).
--- ```lua
--- function sessions.offer(ev, app)
---   app:run("session.resume")  -- always resume, without a question
--- end
--- ```
---@field offer fun(ev: { agents: { name: string, command: string, cwd: string|nil, program: string|nil, session: string|nil }[], saved: string|nil, pid: integer|nil, why: string|nil }, app: botster.AppActions)
sessions = {}
