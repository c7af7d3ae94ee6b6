---@meta
-- LuaLS annotations for App (the hub as a layout sees it), log and theme.

---@class botster.AgentRecord # an agent as every client is told of it: app.agents, hook payloads, `agents --json`
---@field id string
---@field name string
---@field program string     # the program in its foreground: `claude` typed into a shell agent is "claude"
---@field command string
---@field cwd string
---@field state "running"|"waiting"|"idle"|"done"|"exited" # what it does: done = finished a turn (you typed to it, or it was seen working) while no client showed it
---@field reason string|nil    # why: the question it asks ("run `rm -rf build`?"), what it does, how it exited
---@field status "running"|"waiting"|"idle"|"exited" # the older coarse field: `state` with done shown as idle
---@field exit_code integer|nil   # set once it exited; meaningless when `signal` is set
---@field signal integer|nil      # the signal that ended it (15), nil when it exited by itself
---@field signal_name string|nil # "SIGTERM", "SIGKILL"... for `signal`
---@field title string        # from OSC 0/2
---@field machine? string       # the machine of settings.machines it runs on; nil for this one (docs/remote.md)
---@field branch? string      # the git branch of the agent's worktree, if it has one
---@field git_branch? string  # the git branch checked out in its folder (read from HEAD, kept current; a short hash when detached), nil outside a repository
---@field worktree? botster.AgentWorktree # the worktree the hub made for it (worktree = true), if any
---@field repo? string        # the repository it works in (its top folder; a worktree agent's is its repository's), once git said
---@field profile? string     # the profile it was started from (user/profiles.lua), if any
---@field lead? string        # the agent that started it (its team's lead: `botster-tui new` or `tmux split-window` from inside it; docs/teams.md); the agent list shows it under its lead

-- An agent in app.agents: its record and what the layout adds.
---@class botster.Agent : botster.AgentRecord
---@field state_since number|nil # when the state began (ms on the hub's clock)
---@field attention boolean   # it needs you: what App:attention says (lua/default/attention.lua)
---@field scroll integer      # lines scrolled back from the live bottom (0 = live)
---@field waiting_since? number # when it started waiting for you (ms on the hub's clock), while status is "waiting"
---@field bell_at? number       # when it last rang the bell (ms on the hub's clock)
---@field seen_at? number       # when the focus last left it (ms on the hub's clock); nil if it never had it
---@field watched? boolean      # true while another attached client has it focused
---@field shown? boolean        # true while an attached client's screen shows it (a turn it finishes there is seen)

---@class botster.AgentWorktree
---@field path string    # its folder (where the agent runs)
---@field branch string
---@field base? string   # the branch it was made from: where worktree.finish merges it
---@field repo string    # the repository's main folder

---@class botster.Worktree
---@field path string    # the worktree's folder
---@field branch string  # its branch (removing the worktree keeps the branch)
---@field agent string   # the name of the agent that worked in it

---@class botster.Project
---@field path string       # the repository's folder
---@field trusted boolean   # its Lua loads as yours and its setup runs (else: the sandbox, no setup)
---@field changed boolean   # you trusted it, and its files changed since (it asks again)
---@field files string[]    # its .botster/*.lua
---@field setup boolean     # it has a .botster/setup script
---@field hash string       # the hash of its .botster/ now: app:trust_project(p) trusts these contents only
---@field changes? { added: string[], removed: string[], modified: string[] } # when changed: which files, since you trusted it (nil: not recorded then)

---@class botster.Question
---@field id integer      # the hub's number for it
---@field title string    # what it asks ("Trust app/.botster?")
---@field from string     # who asked: a hook's name ("project trust", "resume offer") or file:line
---@field key? string     # what it is about, when it says (app:select's opts.key: "improvement:NAME")

--- An improvement waiting for your answer: what the improvement_asked event said, and since when.
---@class botster.WaitingImprovement : botster.ImprovementAsked
---@field at string       # when it started waiting (ISO 8601)

---@class botster.Review
---@field agent string         # whose changes (it follows the focus)
---@field mode "all"|"uncommitted"
---@field top integer          # the diff line at the top of the panel (0 = the summary)
---@field lines integer        # lines in the diff document
---@field files integer        # files changed
---@field added integer        # lines added
---@field removed integer      # lines removed
---@field against string|nil   # what it is compared with: the base branch, or "HEAD"
---@field loading boolean      # the first diff is still being made
---@field error string|nil     # why there is no diff
---@field comments botster.ReviewComment[] # the review comments on this agent's changes (docs/review.md)
---@field selecting? boolean   # lines of the panel are being selected (c comments them)

--- A review comment (`self.review.comments`, `botster-tui review comments`).
---@class botster.ReviewComment
---@field id string             # "c3"
---@field file string           # relative to the agent's folder
---@field line integer          # its first line (1-based)
---@field end integer           # its last line
---@field side "new"|"old"      # new: the file's lines now; old: removed lines
---@field snippet string[]      # the lines as the diff showed them (+, - or a space first)
---@field text string           # the remark
---@field state "new"|"stale"|"sent"|"handled" # stale: not sent and its lines changed; handled: they changed after it was sent, or you said so
---@field created string        # ISO time
---@field sent? string
---@field handled? string

--- The before_review_send event: the comments about to go (lua/default/review.lua).
---@class botster.ReviewSend
---@field agent botster.Agent
---@field comments botster.ReviewComment[] # not sent yet, in the diff's order
---@field header string
---@field footer string
---@field multiline "paste"|"join"
---@field text? string           # the whole prompt (header, comments and footer left out)

--- The prompt review comments go as: its header and footer (lua/default/review.lua). Replace
--- either in your files: `function review_prompt.footer(ev) return "Run the tests after." end`.
---@class botster.ReviewPrompt
---@field header fun(ev: botster.ReviewSend): string
---@field footer fun(ev: botster.ReviewSend): string
---@field hook integer           # the before_review_send handler's id, for hooks.off
review_prompt = {}

---@class botster.CompareColumn
---@field agent string         # whose changes (an agent id)
---@field top integer          # the diff line at the top of its column (0 = the summary)
---@field lines integer        # lines in its diff document
---@field files integer        # files changed
---@field added integer        # lines added
---@field removed integer      # lines removed
---@field against string|nil   # what it is compared with: the base branch, or "HEAD"
---@field loading boolean      # its first diff is still being made
---@field error string|nil     # why there is no diff

--- The compare panel: several agents' changes side by side (app:open_compare; pipeline.choose
--- opens it on a run's candidates).
--- ```lua
--- local c = self.compare
--- if c then log.info("comparing " .. #c.columns .. ", selected " .. c.columns[c.selected].agent) end
--- ```
---@class botster.Compare
---@field mode "all"|"uncommitted"
---@field selected integer     # the selected column (1-based)
---@field columns botster.CompareColumn[]

--- A machine of settings.machines as the hub reaches it (docs/remote.md).
--- ```lua
--- for _, m in ipairs(self.machines or {}) do
---   if m.state == "unreachable" then log.info(m.name .. ": " .. m.error) end
--- end
--- ```
---@class botster.Machine
---@field name string      # as settings.machines names it (agent.machine, new --machine)
---@field state "connecting"|"connected"|"unreachable"
---@field error? string    # why it cannot be reached (the ssh error), while unreachable
---@field retry_in? integer # seconds until it is tried again (the wait doubles each time, up to a minute)
---@field agents integer   # how many of its agents are listed

---@class botster.App
---@field agents botster.Agent[]
---@field focused botster.Agent|nil   # the agent keys go to
---@field focused_id string|nil       # its id
---@field selected integer|nil        # index of the focused agent in agents
---@field mode string                 # "insert" or "normal"
---@field size {width: integer, height: integer}
---@field hub_machine? string          # the hub's machine as this client named it, attached from another (--ssh devbox: "devbox"); nil here
---@field error string|nil            # the last error ("file:line: message"): configuration, a failed key action
---@field notice string|nil           # the latest info notice (app:notify, "copied 3 lines"), gone after 15 s
---@field overlay "help"|"palette"|nil # what the hub draws over the layout
---@field hint string                 # a short key hint for the current mode: what App:status_hint returns
---@field shell string                # the user's shell ($SHELL, else /bin/sh): what a plain new agent runs
---@field worktrees? botster.Worktree[] # clean worktrees of agents that exited, on offer for removal (nil when none)
---@field review? botster.Review      # the open review panel (nil when closed)
---@field compare? botster.Compare    # the open compare panel: agents' changes side by side (nil when closed)
---@field projects? botster.Project[] # repositories with a .botster/ the hub found (nil when none)
---@field questions? botster.Question[] # dialogs the hub asks by itself, waiting for you to open them (question.open), oldest first (nil when none)
---@field machines? botster.Machine[] # settings.machines and how each is reached (nil when none is listed)
---@field pipelines? botster.PipelineRunFacts[] # pipeline runs under way, waiting for a choice, or ended in this hub lately (nil when none; docs/pipelines.md)
---@field improvements? botster.WaitingImprovement[] # improvements waiting for your answer (improvements.accept / reject NAME), oldest first, with what accepting each changes (nil when none)
---@field plugins? botster.PluginFacts[] # the home's plugins: version, state, what each asks for and was granted (nil when none; docs/plugins.md)
---@field state table                 # your own table; kept across renders and reloads
--- Returns the widget tree for the whole screen. Define it in $BOTSTER_HOME/user/layout.lua
--- (a field, not a function here, so that defining it is not a "duplicate" in your editor).
--- ```lua
--- function App:render()
---   return ui.column({
---     ui.header({ title = "My hub" }),
---     ui.panel({ grow = 1 }, ui.terminal(self.focused)),
---     ui.status_bar({ left = self.error or self.mode }),
---   })
--- end
--- ```
---@field render fun(self: botster.App): botster.Widget
--- Whether an agent needs you (its `attention`, the `!` badge), from the facts the hub records.
--- The shipped rule (lua/default/attention.lua): not the focused agent, and it rang the bell or
--- started waiting since the focus last left it. Define your own in user/hooks.lua:
--- ```lua
--- function App:attention(agent)
---   return agent.status == "exited" and agent.exit_code ~= 0  -- only failures need me
--- end
--- ```
---@field attention fun(self: botster.App, agent: botster.Agent): boolean
--- The status-bar hint (`self.hint`). The shipped one (lua/default/hint.lua) lists a few keys of
--- the current mode from the live keymap (keys.key_for). Define your own in user/hooks.lua:
--- ```lua
--- function App:status_hint()
---   return self.mode == "insert" and "" or "j/k: move  ?: help"
--- end
--- ```
---@field status_hint fun(self: botster.App): string
--- The status bar's badge while questions wait (`? 1 question: Ctrl+g o`), or nil for none. The
--- shipped one is in lua/default/questions.lua; return nil from your own to show no badge.
---@field question_badge fun(self: botster.App): string|nil
--- The pipeline run the default panel and the pipeline.* commands are about: the first under way
--- (or waiting for a choice), else the latest (lua/default/pipelines.lua).
---@field pipeline_run fun(self: botster.App): botster.PipelineRunFacts|nil
--- The default layout's pipeline panel under the agent list (hidden when no run).
---@field pipeline_panel fun(self: botster.App): botster.Widget
--- The default layout's agent list in its panel (grouped, filtered by `f`); `props` are the panel's.
--- ```lua
--- ui.column({ width = "30%", self:agents_panel({ title = "Mine" }), self:pipeline_panel() })
--- ```
---@field agents_panel fun(self: botster.App, props?: table): botster.Widget
--- The default layout's terminal panel: the focused agent's screen, its title saying how it ended.
---@field terminal_panel fun(self: botster.App, props?: table): botster.Widget
--- The review panel (`v`): the reviewed agent's changes (`ui.diff`), hidden while none is open.
---@field review_panel fun(self: botster.App, props?: table): botster.Widget
--- The last Lua error, or else the current notice (hidden when neither).
---@field message_line fun(self: botster.App): botster.Widget
--- The default status bar: where keys go (INSERT, NORMAL, DIALOG...), the agents, the questions
--- waiting for you, the `status.*` slots and the key hint.
---@field status_line fun(self: botster.App): botster.Widget
--- Called by the hub with the tree `App:render` returned while a review or a compare panel is
--- open: the shipped one (lua/default/layout.lua) adds the panel beside a tree that does not
--- place it itself (no `ui.diff` of its agents), so no key acts on changes nobody sees.
--- ```lua
--- function App:place_mode_panels(tree) return tree end  -- I place them myself, or not at all
--- ```
---@field place_mode_panels fun(self: botster.App, tree: botster.Widget): botster.Widget
--- The run waiting for a choice that an agent worked for, and its step (nil, nil: none).
--- ```lua
--- local run, step = app:choice_of(app.compare.columns[app.compare.selected].agent)
--- ```
---@field choice_of fun(self: botster.App, agent_id: string): botster.PipelineRunFacts|nil, botster.PipelineStepFacts|nil
--- The compare panel as the default layout draws it while `self.compare` is open (in place of the
--- agents and the terminal): a column per candidate with its step, check, change and CLI in the
--- title, the keys at the bottom (lua/default/pipelines.lua). Replace it to draw them your way.
---@field choose_panel fun(self: botster.App): botster.Widget
--- The keys of choose mode as one line, read from the live keymap ("Left/Right: candidate ...").
---@field choose_keys fun(self: botster.App): string
App = {}

---@class botster.log
log = {}

--- Writes to $BOTSTER_HOME/logs/hub.log. `print` goes to log.info too.
--- ```lua
--- log.info("rendered", #self.agents, "agents")
--- ```
---@param ... any
function log.info(...) end

--- ```lua
--- log.warn("no agent focused")
--- ```
---@param ... any
function log.warn(...) end

--- ```lua
--- log.error("bad state", tostring(x))
--- ```
---@param ... any
function log.error(...) end

--- ```lua
--- log.debug("tree built")
--- ```
---@param ... any
function log.debug(...) end

---@class botster.Theme
---@field accent botster.Color
---@field border botster.Color
---@field focus_border botster.Color
---@field error botster.Color
---@field notice botster.Color
---@field mode table<string, botster.Color>

--- The default layout's colours; change fields in your layout.lua.
--- ```lua
--- theme.accent = "magenta"
--- ```
---@type botster.Theme
theme = {}
