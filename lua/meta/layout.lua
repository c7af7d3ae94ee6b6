---@meta
-- LuaLS annotations for `layout`: pieces that your files and agents' improvements add to the
-- layout's named slots (docs/layout-pieces.md).

---@alias botster.SlotName
---| "header.left"     # the header, after the title (text, 40 cells a piece)
---| "header.right"    # the header, at its right end (text, 40 cells)
---| "status.left"     # the status bar, after the mode and agent count (text, 40 cells)
---| "status.right"    # the status bar, before the key hint (text, 40 cells)
---| "agent_list.row"  # the end of each agent's row in ui.agent_list (text, 20 cells; ctx.agent)
---| "panel.title"     # a terminal panel's title, after the agent's name (text, 30 cells; ctx.agent)
---| "sidebar"         # a panel below the agent list (a widget, 12 rows)
---| string            # a slot of your own layout (ui.slot("my.slot"): a widget, 10 rows)

--- What a piece gets beside the app.
---@class botster.PieceContext
---@field slot string               # the slot it is drawn in
---@field agent? botster.Agent      # per-agent slots (agent_list.row, panel.title): whose row or panel

---@class botster.PieceOptions
---@field order? number   # lower draws first (default 0); ties keep the order they were registered in

--- A slot as the hub knows it (`layout.slots[name]`).
---@class botster.SlotDef
---@field kind "text"|"widget"  # text: one line, cut to `width`; widget: kept to `height` rows
---@field width? integer        # cells per piece (text slots)
---@field height? integer       # rows per piece (widget slots)
---@field per_agent? boolean    # drawn once per agent, with ctx.agent
---@field desc string

---@class botster.layout
layout = {}

--- The slots the hub knows, by name, with their kind and size limit per piece.
---@type table<string, botster.SlotDef>
layout.slots = {}

--- Adds a piece to a slot, or replaces the piece of that slot and name. The hub calls
--- `fn(app, ctx)` inside the render of any layout that places the slot (`ui.slot`), in the Lua
--- state of the file that registered it (an improvement's own sandbox), with 10 ms of CPU per
--- frame. It returns text for a text slot (a string, a span, a list of spans, or a `ui.text`),
--- a widget (or text) for a widget slot, or nil for nothing. A piece that errors, runs past its
--- budget or returns something its slot cannot show is left out of that frame with a notice
--- naming its `file:line`; after 3 failures in a row it is off until its file changes. Text longer than
--- the slot's width is cut with "…"; a widget is kept to the slot's height. `app` is the hub's
--- facts (as `self` in App:render), without actions: drawing never changes the hub.
--- ```lua
--- -- How many agents wait for an answer, in the status bar.
--- layout.piece("status.right", "waiting", function(app)
---   local n = 0
---   for _, a in ipairs(app.agents) do if a.state == "waiting" then n = n + 1 end end
---   if n > 0 then return ui.span(n .. " waiting", { fg = "yellow", bold = true }) end
--- end)
--- -- Each agent's git branch at the end of its row.
--- layout.piece("agent_list.row", "branch", function(app, ctx)
---   if ctx.agent.git_branch then return ui.span("⎇ " .. ctx.agent.git_branch, { fg = "magenta" }) end
--- end, { order = 10 })
--- ```
---@param slot botster.SlotName
---@param name string               # the piece's name (letters, digits, _ - .)
---@param fn fun(app: botster.App, ctx: botster.PieceContext): botster.Text|botster.Widget|nil
---@param opts? botster.PieceOptions
function layout.piece(slot, name, fn, opts) end

--- Removes a piece registered in this Lua state (your files, or this improvement); returns whether
--- it was there.
--- ```lua
--- layout.remove_piece("status.right", "waiting")
--- ```
---@param slot botster.SlotName
---@param name string
---@return boolean
function layout.remove_piece(slot, name) end
