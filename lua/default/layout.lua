-- The default layout: header, agent list beside the focused agent's terminal, status bar.
-- Copy this file to $BOTSTER_HOME/user/layout.lua to make it yours; saving it reloads the hub.

local function terminal_title(agent)
  if not agent then return "No agent" end
  local title = agent.name
  if agent.title ~= "" then title = title .. " — " .. agent.title end
  if agent.status == "exited" then
    -- a signal ended it (x, kill -TERM): say so rather than a meaningless exit code; no exit code
    -- and no signal: the program never ran (e.g. its folder is gone; its panel says why)
    local how = agent.signal and ("killed by " .. (agent.signal_name or ("signal " .. agent.signal)))
      or (agent.exit_code and ("exited " .. agent.exit_code) or "not started")
    title = title .. " (" .. how .. ")"
  end
  if (agent.scroll or 0) > 0 then title = title .. " [+" .. agent.scroll .. "]" end
  return title
end

--- The agent list in its panel: grouped by repository (when agents work in more than one), or by
--- machine when settings.machines lists other machines (self.machines); filtered by agents.filter (f).
---@param props? table  the panel's props (grow = 1 unless given)
---@return botster.Widget
function App:agents_panel(props)
  local filter = state.get("agent_list", { filter = "all" }).filter
  local p = { grow = 1, title = filter == "all" and "Agents" or ("Agents · " .. filter), border_fg = theme.border }
  for k, v in pairs(props or {}) do p[k] = v end
  return ui.panel(p, ui.agent_list(self.agents, { selected = self.selected, group = "repo", filter = filter, machines = self.machines }))
end

--- The focused agent's terminal in its panel, its title saying what it is and how it ended.
---@param props? table  the panel's props (grow = 1 unless given)
---@return botster.Widget
function App:terminal_panel(props)
  local focused = self.focused
  local reviewing = self.review and focused and self.review.agent == focused.id
  local p = { grow = 1, title = { terminal_title(focused), ui.slot("panel.title", { agent = focused, before = "  " }) },
    border_fg = reviewing and self.mode ~= "insert" and theme.border or theme.focus_border }
  for k, v in pairs(props or {}) do p[k] = v end
  return ui.panel(p, ui.terminal(focused, { scroll = focused and focused.scroll or 0 }))
end

--- The review panel (v): the reviewed agent's changes; its border shows whether the keys drive it
--- (not insert mode) or the agent (insert mode). Hidden while no review is open.
---@param props? table  the panel's props (width = "45%" unless given)
---@return botster.Widget
function App:review_panel(props)
  local review = self.review
  if not review then return ui.column({ visible = false }) end
  local agent
  for _, a in ipairs(self.agents) do
    if a.id == review.agent then agent = a end
  end
  local p = { width = "45%", title = self:review_title(review, agent), border_fg = self.mode ~= "insert" and theme.focus_border or theme.border }
  for k, v in pairs(props or {}) do p[k] = v end
  return ui.panel(p, ui.diff(review.agent, { mode = review.mode }))
end

--- The last Lua error, or else the current notice (nothing when neither).
---@return botster.Widget
function App:message_line()
  if self.error then
    return ui.text(ui.span(self.error, { fg = theme.error, bold = true }), { max_height = 4, shrink = 0 })
  elseif self.notice then
    return ui.text(ui.span(self.notice, { fg = theme.notice }), { max_height = 2, shrink = 0 })
  end
  return ui.column({ visible = false })
end

--- The status bar: where keys go (INSERT: the agent; NORMAL, REVIEW...: the hub; DIALOG, HELP),
--- the agents, the questions waiting for you, the status slots and the key hint.
---@return botster.Widget
function App:status_line()
  local mode_color = theme.mode[self.mode] or theme.accent
  local where = self.overlay == "palette" and "DIALOG" or self.overlay == "help" and "HELP" or string.upper(self.mode)
  local badge = self:question_badge()
  return ui.status_bar({
    left = {
      ui.span(" " .. where .. " ", { fg = self.overlay and theme.accent or mode_color, bold = true }), "  Agents: " .. #self.agents,
      badge and ui.span("  " .. badge, { fg = theme.notice, bold = true }) or "",
      ui.slot("status.left", { before = "  " }),
    },
    right = { ui.slot("status.right", { after = "  " }), self.hint or "" },
  })
end

-- Named slots (ui.slot) hold the pieces that your files and agents' improvements add with
-- layout.piece: header.left/right, status.left/right, agent_list.row (in ui.agent_list),
-- panel.title and sidebar. An empty slot takes no space.
function App:render()
  local focused = self.focused
  local reviewing = self.review and focused and self.review.agent == focused.id
  local main = { grow = 1,
    ui.column({ width = reviewing and "22%" or "30%",
      self:agents_panel(),
      self:pipeline_panel(),
      ui.slot("sidebar", { border = "rounded", title = "More", border_fg = theme.border, shrink = 0 }),
    }),
    self:terminal_panel(),
  }
  if reviewing then main[#main + 1] = self:review_panel() end
  return ui.column({
    ui.header({
      -- Attached from another machine (--ssh HOST): the header names the hub's.
      title = self.hub_machine and ("Botster Hub @ " .. self.hub_machine) or "Botster Hub",
      subtitle = self.size.width .. "x" .. self.size.height, fg = theme.accent,
      left = ui.slot("header.left"), right = ui.slot("header.right"),
    }),
    -- A pipeline that waits for your choice, opened (pipeline.choose): its candidates' changes
    -- side by side in place of the agents (lua/default/pipelines.lua).
    -- The grid (b): up to 9 agents' terminals in place of the list and the terminal (lua/default/grid.lua).
    self.compare and self:choose_panel() or (self:grid_open() and self:fleet_grid()) or ui.row(main),
    self:message_line(),
    self:status_line(),
  })
end

-- Whether a tree shows the changes (ui.diff) of one of these agents.
local function shows_diff_of(node, ids)
  if type(node) ~= "table" then return false end
  if node.type == "diff" and node.props and ids[node.props.agent] then return true end
  for _, child in ipairs(node.children or {}) do
    if shows_diff_of(child, ids) then return true end
  end
  return false
end

-- The tree of a layout stretched along whatever it is put beside.
local function stretched(tree)
  if type(tree.props) == "table" and tree.props.grow == nil and tree.props.width == nil and tree.props.height == nil then
    tree.props.grow = 1
  end
  return tree
end

--- A mode's panel is shown whatever the layout returns: the compare panel of a choice (choose
--- mode) and the review panel (v) are added to a tree that does not place them itself (no ui.diff
--- of their agents), so that no key acts on changes nobody sees. The hub calls it with the tree
--- App:render returned; define your own to place them otherwise.
---@param tree botster.Widget
---@return botster.Widget
function App:place_mode_panels(tree)
  if type(tree) ~= "table" then return tree end
  if self.compare then
    local ids = {}
    for _, c in ipairs(self.compare.columns) do ids[c.agent] = true end
    if shows_diff_of(tree, ids) then return tree end
    return ui.column({ grow = 1, self:choose_panel(), ui.row({ height = "35%", stretched(tree) }) })
  end
  if self.review and not shows_diff_of(tree, { [self.review.agent] = true }) then
    return ui.row({ grow = 1, stretched(tree), self:review_panel({ shrink = 0 }) })
  end
  return tree
end
