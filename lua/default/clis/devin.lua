-- Devin CLI (Cognition). Not run here: it is not on npm (its installer downloads a binary) and its
-- source is not public, so it has no rule of its own: its screens are read by the structural rules
-- (lua/default/status.lua).
clis.define({
  name = "devin",
  title = "Devin CLI",
  programs = { "devin" },
})
