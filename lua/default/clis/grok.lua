-- Grok CLI (vibe-kit). No hooks and no session store: its screens are read by the structural
-- rules (lua/default/status.lua), and it starts again fresh after a restart.
clis.define({
  name = "grok",
  title = "Grok CLI",
  programs = { "grok" },
  packages = { "@vibe-kit/grok-cli" },
  version = "0.0.34",
})
