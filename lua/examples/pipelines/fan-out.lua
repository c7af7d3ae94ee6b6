-- Fan-out: one agent lists small tasks, then one agent per item does each (two at a time).
--   botster-tui pipeline run example:fan-out --var goal="add a docstring to every exported function in src/"
pipelines.define({
  id = "fan-out",
  description = "a list of small tasks, one agent per item",
  max_agents = 2,
  strategy = {
    kind = "chain",
    steps = {
      { id = "list", agent = "claude", prompt = "List, one per line starting with '- ', the small tasks for: ${goal}. Change nothing." },
      { id = "do", agent = "claude", worktree = true, parallel_on = "list", prompt = "Do only this, then commit: ${item}" },
    },
    merge = "concatenate",
  },
})
