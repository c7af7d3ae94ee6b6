-- Muse (Meta's coding agent; installed as ~/.local/bin/muse). Not on npm (not run here): its
-- screens are read by the structural rules (lua/default/status.lua).
clis.define({
  name = "muse",
  title = "Muse",
  programs = { "muse", "muse-code" },
})
