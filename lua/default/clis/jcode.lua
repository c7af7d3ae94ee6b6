-- Jcode. Not on npm (not run here): its screens are read by the structural rules
-- (lua/default/status.lua: the live region, choices under a cursor, a dialog footer, a working
-- row, its title's spinner). A file of your own with its version's rules replaces this one.
clis.define({
  name = "jcode",
  title = "Jcode",
  programs = { "jcode" },
})
