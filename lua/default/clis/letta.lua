-- Letta Code. Its hooks are read only from its own settings files: its screens are read by the
-- structural rules (lua/default/status.lua). Started again in a folder it goes on with that
-- folder's last conversation by itself; with an id, `letta --conversation <id>`.
clis.define({
  name = "letta",
  title = "Letta Code",
  programs = { "letta" },
  packages = { "@letta-ai/letta-code" },
  version = "0.32.18",
  resume = { args = { "--conversation", "{session}" } },
})
