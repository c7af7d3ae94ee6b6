---@meta
-- LuaLS annotations for hooks and events.
--
-- Events the hub emits (payload fields). An `agent` in them is the agent's record
-- (botster.AgentRecord: the fields of app.agents that come from the state), as the event saw it.
--   before_agent_spawn   { command, args, cwd, env, name, program, sandbox, again }  return a changed table, nil, or false, "reason" (again: it ran before: a restart, --restore)
--   agent_spawned        { agent }
--   agent_output         { agent, bytes }          coalesced: at most one per agent per 250 ms
--   agent_title_changed  { agent, title }          OSC 0/2
--   agent_renamed        { agent, from }           its name in the list changed (from: the name before)
--   agent_cwd_changed    { agent, cwd }            OSC 7
--   agent_bell           { agent }                 a storm of bells: at most one per agent per 250 ms
--   agent_status_changed { agent, from, to }       running | waiting | idle | exited
--   agent_usage_changed  { agent = { id, name }, usage, from }  its CLI reported other usage (agent.usage; from: the last, or nil)
--   agent_draft_changed  { agent = { id, name }, draft }  a line typed into it waits to be sent (true), or was sent or cleared (false)
--   before_agent_kill    { agent }                 false, "reason" keeps it running
--   agent_exited         { agent, exit_code, signal }
--   focus_changed        { from, to, agent }
--   mode_changed         { from, to }
--   client_attached      { client, clients, cols, rows }  a terminal attached; clients: how many are now
--   client_detached      { client, clients }       a terminal detached or went away (clients = 0: nobody watches)
--   reload               { ok, error, files }
--   before_quit          {}                        false, "reason" cancels stopping the hub (not detaching)
--   key_unhandled        { key, mode }             a key no binding took in a non-passthrough mode
--   flow_transition      { instance, flow, from, to, action }
--   worktree_clean       { agent, worktree }       worktree = { path, branch }: an agent that exited left it clean
--   before_worktree_create { agent, repo, base, branch, folder, setup, include }
--                        before git makes an agent's worktree: set branch (nil: worktrees.branch_name
--                        names it), base, folder, setup (a command line run in the new worktree before
--                        the agent, its output in the agent's panel; nil: none; default ".botster/setup"
--                        when the repository has one) or include (.worktreeinclude's patterns:
--                        ignored files copied in); false, "reason" does not start the agent
--   worktree_created     { worktree, setup, copied }  worktree = { path, branch, base, repo }
--   worktree_finished    { agent, worktree, how, commits }  worktree.finish merged it and removed it
--   worktree_discarded   { agent, worktree }       worktree.discard removed it and its branch
--   review_comment_added { agent, comment }        a review comment was made (c, review_comment)
--   before_review_send   { agent, comments, header, footer, multiline, text }  the comments are
--                        about to go as one prompt: set header/footer (lua/default/review.lua sets
--                        them from review_prompt), multiline ("paste"|"join"), or text (the whole
--                        prompt); false, "reason" does not send them
--   review_sent          { agent, comments, text }  the comments went to the agent, as text
--   before_agent_message { agent, from, text, multiline }  an agent's message to agent (Claude's
--                        SendMessage, botster-tui message) the drive rules let through, about to be
--                        typed in: set text (lua/default/messages.lua makes the prompt) or
--                        multiline; false, "reason" refuses the sender with the reason
--   before_prompt        { agent, kind, what, shell, force }  a prompt (kind: review, message, pipeline)
--                        is about to be typed into agent; false, "reason" does not type it
--                        (lua/default/prompts.lua: prompts.reads, a program a CLI file knows)
--   agent_message        { agent, from, text }      the message was typed into agent as text
--   before_agent_interrupt { agent, keys }         the interrupt verb is about to press keys in agent
--                        (nil: not asked for; lua/default/interrupt.lua sets its CLI's `interrupt`,
--                        else "ctrl+c"); set keys, or false, "reason" refuses it
--   before_agent_move    { agent, from, to }       the move verb is about to move agent from machine
--                        `from` to `to` ("local": this one); false, "reason" keeps it where it runs
--   before_agent_arrive  { agent, session, box, branch, account, env }  an agent moved from another
--                        machine is about to land here (its git, its transcripts, then its start);
--                        false, "reason" refuses it, and it runs on where it was; set ev.env (an
--                        account's) and it starts with it, its transcripts laid in that account's
--                        folder (docs/remote.md#moving-an-agent)
--   project_found        { project }               a repository with a .botster/ an agent started in (or
--                        whose files changed since you trusted it): project = { path, trusted, changed,
--                        files, setup }; lua/default/projects.lua asks whether to trust it
--   session_offer        { agents, saved, pid, why }  a hub server started where the last one died (crash, reboot,
--                                                  kill -9): agents = { name, command, cwd, program, session }[]
--   question_asked       { id, title, from }       a dialog nobody at the keys opened waits for the user
--                        (app.questions); lua/default/questions.lua posts a notice
--   web_screen_changed   { agent, last_line }     only while a web page is open: its last line changed
--                        (at most twice a second per agent; the line it settles on is always sent)
--   web_card_changed     { agent }                only while a web page is open: what its card shows changed
--                        while its state did not (a waiting agent asks another question; its branch)
--   pipeline_asked       { request, pipeline, agent, agent_id, decision, reasoning, rule, change }
--   agent_drive_asked    { request, from = {id, name}, to = {id, name}, what }
--   box_host_asked       { request, agent = {id, name}, host, port }
--   plugin_asked         { request, from = {id, name}, action, source, folder, name, caps }
--                        an agent typed botster-tui plugin add|grant|enable; lua/default/plugins.lua
--                        asks you (plugin_asks.ask)
--                        an agent asks to run a pipeline and your policy said to ask you;
--                        lua/default/pipelines.lua asks (the other pipeline_* events: docs/pipelines.md)
--   improvement_asked    { name, agent_id, reasoning, binds, replaces, unbinds, commands, overrides, hooks, diff, replacing, card }
--                        an agent pushed an improvement and your policy said to ask you;
--                        lua/default/improvements.lua asks (improvements.ask)
-- Every handler gets the app (the same one keys and commands get) after the payload: fn(ev, app).
-- `pattern` matches the agent's name (agent events), or the flow id (flow_transition).

---@class botster.HookOptions
---@field priority? integer   # lower runs first: hooks.FIRST -100, EARLY -50, NORMAL 0, LATE 50, LAST 100
---@field once? boolean       # unsubscribe after the first call
---@field pattern? string     # glob on the event's subject, e.g. "claude*"
---@field name? string        # shown in logs and notes
---@field budget_ms? integer  # time budget per call (default hooks.budget_ms = 10)

---@class botster.hooks
---@field FIRST integer
---@field EARLY integer
---@field NORMAL integer
---@field LATE integer
---@field LAST integer
---@field budget_ms integer
hooks = {}

--- Subscribes to a hub event. A handler that errors is logged and skipped; one that runs over its
--- budget is stopped (as if it returned nil) and disabled after 3 overruns, with a note on screen.
--- For before_* events return a modified payload, nil to go on unchanged, or false, "reason".
--- The handler gets the app too, and may act through it (app:focus, app:notify, app:select...).
--- ```lua
--- hooks.on("agent_exited", function(ev) log.info(ev.agent.name, "exited", ev.exit_code) end, { pattern = "claude*" })
--- hooks.on("agent_bell", function(ev, app) if ev.agent.id ~= app.focused_id then app:focus(ev.agent.id) end end)
--- hooks.on("before_agent_spawn", function(ev) ev.env.FOO = "1"; return ev end, { priority = hooks.FIRST })
--- ```
---@param event string
---@param fn fun(ev: table, app: botster.AppActions): (any, string?)  # before_*: a changed payload, nil, or false, "reason"
---@param opts? botster.HookOptions
---@return integer id
function hooks.on(event, fn, opts) end

--- Removes a handler.
--- ```lua
--- local id = hooks.on("agent_bell", function() end)
--- hooks.off(id)
--- ```
---@param id integer
---@return boolean removed
function hooks.off(id) end

--- Raises a before_* event of your own Lua (lua/default/accounts.lua raises
--- before_account_switch): its handlers run in order, as the hub runs its own; nil goes on, a table
--- is the payload from then on, `false, "reason"` cancels. One that errors is logged and skipped.
--- ```lua
--- local ev, why = hooks.ask("before_account_switch", { agent = a, to = "work" }, app)
--- if not ev then log.info("refused: " .. why) end
--- ```
---@param event string
---@param payload table
---@param app? botster.AppActions
---@return table|nil payload
---@return string|nil reason
function hooks.ask(event, payload, app) end

---@class botster.events
events = {}

--- Subscribes to a custom event named "namespace:name" (same options and rules as hooks.on).
--- ```lua
--- events.on("myplugin:done", function(p) log.info("done", p.n) end)
--- ```
---@param name string
---@param fn fun(payload: any, app: botster.AppActions|nil)  # app: the one of the key, command or hook that emitted it
---@param opts? botster.HookOptions
---@return integer id
function events.on(name, fn, opts) end

--- Removes a custom-event handler.
--- ```lua
--- events.off(id)
--- ```
---@param id integer
---@return boolean
function events.off(id) end

--- Emits a custom event now; its handlers run in priority order, errors are logged and skipped.
--- ```lua
--- events.emit("myplugin:done", { n = 1 })
--- ```
---@param name string
---@param payload? any
function events.emit(name, payload) end
