-- The key help (? in normal mode): its key table answers first while it is open; keys not bound
-- here work as usual. The way out (ctrl+g, or settings.way_out) always closes it.
keys.bind("help", "j", "help.down", { desc = "Scroll the help down a line" })
keys.bind("help", "down", "help.down", { desc = "Scroll the help down a line" })
keys.bind("help", "k", "help.up", { desc = "Scroll the help up a line" })
keys.bind("help", "up", "help.up", { desc = "Scroll the help up a line" })
keys.bind("help", "pagedown", "help.page_down", { desc = "Scroll the help down a page" })
keys.bind("help", "space", "help.page_down", { desc = "Scroll the help down a page" })
keys.bind("help", "pageup", "help.page_up", { desc = "Scroll the help up a page" })
keys.bind("help", "escape", "help.close", { desc = "Close the help" })
keys.bind("help", "?", "help.close", { desc = "Close the help" })
keys.bind("help", "q", "help.close", { desc = "Close the help" })
keys.bind("help", "enter", "help.close", { desc = "Close the help" })
