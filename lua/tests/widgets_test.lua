-- The shipped widgets (ui.header, ui.panel, ui.row, ui.column, ui.agent_list, ui.terminal,
-- ui.status_bar) in a layout of their own (widgets/layout.lua), pinned at two sizes.

describe("the shipped widgets", function()
  for _, size in ipairs({ "90x20", "50x12" }) do
    it("at " .. size, function()
      local frame = hub:frame{ size = size, layout = "widgets/layout.lua" }
      expect(frame):to_contain("agent_list")
      expect(frame):to_match_golden("widgets-" .. size)
    end)
  end
end)
