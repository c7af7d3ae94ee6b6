-- Jcode (a Rust TUI coding agent, 1jehuang/jcode). Not run here: it installs as a binary from its
-- releases (not on npm). Its screens are read by the structural rules (lua/default/status.lua: the
-- live region, choices under a cursor, a dialog footer, a working row, its title's spinner). It
-- resumes with `jcode --resume <id>` (its own `session resume` says so). A file of your own with
-- its version's rules replaces this one.
clis.define({
  name = "jcode",
  title = "Jcode",
  programs = { "jcode" },
  resume = { args = { "--resume", "{session}" } },
})
