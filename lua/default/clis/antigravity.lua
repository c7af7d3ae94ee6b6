-- Antigravity CLI (Google; installed as `agy`). Not run here: it is not on npm (its installer
-- downloads a binary), and its source is not public, so there is no rule of its own yet: its
-- screens are read by the structural rules (lua/default/status.lua: the live region, choices
-- under a cursor or in a box, a dialog footer, a working row, a spinner in its title). A file of
-- your own with its version's rules replaces this one (docs/lua/clis.md: it can be shared as a
-- plugin).
clis.define({
  name = "antigravity",
  title = "Antigravity CLI",
  programs = { "agy", "antigravity", "antigravity-cli" },
  command = "agy",
})
