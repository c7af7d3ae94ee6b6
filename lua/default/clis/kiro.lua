-- Kiro CLI. Its hooks live in agent files under your ~/.kiro, so nothing is wired per launch: its
-- screens are read by the structural rules (lua/default/status.lua). It resumes with
-- `kiro-cli chat --resume-id <id>`, or the folder's newest chat with `--resume`.
clis.define({
  name = "kiro",
  title = "Kiro CLI",
  programs = { "kiro-cli", "kiro" },
  command = "kiro-cli",
  resume = { args = { "chat", "--resume-id", "{session}" }, last = { "chat", "--resume" } },
})
