---@meta
-- LuaLS annotations for user/policy.lua: the rule that decides on improvements pushed by agents.
-- The shipped default (lua/default/policy.lua) documents the default rules; copy it to
-- $BOTSTER_HOME/user/policy.lua to customise.
--
-- The policy runs in a sandbox of its own for each change: no io, no os beyond time/clock/date, no
-- require/dofile/loadfile/package/debug, text chunks only, 50 ms for the file and 50 ms for
-- review(), and a few MB of memory. An error, a timeout, running out of memory, a missing
-- review() or a result that is not a valid decision refuses the change ("fails closed": decision
-- "escalated", rule "fail-closed", the error as the reasoning).

---@alias botster.PolicyDecision "autonomous"|"collaborative"|"escalated"

---@alias botster.BindingLayer "builtin"|"default"|"user"|"improvement"

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
---@field layer botster.BindingLayer  # "user" = your own files under $BOTSTER_HOME/user

---@class botster.ChangeOverride
---@field id string                  # the command id the improvement registers again
---@field source string              # "builtin" or file:line of the registration it would shadow
---@field layer botster.BindingLayer

---@class botster.ChangeUnbind
---@field mode string
---@field key string

--- A pushed improvement, as the hub analysed it (plain data; changing it changes nothing).
---@class botster.Change
---@field name string                      # the improvement's name
---@field agent_id string|nil              # the agent that pushed it (nil: dropped in by hand)
---@field source string                    # the Lua source of the improvement
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

--- Called by the hub for every pushed improvement before it goes live. Define it as a global in
--- user/policy.lua.
--- ```lua
--- function review(change)
---   if change.agent_id == "trusted" then
---     return { decision = "autonomous", confidence = 1, reasoning = "trusted agent" }
---   end
---   return { decision = "collaborative", confidence = 0.5, reasoning = "ask me about everything else" }
--- end
--- ```
---@param change botster.Change
---@return botster.Decision
function review(change) end
