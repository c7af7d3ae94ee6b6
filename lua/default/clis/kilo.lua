-- Kilo Code CLI (an OpenCode fork, `kilo` or `kilocode`). It loads OpenCode's kind of plugin: the
-- hub names the one OpenCode's file writes (lua/default/clis/opencode.lua) in KILO_CONFIG_CONTENT
-- for each launch (your plugins load too). It resumes with `kilo --session <id>`. Its screens are
-- read by the structural rules (lua/default/status.lua).

clis.define({
  name = "kilo",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "KILO_*", "ANTHROPIC_*", "OPENAI_*", "OPENROUTER_*" } },
  title = "Kilo Code CLI",
  programs = { "kilo", "kilocode" },
  command = "kilo",
  packages = { "@kilocode/cli" },
  version = "7.7.7",
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
  hooks = {
    env = { KILO_CONFIG_CONTENT = '{"plugin":["{hooks_url}/opencode-plugin.js"]}' },
    unless_env = { "KILO_CONFIG_CONTENT" },
    own_commands = { "-v", "--version", "-h", "--help", "upgrade", "uninstall", "auth", "models" },
  },
})
