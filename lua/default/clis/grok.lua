-- Grok CLI (vibe-kit). No hooks and no session store: its screens are read by the structural
-- rules (lua/default/status.lua), and it starts again fresh after a restart.
clis.define({
  name = "grok",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "GROK_*", "XAI_*" } },
  title = "Grok CLI",
  programs = { "grok" },
  packages = { "@vibe-kit/grok-cli" },
  version = "0.0.34",
})
