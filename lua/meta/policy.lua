---@meta
-- LuaLS annotations for user/policy.lua: the rule that decides on improvements pushed by agents
-- and on pipeline runs agents ask for (change.kind says which).
-- The shipped default (lua/default/policy.lua) documents the default rules; copy it to
-- $BOTSTER_HOME/user/policy.lua to customise.
--
-- The policy runs in a sandbox of its own for each change: no io, no os beyond time/clock/date, no
-- require/dofile/loadfile/package/debug, text chunks only, 50 ms for the file and 50 ms for
-- review(), and a few MB of memory. An error, a timeout, running out of memory, a missing
-- review() or a result that is not a valid decision refuses the change ("fails closed": decision
-- "escalated", rule "fail-closed", the error as the reasoning).

---@alias botster.PolicyDecision "autonomous"|"collaborative"|"escalated"

---@alias botster.BindingLayer "builtin"|"default"|"plugin"|"user"|"improvement"

---@alias botster.ChangeKind "improvement"|"pipeline"

---@class botster.ChangeBinding
---@field mode string     # "insert", "normal" or a user mode
---@field key string      # canonical chord sequence: "ctrl+a c", "ctrl+\\", "alt+shift+x"
---@field action string   # a command id, or "<function>"
---@field desc string

---@class botster.ChangeCommand
---@field id string
---@field desc string

---@class botster.ChangeHook
---@field event string
---@field name string

---@class botster.ChangeReplace
---@field mode string
---@field key string
---@field source string          # file:line of the existing binding
---@field layer botster.BindingLayer  # "user" = your own files under $BOTSTER_HOME/user; "plugin" = a plugin you added

---@class botster.ChangeOverride
---@field id string                  # the command id the improvement registers again
---@field source string              # "builtin" or file:line of the registration it would shadow
---@field layer botster.BindingLayer

---@class botster.ChangeUnbind
---@field mode string
---@field key string

--- A pushed improvement, or a pipeline run an agent asks for, as the hub analysed it (plain data;
--- changing it changes nothing). The fields after `source` are an improvement's (nil for a
--- pipeline run); `pipeline` and `agent_name` are a pipeline run's.
---@class botster.Change
---@field kind botster.ChangeKind          # "improvement" (a pushed file) or "pipeline" (an agent's `botster-tui pipeline run`)
---@field name string                      # the improvement's name, or the pipeline's id
---@field agent_id string|nil              # the agent that pushed it, or asks for the run (nil: dropped in by hand, or an agent the hub does not know)
---@field agent_name? string               # pipeline: the agent's name in the list (nil if the hub does not know it)
---@field source string|nil                # the Lua source of the improvement, or of the pipeline file (nil: a pipeline of your own files)
---@field uses? string[]                   # improvement: what its source calls outside the hub ("http", "process", "git"; read from the text)
---@field drives? string[]                 # improvement: what it can ask of agents ("kill", "restart", "close", "send", "spawn", "focus"; read from its source and bindings; at run time it drives only what it started and what its agent may)
---@field timers? boolean                 # improvement: its source starts timers (timer.after, timer.every), so it acts with no key of yours
---@field pipeline? botster.ChangePipeline # pipeline: what the run would start and run
---@field bindings botster.ChangeBinding[] # what it would bind
---@field commands botster.ChangeCommand[] # commands it registers
---@field hooks botster.ChangeHook[]       # hooks it subscribes
---@field replaces botster.ChangeReplace[] # existing bindings it would replace (or unbind)
---@field unbinds botster.ChangeUnbind[]   # keys it unbinds
---@field overrides botster.ChangeOverride[] # existing commands it would override (same id)
---@field way_out string                 # the live way out of insert mode ("ctrl+g" or settings.way_out), canonical
---@field adapters? {name: string, priority: number}[] # status adapters it adds or replaces (same name replaces)
---@field corpus? botster.ChangeCorpus   # with adapters: the state-detection cases without and with it
---@field pieces? botster.ChangePiece[]  # layout pieces it adds or replaces

--- A pipeline run an agent asks for (`botster-tui pipeline run FILE.lua` inside the hub), as the
--- file defines it: loaded on trial in a sandbox of its own, none of its code ran as yours. Once
--- accepted it runs as reviewed: a definition that came out different live does not start.
---@class botster.ChangePipeline
---@field id string
---@field description string|nil
---@field file string|nil                 # the file it is defined in (nil: your own files, run by id)
---@field cwd string                      # where it starts (where the agent ran the command)
---@field vars table<string, string>      # its --var NAME=VALUE
---@field strategy "single"|"sequential"|"parallel"|"chain"
---@field merge { kind: "concatenate"|"pick_best"|"summarize"|"choose", finish: boolean } # finish: the kept worktree is merged into its base
---@field max_agents integer              # how many of its agents run at once
---@field steps botster.ChangePipelineStep[] # its steps (a summarize merge's step last)
---@field runs string[]                   # every shell command it runs besides its agents: checks and command context

--- One step of a pipeline run: who runs it, where, and what it is told.
---@class botster.ChangePipelineStep
---@field id string
---@field profile? string        # a profile of user/profiles.lua (agent = "x" names it when it exists) ...
---@field command? string        # ... or a command line
---@field worktree boolean       # in a worktree (and branch) of its own
---@field cwd string|nil         # where it starts, if not the run's folder
---@field prompt string          # typed into its terminal (--var filled in; ${step.result} and the like are filled as it runs)
---@field prompt_as "typed"|"argument"
---@field check string|nil       # the shell command run in its folder when it is done (--var filled in)
---@field depends_on string[]    # steps that finish first
---@field fans_out boolean       # it runs once per item of a list (a step's answer, or a function's)

--- A layout piece of the change (layout.piece), run once on sample data.
---@class botster.ChangePiece
---@field slot string         # "status.right", "agent_list.row", "sidebar", ...
---@field name string
---@field order number
---@field source string       # file:line of its layout.piece
---@field kind "text"|"widget" # what its slot takes
---@field limit integer       # the slot's limit per piece: cells (text) or rows (widget)
---@field size integer|nil    # what it took on sample data (nil: all there is, e.g. a terminal)
---@field fits boolean        # size <= limit
---@field sample string[]     # what it showed (per sample agent for per-agent slots)
---@field error? string       # its error on sample data (file:line: message)
---@field replaces? {source: string, layer: botster.BindingLayer} # the live piece of the same slot and name

--- The state-detection cases (shipped, and those saved with `botster-tui status AGENT --save-case
--- STATE` in $BOTSTER_HOME/corpus/) read by the live adapters and by the change's.
---@class botster.ChangeCorpus
---@field cases integer     # cases run
---@field before integer    # read right by the live adapters
---@field after integer     # read right with the change
---@field broken string[]   # right before, wrong with it: "claude: NAME (expected waiting, now idle)"
---@field fixed string[]    # wrong before, right with it

--- What review() returns.
---@class botster.Decision
---@field decision botster.PolicyDecision  # autonomous: live at once; collaborative: ask the user; escalated: refuse
---@field confidence number                # 0..1
---@field reasoning string                 # non-empty: what triggered the rule (shown to the user and the agent)
---@field rule? string                     # a short name for the rule that decided
---@field grant? {net?: string[], run?: string[], git?: boolean}  # improvement: what it may reach outside (hosts for http, programs for process.run, git's facts); nothing when absent

--- Called by the hub for every pushed improvement before it goes live, and for every pipeline run
--- an agent asks for before it starts (change.kind). Define it as a global in user/policy.lua.
--- ```lua
--- function review(change)
---   if change.kind == "pipeline" and #change.pipeline.runs == 0 then
---     return { decision = "autonomous", confidence = 0.8, reasoning = "a pipeline that runs no shell command" }
---   end
---   if change.agent_id == "trusted" then
---     return { decision = "autonomous", confidence = 1, reasoning = "trusted agent" }
---   end
---   return { decision = "collaborative", confidence = 0.5, reasoning = "ask me about everything else" }
--- end
--- ```
---@param change botster.Change
---@return botster.Decision
function review(change) end
