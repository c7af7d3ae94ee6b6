-- Continue CLI (`cn`). Its hook code fires nothing in 1.5.47, so its screens are read by the
-- structural rules (lua/default/status.lua). `cn --resume` goes on with its newest conversation.
clis.define({
  name = "continue",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "CONTINUE_*", "ANTHROPIC_*", "OPENAI_*" } },
  title = "Continue CLI",
  programs = { "cn" },
  command = "cn",
  packages = { "@continuedev/cli" },
  version = "1.5.47",
  resume = { last = { "--resume" } },
})
