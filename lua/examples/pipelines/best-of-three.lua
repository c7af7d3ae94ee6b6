-- Best of three: one task, three agents in worktrees of their own, the tests as the check; the
-- passing branch with the smallest change is merged into your branch, the others discarded.
--   botster-tui pipeline run example:best-of-three --var task="fix the failing date test" --var test="npm test"
-- Three CLIs instead of one three times: agent = "claude", agent = "codex", agent = "gemini".
local agent = "claude"

pipelines.define({
  id = "best-of-three",
  description = "three agents on one task, the best passing one kept",
  context = { system = "Work only in this repository. Commit your work when you are done." },
  strategy = {
    kind = "parallel",
    branches = {
      { id = "a", agent = agent, prompt = "${task}", check = "${test}" },
      { id = "b", agent = agent, prompt = "${task}", check = "${test}" },
      { id = "c", agent = agent, prompt = "${task}", check = "${test}" },
    },
    merge = { kind = "pick_best", finish = true },
  },
})
