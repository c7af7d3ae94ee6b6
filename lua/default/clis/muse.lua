-- Muse Code (Meta's coding agent; installed as ~/.local/bin/muse). Not run here: not on npm, and
-- its source is not public, so it has no rule of its own: its
-- screens are read by the structural rules (lua/default/status.lua).
clis.define({
  name = "muse",
  title = "Muse Code",
  programs = { "muse", "muse-code" },
})
