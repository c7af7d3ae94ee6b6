-- Crush (Charm). It has no per-launch hook file (only a PreToolUse hook, read from its own
-- config): its screens are read by the structural rules (lua/default/status.lua). It resumes with
-- `crush --session <id>`, or its newest session with `--continue`.
clis.define({
  name = "crush",
  title = "Crush",
  programs = { "crush" },
  packages = { "@charmland/crush" },
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
})
