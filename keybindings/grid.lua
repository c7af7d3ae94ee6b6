-- Grid mode: the grid (b in normal mode; lua/default/grid.lua) has the keys. Arrows or h/j/k/l
-- move between the cells, 1-9 pick the agent of that number (the number its cell's title, the
-- list and normal mode's 1-9 give it), Enter types to the selected agent (insert mode, the grid
-- stays; the way out closes it and goes to normal mode, where b opens it again), Escape, q or b
-- closes the grid. Keys not bound here do nothing.
keys.bind("grid", "left", "grid.left", { desc = "The cell to the left" })
keys.bind("grid", "h", "grid.left", { desc = "The cell to the left" })
keys.bind("grid", "right", "grid.right", { desc = "The cell to the right" })
keys.bind("grid", "l", "grid.right", { desc = "The cell to the right" })
keys.bind("grid", "up", "grid.up", { desc = "The cell above" })
keys.bind("grid", "k", "grid.up", { desc = "The cell above" })
keys.bind("grid", "down", "grid.down", { desc = "The cell below" })
keys.bind("grid", "j", "grid.down", { desc = "The cell below" })
keys.bind("grid", "tab", "grid.right", { desc = "The next cell" })
keys.bind("grid", "shift+tab", "grid.left", { desc = "The previous cell" })
for n = 1, 9 do
  keys.bind("grid", tostring(n), "grid.select", { desc = "The agent of that number (1-9)", arg = n })
end
keys.bind("grid", "enter", "grid.enter", { desc = "Type to the selected agent (insert mode; the grid stays)" })
keys.bind("grid", "i", "grid.enter", { desc = "Type to the selected agent (insert mode; the grid stays)" })
keys.bind("grid", "f", "grid.filter", { desc = "Show the most recent agents, those waiting for you, those at work" })
keys.bind("grid", "escape", "grid.close", { desc = "Close the grid" })
keys.bind("grid", "q", "grid.close", { desc = "Close the grid" })
keys.bind("grid", "b", "grid.close", { desc = "Close the grid" })
keys.bind("grid", ":", "palette.open", { desc = "Command palette" })
keys.bind("grid", "?", "help.toggle", { desc = "Show or hide the key help" })
