-- Your profiles: named ways to start an agent, offered by `c` (New agent) and `new --profile`.
-- As shipped this file changes nothing: the code below is one block comment. To use it, turn its
-- first line `--[[` into `---[[` (a line comment: the block runs), then save. docs/resume.md says
-- what a profile may hold (args, cwd, env, worktree, resume).
--[[
profiles.define("opus", { command = "claude", args = { "--model", "opus" } })
profiles.define("tests", { command = "npm", args = { "test", "--", "--watch" } })
--]]
