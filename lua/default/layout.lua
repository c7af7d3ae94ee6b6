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

-- Named slots (ui.slot) hold the pieces that your files and agents' improvements add with
-- layout.piece: header.left/right, status.left/right, agent_list.row (in ui.agent_list),
-- panel.title and sidebar. An empty slot takes no space.
function App:render()
  local focused = self.focused
  local mode_color = theme.mode[self.mode] or theme.accent

  -- The review panel (v): the focused agent's changes beside its terminal; its border shows
  -- whether the keys drive it (normal mode) or the agent (insert mode).
  local review = self.review
  local reviewing = review and focused and review.agent == focused.id
  -- The list: grouped by repository (when agents work in more than one), or by machine when
  -- settings.machines lists other machines (self.machines); filtered by agents.filter (f).
  local filter = state.get("agent_list", { filter = "all" }).filter
  local main = { grow = 1,
    ui.column({ width = reviewing and "22%" or "30%",
      ui.panel({ grow = 1, title = filter == "all" and "Agents" or ("Agents · " .. filter), border_fg = theme.border },
        ui.agent_list(self.agents, { selected = self.selected, group = "repo", filter = filter, machines = self.machines })),
      self:pipeline_panel(),
      ui.slot("sidebar", { border = "rounded", title = "More", border_fg = theme.border, shrink = 0 }),
    }),
    ui.panel({ grow = 1, title = { terminal_title(focused), ui.slot("panel.title", { agent = focused, before = "  " }) },
        border_fg = reviewing and self.mode ~= "insert" and theme.border or theme.focus_border },
      ui.terminal(focused, { scroll = focused and focused.scroll or 0 })),
  }
  if reviewing then
    main[#main + 1] = ui.panel({ width = "45%", title = self:review_title(review, focused), border_fg = self.mode ~= "insert" and theme.focus_border or theme.border },
      ui.diff(focused, { mode = review.mode }))
  end
  local children = {
    ui.header({
      title = "Botster Hub", subtitle = self.size.width .. "x" .. self.size.height, fg = theme.accent,
      left = ui.slot("header.left"), right = ui.slot("header.right"),
    }),
    -- A pipeline that waits for your choice, opened (pipeline.choose): its candidates' changes
    -- side by side in place of the agents (lua/default/pipelines.lua).
    self.compare and self:choose_panel() or ui.row(main),
  }
  if self.error then
    children[#children + 1] = ui.text(ui.span(self.error, { fg = theme.error, bold = true }), { max_height = 4, shrink = 0 })
  elseif self.notice then
    children[#children + 1] = ui.text(ui.span(self.notice, { fg = theme.notice }), { max_height = 2, shrink = 0 })
  end
  -- The status bar says where keys go: to the agent (INSERT), the hub (NORMAL...), or a dialog.
  local where = self.overlay == "palette" and "DIALOG" or self.overlay == "help" and "HELP" or string.upper(self.mode)
  local badge = self:question_badge()
  children[#children + 1] = ui.status_bar({
    left = {
      ui.span(" " .. where .. " ", { fg = self.overlay and theme.accent or mode_color, bold = true }), "  Agents: " .. #self.agents,
      badge and ui.span("  " .. badge, { fg = theme.notice, bold = true }) or "",
      ui.slot("status.left", { before = "  " }),
    },
    right = { ui.slot("status.right", { after = "  " }), self.hint or "" },
  })
  return ui.column(children)
end
