-- Auggie (Augment Code). Its hooks load from a plugin folder, not tried per launch yet (it needs a
-- login to run); its screens are read by the structural rules (lua/default/status.lua). It
-- resumes with `auggie --resume <id>`, or its newest conversation with `--continue`.
clis.define({
  name = "auggie",
  title = "Auggie",
  programs = { "auggie" },
  packages = { "@augmentcode/auggie" },
  version = "0.36.0",
  resume = { args = { "--resume", "{session}" }, last = { "--continue" } },
})
