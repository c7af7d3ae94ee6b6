-- Devin CLI (Cognition, "Devin for Terminal"). Not run here: it is not on npm (its installer
-- downloads a binary) and its source is not public. Its docs (docs.devin.ai/cli: essential
-- commands, permissions, the commands reference) say how it runs and resumes, not what it draws:
-- a REPL that asks before writes and shell commands in its Normal mode ("allow it once, for the
-- session, or permanently for the project"), none in Bypass (`--permission-mode bypass`). With no
-- string of its own to go by, its screens are read by the structural rules (lua/default/status.lua:
-- the live region, choices under a cursor or in a box, a dialog footer, an interrupt hint, a
-- spinner). It resumes with `devin --resume <id>`, or the folder's newest session with
-- `--continue` (the commands reference: "-r, --resume <SESSION_ID>", "-c, --continue").
-- Its hooks (Claude Code's format) come only from its config files (.devin/, ~/.config/devin/,
-- .claude/); `--config <PATH>` may replace your user config rather than add to it, so nothing is
-- wired per launch (docs/agent-states.md#no-per-launch-path).
clis.define({
  name = "devin",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "DEVIN_*" } },
  title = "Devin CLI",
  programs = { "devin" },
  resume = { args = { "--resume", "{session}" }, last = { "--continue" } },
})
