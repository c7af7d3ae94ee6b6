-- Devin CLI. Not on npm (not run here): its screens are read by the structural rules
-- (lua/default/status.lua).
clis.define({
  name = "devin",
  title = "Devin CLI",
  programs = { "devin" },
})
