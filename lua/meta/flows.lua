---@meta
-- LuaLS annotations for flows: state machines for multi-step work.

---@alias botster.FlowGuard fun(ctx: table, data: any): boolean
---@alias botster.FlowHook fun(ctx: table, data: any)

---@class botster.FlowState
---@field on? table<string, string>                  # action -> target state
---@field type? "normal"|"final"                     # a final state ends the instance (no `on` allowed)
---@field enter? botster.FlowHook                     # after the transition into this state (data = nil at start)
---@field exit? botster.FlowHook                      # before the transition out of this state
---@field guards? table<string, botster.FlowGuard>    # action -> function; a falsy result refuses the action

---@class botster.FlowDefinition
---@field id string
---@field initial string                              # the state an instance starts in
---@field states table<string, botster.FlowState>
---@field context? table                              # default context, copied into each instance

---@class botster.FlowResult
---@field type "success"|"guard_failed"|"invalid_action"
---@field state string      # where the instance is now
---@field from? string      # success only
---@field to? string        # success only
---@field action? string    # guard_failed and invalid_action

---@class botster.FlowTransition
---@field from string|nil   # nil for the start
---@field to string
---@field action string|nil # nil for the start
---@field at integer        # milliseconds since the epoch

---@class botster.FlowInstance
---@field id string
---@field flow string
---@field state string
---@field context table     # the live context table (changes are seen by guards and hooks)
---@field done boolean      # true once in a final state
---@field history botster.FlowTransition[]

---@class botster.FlowSummary
---@field id string
---@field flow string
---@field state string

---@class botster.flows
flows = {}

--- Defines a flow, or replaces the one with the same id (running instances follow the new
--- definition from their next action). Mistakes (unknown target or initial state, a hook that is
--- not a function, a guard for an action the state does not have, an unknown field) are errors
--- at your line. Every successful transition emits a "flow_transition" event.
--- ```lua
--- flows.define({
---   id = "review", initial = "pending", context = { comments = {} },
---   states = {
---     pending = {
---       on = { approve = "approved", reject = "rejected" },
---       guards = { approve = function(ctx, data) return ctx.score > 0.5 end },
---       exit = function(ctx, data) ctx.decided_by = data and data.user end,
---     },
---     approved = { type = "final", enter = function(ctx) log.info("approved", ctx.title) end },
---     rejected = { type = "final" },
---   },
--- })
--- ```
---@param def botster.FlowDefinition
function flows.define(def) end

--- Starts an instance and returns its id ("review#1"). Its context is a copy of the definition's
--- `context` with the fields of `context` set on top; the initial state's enter(ctx, nil) runs.
--- If that enter raises, the error propagates but the instance exists (see flows.list).
--- ```lua
--- local id = flows.start("review", { title = "faster redraw", score = 0.9 })
--- ```
---@param flow_id string
---@param context? table
---@return string instance_id
function flows.start(flow_id, context) end

--- Sends an action. On success: guard(ctx, data), then exit(ctx, data) of the old state, then the
--- state changes, then enter(ctx, data) of the new one. An error in a guard or exit propagates and
--- leaves the instance where it was; an error in enter propagates but the transition stands.
--- Unknown actions and actions sent to a finished instance return "invalid_action" (no error).
--- Don't send to the same instance from its own guard or exit (from enter is fine).
--- ```lua
--- local r = flows.send(id, "approve", { user = "ana" })
--- if r.type == "guard_failed" then app:notify("score too low to approve") end
--- ```
---@param instance_id string
---@param action string
---@param data? any
---@return botster.FlowResult
function flows.send(instance_id, action, data) end

--- An instance as data (with its live context and its history), or nil for an unknown id.
--- ```lua
--- local inst = flows.get(id)
--- if inst and inst.done then log.info(inst.flow, "ended in", inst.state) end
--- ```
---@param instance_id string
---@return botster.FlowInstance|nil
function flows.get(instance_id) end

--- The instances not yet in a final state, oldest first.
--- ```lua
--- for _, f in ipairs(flows.list()) do log.info(f.id, f.state) end
--- ```
---@return botster.FlowSummary[]
function flows.list() end
