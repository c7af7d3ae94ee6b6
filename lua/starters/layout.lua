-- Your layout. As shipped this file changes nothing: the code below is one block comment. To make
-- it yours, turn its first line `--[[` into `---[[` (a line comment: the block runs), then save:
-- the hub redraws at once, and an error shows its file:line while the last good layout stays.
-- The whole default layout is lua/default/layout.lua; its pieces and the Lua API are in docs/lua/.
-- The review panel (v) and a pipeline's compare panel are added beside what you return unless you
-- place them yourself (self:review_panel(), self:choose_panel()).
--[[
function App:render()
  return ui.column({
    ui.header({ title = "My hub", subtitle = #self.agents .. " agents", right = ui.slot("header.right") }),
    ui.row({ grow = 1,
      ui.column({ width = "30%",
        self:agents_panel(),                 -- the agent list, grouped and filtered (f)
        self:pipeline_panel(),               -- a pipeline run's steps (hidden when none)
        ui.slot("sidebar", { border = "rounded", title = "More", shrink = 0 }),
      }),
      self:terminal_panel(),                 -- the focused agent
    }),
    self:message_line(),                     -- the last Lua error, or a notice
    self:status_line(),                      -- where keys go, agents, questions waiting, the key hint
  })
end
--]]
