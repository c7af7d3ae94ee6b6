-- Your keys. As shipped this file changes nothing: the code below is one block comment. To use it,
-- turn its first line `--[[` into `---[[` (a line comment: the block runs), then save: the keys
-- are live at once (`?` in normal mode lists them). Every shipped key: docs/keys.md.
--[[
-- A key of normal mode runs a command (the palette lists them: `:`) ...
keys.bind("normal", "W", "agent.next_waiting", { desc = "Jump to the next agent waiting for me" })
-- ... or a Lua function of yours.
keys.bind("normal", "C", function(app) app:spawn({ command = "claude" }) end, { desc = "New Claude" })
-- A shipped key you do not want (the way out, ctrl+g, always stays).
keys.unbind("normal", "X")
--]]
