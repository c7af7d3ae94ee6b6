-- Goose (Block). Its plugin hooks load only from its own folders and have no permission event:
-- its screens are read by the structural rules (lua/default/status.lua). It resumes with
-- `goose session --resume --session-id <id>`.
clis.define({
  name = "goose",
  title = "Goose",
  programs = { "goose" },
  resume = { args = { "session", "--resume", "--session-id", "{session}" }, last = { "session", "--resume" } },
})
