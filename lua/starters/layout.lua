-- Your layout. As shipped this file changes nothing: the code below is one block comment. To make
-- it yours, turn its first line `--[[` into `---[[` (a line comment: the block runs), then save:
-- the hub redraws at once, and an error shows its file:line while the last good layout stays.
-- The whole default layout is lua/default/layout.lua; the Lua API is in docs/lua/.
--[[
function App:render()
  local focused = self.focused
  local main = ui.row({ grow = 1,
    ui.column({ width = "30%",
      ui.panel({ grow = 1, title = "Agents" }, ui.agent_list(self.agents, { selected = self.selected })),
      -- The default pieces compose as they are: a pipeline's steps, a slot for plugins' pieces.
      self:pipeline_panel(),
      ui.slot("sidebar", { border = "rounded", title = "More", shrink = 0 }),
    }),
    ui.panel({ grow = 1, title = focused and focused.name or "No agent" },
      ui.terminal(focused, { scroll = focused and focused.scroll or 0 })),
  })
  local badge = self:question_badge()
  return ui.column({
    ui.header({ title = "My hub", subtitle = #self.agents .. " agents", right = ui.slot("header.right") }),
    -- A pipeline waiting for your choice shows its candidates side by side in place of the agents.
    self.compare and self:choose_panel() or main,
    ui.text(self.error or self.notice or "", { max_height = 4, shrink = 0, visible = (self.error or self.notice) ~= nil }),
    ui.status_bar({
      left = { " " .. string.upper(self.mode) .. " ", "  Agents: " .. #self.agents, badge and ("  " .. badge) or "" },
      right = { ui.slot("status.right", { after = "  " }), self.hint or "" },
    }),
  })
end
--]]
