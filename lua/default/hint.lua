-- The status-bar hint (`self.hint`, drawn at the right of the default layout's status bar): a few
-- keys for the mode you are in, read from the live keymap (keys.key_for), so rebinding a key or
-- moving the way out (settings.way_out) changes the hint too. Define your own App:status_hint in
-- $BOTSTER_HOME/user/hooks.lua (or layout.lua) to show something else; return "" for nothing.

-- What each mode lists: { command id, what to call it }. Modes not listed use normal's.
local KEYS = {
  insert = { { "mode.normal", "hub keys" } },
  normal = { { "help.toggle", "help" }, { "palette.open", "commands" }, { "mode.insert", "back to agent" }, { "client.quit", "quit" } },
  -- an open dialog or the palette (its key table answers first), and the key help
  palette = { { "palette.submit", "choose" }, { "palette.next", "next" }, { "palette.cancel", "cancel" } },
  help = { { "help.down", "scroll" }, { "help.close", "close" } },
  choose = { { "choose.keep", "keep it" }, { "choose.close", "close" }, { "help.toggle", "all keys" } },
  grid = { { "grid.right", "move" }, { "grid.enter", "type to it" }, { "grid.filter", "filter" }, { "grid.close", "close" } },
  review = { { "scroll.down", "scroll" }, { "scroll.search", "search" }, { "review.next_file", "next file" }, { "review.comment", "comment" }, { "review.send", "send" }, { "palette.open", "finish..." }, { "mode.insert", "agent" }, { "review.toggle", "close" } },
}
-- Typing into a grid cell (insert mode, the grid shown): the way out closes the grid too.
local GRID_INSERT = { { "mode.normal", "hub keys (closes the grid)" } }

--- The hint for the status bar: "?: help  :: commands  i: back to agent  q: quit" in normal mode.
---@return string
function App:status_hint()
  local parts = {}
  -- While an overlay is open its key table has the keys.
  local mode = self.overlay or self.mode
  local list = KEYS[mode] or KEYS.normal
  if mode == "insert" and type(self.grid_open) == "function" and self:grid_open() then list = GRID_INSERT end
  for _, k in ipairs(list) do
    local key = keys.key_for(mode, k[1])
    if key then parts[#parts + 1] = key .. ": " .. k[2] end
  end
  return table.concat(parts, "  ")
end
