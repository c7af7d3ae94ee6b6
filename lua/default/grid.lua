-- The grid: the fleet at a glance. Up to 9 agents' live terminals side by side, chosen by a state
-- filter, a list of ids, or the most recent; `b` in normal mode opens it full-screen (grid mode):
-- arrows or h/j/k/l move between the cells, 1-9 pick the agent of that number (each cell is
-- titled with its agent's number, as the list and normal mode's 1-9 number it), Enter types to the
-- selected agent (insert mode, the grid stays), Escape or b closes it. The grid is drawn only in
-- grid mode and while you type into one of its cells: any other mode (the way out to normal mode,
-- a dialog's insert mode, review...) closes it. Each attached terminal has its own grid, as it
-- has its own mode (app.client). An agent that starts waiting for you while it is
-- not on the grid is named above it. Put `self:grid_panel(opts)` in your own layout to show a grid
-- anywhere.

keys.mode("grid", { desc = "the grid: up to 9 agents' terminals at once; arrows move, Enter types to one" })

local MAX = 9
-- States each filter keeps (the agent list's filters, plus the states themselves).
local FILTERS = {
  all = nil,
  waiting = { waiting = true, done = true },
  running = { running = true, idle = true },
}
local FILTER_ORDER = { "all", "waiting", "running" }

-- Each attached client's grid (app.client; "" with none attached): each has its own mode, so one
-- terminal's grid is never drawn in, or closed by, another's mode.
local function grids()
  return state.get("grid_by_client", {})
end

---@return table view this client's grid: open, filter, sel (agent id), marks (ids), typing (Enter
--- typed to a cell: insert mode keeps the grid)
local function view(app)
  local all, key = grids(), app.client or ""
  all[key] = all[key] or { open = false, filter = "all", marks = {} }
  return all[key]
end

-- Whether a mode shows the grid: grid mode, and insert mode entered from a cell (grid.enter).
local function owns(v, mode)
  return mode == "grid" or (mode == "insert" and v.open and v.typing == true)
end

--- The agents a grid shows, in the agent list's order: `opts.ids` (agents, or their ids or numbers:
--- 3 is the agent numbered 3 in the list, whatever its place), else
--- those whose state `opts.filter` keeps ("all", "waiting", "running", or a state name), the most
--- recently started `opts.max` (at most 9) of them.
---@param opts? { ids?: any[], filter?: string, max?: integer }
---@return botster.Agent[]
function App:grid_agents(opts)
  opts = opts or {}
  local max = math.min(MAX, math.max(1, math.floor(tonumber(opts.max) or MAX)))
  local out = {}
  if opts.ids then
    local by = {}
    for _, a in ipairs(self.agents) do by[a.id] = a end
    for _, want in ipairs(opts.ids) do
      local a = by[tostring(type(want) == "table" and want.id or want)]
      if a and #out < max then out[#out + 1] = a end
    end
    return out
  end
  local filter = opts.filter or "all"
  local keep = FILTERS[filter]
  if filter ~= "all" and not keep then keep = { [filter] = true } end
  local picked = {}
  for _, a in ipairs(self.agents) do
    if not keep or keep[a.state] then picked[#picked + 1] = a end
  end
  -- The most recent: the last started (the list is in start order).
  for i = math.max(1, #picked - max + 1), #picked do out[#out + 1] = picked[i] end
  return out
end

--- How many columns n cells take in a width x height space: cells nearest 3 columns of text per
--- row of text (a terminal's cell is about twice as tall as wide), then the fewest empty cells.
---@param n integer
---@param width integer
---@param height integer
---@return integer cols
function App:grid_columns(n, width, height)
  if n <= 1 then return 1 end
  local best, best_score = 1, math.huge
  for cols = 1, n do
    local rows = math.ceil(n / cols)
    local aspect = (width / cols) / math.max(1, height / rows)
    local score = math.abs(math.log(aspect / 3)) + (cols * rows - n) * 0.05
    if score < best_score then best, best_score = cols, score end
  end
  return best
end

-- A cell's title starts with its agent's number (its id): the number the list shows and 1-9 take.
local function cell_title(agent, marked)
  local title = agent.id .. " " .. agent.name .. " · " .. agent.state
  if agent.state == "waiting" and agent.reason and agent.reason ~= "" then title = title .. ": " .. agent.reason end
  -- its usage, what matters first (the fullest limit; lua/default/usage.lua)
  local used = usage and usage.short and usage.short(agent.usage)
  if used then title = title .. " · " .. used end
  if marked then title = "● " .. title end
  return title
end

--- The agents waiting for you that the grid does not show, marked when they started waiting while
--- the grid was open (the marks) or waiting now.
local function off_grid(app, shown)
  local on, marks, out = {}, view(app).marks, {}
  for _, a in ipairs(shown) do on[a.id] = true end
  for _, a in ipairs(app.agents) do
    if not on[a.id] and a.state == "waiting" and marks[a.id] then out[#out + 1] = a.id .. " " .. a.name end
  end
  return out
end

--- The grid: each agent's live terminal in its own panel, rows and columns sized to the space
--- (`opts.width` x `opts.height`, default the whole screen); the selected cell (`opts.selected`, an
--- agent id; default the focused agent) has the focus colour. Agents waiting for you that it does
--- not show are named on a line above it.
---@param opts? { ids?: any[], filter?: string, max?: integer, selected?: string, width?: integer, height?: integer, grow?: number }
---@return botster.Widget
function App:grid_panel(opts)
  opts = opts or {}
  local agents = self:grid_agents(opts)
  local selected = opts.selected or self.focused_id
  local rows_out = { grow = opts.grow or 1 }
  local waiting = off_grid(self, agents)
  if #waiting > 0 then
    rows_out[#rows_out + 1] = ui.text(ui.span("● waiting off the grid: " .. table.concat(waiting, ", "), { fg = theme.notice, bold = true }), { shrink = 0, max_height = 1 })
  end
  if #agents == 0 then
    rows_out[#rows_out + 1] = ui.panel({ grow = 1, title = "Grid · " .. (opts.filter or "all"), border_fg = theme.border },
      ui.text(ui.span("no agent " .. (opts.filter and opts.filter ~= "all" and ("is " .. opts.filter) or "to show"), { dim = true })))
    return ui.column(rows_out)
  end
  local width = opts.width or self.size.width
  local height = opts.height or math.max(1, self.size.height - 2)
  local cols = self:grid_columns(#agents, width, height)
  for r = 0, math.ceil(#agents / cols) - 1 do
    local row = { height = "1fr" }
    for c = 1, cols do
      local a = agents[r * cols + c]
      if a then
        local sel = a.id == selected
        row[#row + 1] = ui.panel({ width = "1fr", title = cell_title(a, a.state == "waiting"),
          border = sel and "double" or "rounded", border_fg = sel and theme.focus_border or theme.border },
          ui.terminal(a, { cursor = sel }))
      else
        row[#row + 1] = ui.spacer({ width = "1fr" })
      end
    end
    rows_out[#rows_out + 1] = ui.row(row)
  end
  return ui.column(rows_out)
end

--- The grid as the default layout shows it (b): the grid's filter, its selection in grid mode
--- (else the focused agent), the whole space under the header.
---@return botster.Widget
function App:fleet_grid()
  local v = view(self)
  return self:grid_panel({ filter = v.filter, selected = self.mode == "grid" and v.sel or self.focused_id })
end

--- Whether the default layout shows the grid: it is open and this client's mode owns it (grid
--- mode, or insert mode entered from one of its cells), so no other mode is left under it.
---@return boolean
function App:grid_open()
  local v = view(self)
  return v.open == true and owns(v, self.mode)
end

-- The cells' agents and the selected one's index, as the default layout shows them.
local function cells(app)
  local v = view(app)
  local agents = app:grid_agents({ filter = v.filter })
  local at = 1
  for i, a in ipairs(agents) do
    if a.id == v.sel then at = i end
  end
  return agents, at, v
end

local function select_at(app, agents, i)
  local a = agents[i]
  if a then view(app).sel = a.id end
end

commands.register("grid.open", function(app, arg)
  local v = view(app)
  if arg and arg ~= "" then
    if arg ~= "all" and not FILTERS[arg] and arg ~= "idle" and arg ~= "done" and arg ~= "exited" then
      return app:notify("grid.open: all, waiting, running or a state, got " .. tostring(arg), "error")
    end
    v.filter = arg
  end
  v.open = true
  v.typing = false
  v.sel = app.focused_id
  local agents, at = cells(app)
  if agents[at] == nil or agents[at].id ~= v.sel then v.sel = agents[1] and agents[1].id end
  app:set_mode("grid")
end, { desc = "The grid: up to 9 agents' live terminals at once (arg: all, waiting, running)", category = "grid" })

local function shut(v)
  v.open = false
  v.typing = false
  v.marks = {}
end

commands.register("grid.close", function(app)
  shut(view(app))
  app:set_mode("normal")
end, { desc = "Close the grid (back to the focused agent's terminal)", category = "grid" })

-- b: open the grid; where it is shown (grid mode, or typing into a cell), close it.
commands.register("grid.toggle", function(app)
  if app:grid_open() then return app:run("grid.close") end
  app:run("grid.open")
end, { desc = "The grid: open it, or close it where it is shown", category = "grid" })

-- Leaving the grid's modes for one that does not own it (the way out to normal mode, a dialog's
-- insert mode, review...) closes it, so no mode's keys act under a grid they do not drive, and
-- insert mode later (Escape in normal mode) does not bring it back. (App:grid_open checks the
-- mode as it draws, so no frame shows the grid in between.)
hooks.on("mode_changed", function(ev, app)
  local v = view(app)
  if v.open and owns(v, ev.from) and not owns(v, ev.to) then shut(v) end
end, { name = "grid closes with its modes" })

-- A client that goes takes its grid, except the last one's while it types into a cell: the hub
-- keeps that view (insert mode) for the next client, which finds the grid as it was left; one that
-- attaches beside others starts without one, as it starts in insert mode with nothing open.
hooks.on("client_detached", function(ev)
  local all = grids()
  local v = ev.client and all[ev.client]
  if ev.client then all[ev.client] = nil end
  if ev.clients == 0 and v and v.open and v.typing then all[""] = v end
end, { name = "grid goes with its client" })

hooks.on("client_attached", function(ev)
  local all = grids()
  if ev.clients == 1 and ev.client then all[ev.client], all[""] = all[""], nil end
end, { name = "grid kept for the next client" })

local function move(dx, dy)
  return function(app)
    local agents, at = cells(app)
    if #agents == 0 then return end
    local cols = app:grid_columns(#agents, app.size.width, math.max(1, app.size.height - 2))
    local col, row = (at - 1) % cols, math.floor((at - 1) / cols)
    local rows = math.ceil(#agents / cols)
    col = (col + dx) % cols
    row = (row + dy) % rows
    local i = row * cols + col + 1
    -- A short last row: moving down (or across) into an empty cell takes the row's last one.
    if i > #agents then i = dx ~= 0 and (dx > 0 and row * cols + 1 or #agents) or #agents end
    select_at(app, agents, i)
  end
end

commands.register("grid.left", move(-1, 0), { desc = "Grid: the cell to the left", category = "grid" })
commands.register("grid.right", move(1, 0), { desc = "Grid: the cell to the right", category = "grid" })
commands.register("grid.up", move(0, -1), { desc = "Grid: the cell above", category = "grid" })
commands.register("grid.down", move(0, 1), { desc = "Grid: the cell below", category = "grid" })
-- 1-9: the agent of that number (its id, as the list and normal mode's 1-9 number it), when the
-- grid shows it.
commands.register("grid.select", function(app, arg)
  local id = tostring(arg or 1)
  for _, a in ipairs(cells(app)) do
    if a.id == id then
      view(app).sel = a.id
      return
    end
  end
  for _, a in ipairs(app.agents) do
    if a.id == id then return app:notify("agent " .. id .. " is not on the grid (f shows others)") end
  end
  app:notify("no agent " .. id)
end, { desc = "Grid: select the agent of that number (1-9)", category = "grid" })

-- Enter: that agent gets the focus and your keys (insert mode); the grid stays on screen.
commands.register("grid.enter", function(app)
  local agents, at, v = cells(app)
  local a = agents[at]
  if not a then return app:notify("the grid shows no agent") end
  v.marks[a.id] = nil
  v.typing = true
  app:focus(a.id)
  app:set_mode("insert")
end, { desc = "Grid: type to the selected agent (insert mode; the grid stays)", category = "grid" })

commands.register("grid.filter", function(app, arg)
  local v = view(app)
  local next_one = arg
  if next_one == nil or next_one == "" then
    for i, f in ipairs(FILTER_ORDER) do
      if f == v.filter then next_one = FILTER_ORDER[i % #FILTER_ORDER + 1] end
    end
  end
  v.filter = next_one or "all"
  local agents = cells(app)
  v.sel = agents[1] and agents[1].id
  app:notify("the grid shows " .. (v.filter == "all" and "the most recent agents" or ("agents " .. v.filter)))
end, { desc = "Grid: the most recent agents, those waiting for you, those at work (arg: which)", category = "grid" })

-- The marker: an agent that starts waiting while the grid is open and does not show it.
-- (in every client's open grid)
hooks.on("agent_state_changed", function(ev, app)
  if not ev.agent then return end
  local id = ev.agent.id
  for _, v in pairs(grids()) do
    if v.open then
      local shown = false
      for _, a in ipairs(app:grid_agents({ filter = v.filter })) do
        if a.id == id then shown = true end
      end
      v.marks[id] = (ev.to == "waiting" and not shown) or nil
    end
  end
end, { name = "grid.marker" })
