-- Amp (Sourcegraph). Its plugins load only from folders it owns, so nothing is wired per launch:
-- its screens are read by the structural rules (lua/default/status.lua). It needs a login: without
-- one it asks "Would you like to log in to Amp? [(y)es, (n)o]:", then waits for the code from the
-- browser on its last line ("When prompted, paste your code here:"). It goes
-- on with a thread with `amp threads continue <id>` (docs/research/agent-clis.md).
clis.define({
  name = "amp",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "AMP_*" } },
  title = "Amp",
  programs = { "amp" },
  packages = { "@sourcegraph/amp", "@ampcode/cli" },
  version = "0.0.1790142911",
  resume = { args = { "threads", "continue", "{session}" } },
})
