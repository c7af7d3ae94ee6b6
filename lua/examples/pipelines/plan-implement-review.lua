-- Plan, implement, review: a chain, each step with what the one before it said.
--   botster-tui pipeline run example:plan-implement-review --var task="add a --json flag to ls"
pipelines.define({
  id = "plan-implement-review",
  description = "a plan, the work in a worktree, then a review of its diff",
  context = { sources = { { file = "README.md", priority = 1 }, { command = "git log --oneline -10", priority = 2 } } },
  strategy = {
    kind = "chain",
    steps = {
      { id = "plan", agent = "claude", prompt = "Plan, do not change files yet: ${task}" },
      { id = "implement", agent = "claude", worktree = true, depends_on = "plan",
        prompt = "Carry out this plan and commit: ${plan.result}" },
      { id = "review", agent = "claude", depends_on = "implement",
        prompt = "Review the work on branch ${implement.branch} (${implement.diff}); list what is wrong." },
    },
  },
})
