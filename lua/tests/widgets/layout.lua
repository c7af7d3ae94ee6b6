-- A layout of the shipped widgets, each once: widgets_test.lua pins what they draw.
function App:render()
  return ui.column({
    ui.header({ title = "Widgets", subtitle = #self.agents .. " agents" }),
    ui.row({ grow = 1,
      ui.panel({ width = 30, title = "agent_list" }, ui.agent_list(self.agents, { selected = self.selected })),
      ui.panel({ grow = 1, title = "terminal" }, ui.terminal(self.focused)),
    }),
    ui.status_bar({ left = "status_bar left", right = "right" }),
  })
end
