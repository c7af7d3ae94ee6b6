---@meta
-- LuaLS annotations for lua/default/interrupt.lua: which keys stop an agent's turn (the interrupt
-- verb: ctrl+c in normal mode, `botster-tui interrupt AGENT`, the MCP tool; docs/scripting.md).

--- The before_agent_interrupt event: the interrupt verb is about to press `keys` in `agent`. The
--- shipped handler sets `keys` from the agent's CLI (clis.define's `interrupt`, else "ctrl+c")
--- unless they were asked for (`--keys`); set them yourself, or return false, "reason" and the
--- interrupt is refused with the reason.
---@class botster.AgentInterrupt
---@field agent { id: string, name: string, program: string }  # the agent to interrupt
---@field keys? string                                         # key specs ("escape", "ctrl+c")

---@class botster.interrupts
---@field hook integer   # the shipped before_agent_interrupt handler's id, for hooks.off
interrupts = {}
