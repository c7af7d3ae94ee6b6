-- Antigravity CLI (Google; installed as `agy`). Not run here: it is not on npm (its installer
-- downloads a binary), and its source is not public; its docs are (github.com/google-antigravity/
-- antigravity-cli, docs/). They say how it resumes (docs-cli-commands-resume.md: `agy
-- --conversation <id>`, the workspace's newest with `-c` / `--continue`) and how a proposed
-- terminal command is answered (docs-cli-using.md, default keybindings: "Confirm Yes" `y`,
-- "Confirm No" `n`, `e` edits it), not the words it draws, so its screens are read by the
-- structural rules (lua/default/status.lua: the live region, choices under a cursor or in a box,
-- a dialog footer, a working row, a spinner in its title). Its window title can be a script of
-- the user's that gets the agent's state (examples/title: idle, thinking, working, tool_use), set
-- in its own settings file, not per launch. So are its hooks (a plugin's hooks.json or its
-- settings.json): no flag or variable adds them to one launch (docs/agent-states.md#no-per-launch-path). A file of your own with its version's rules replaces
-- this one (docs/lua/clis.md: it can be shared as a plugin).
clis.define({
  name = "antigravity",
  title = "Antigravity CLI",
  programs = { "agy", "antigravity", "antigravity-cli" },
  command = "agy",
  answers = { yes = { text = "y" }, no = { text = "n" } },
  resume = { args = { "--conversation", "{session}" }, last = { "--continue" } },
})
