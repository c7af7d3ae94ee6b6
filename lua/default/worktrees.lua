-- Worktrees the hub made for agents (profiles with worktree = true): when such an agent exits and
-- git finds its worktree clean, the hub emits worktree_clean and lists it in app.worktrees until it
-- is removed. This file decides what to do about it. Override in $BOTSTER_HOME/user/hooks.lua:
--   function worktrees.offer(ev, app) ... end    -- what happens when one turns clean
--   hooks.off(worktrees.hook)                     -- nothing happens (worktree.remove still works)
worktrees = {}

--- One turned clean. The default: if you are looking at the agent (and no overlay is open) a dialog
--- asks whether to remove it; otherwise a notice says worktree.remove can. The branch always stays.
---@param ev { agent: botster.Agent, worktree: { path: string, branch: string } }
---@param app botster.AppActions
function worktrees.offer(ev, app)
  local wt = ev.worktree
  if ev.agent.id ~= app.focused_id or app.overlay then
    return app:notify(("worktree %s (%s) is clean: run worktree.remove to remove it (the branch stays)"):format(wt.path, wt.branch))
  end
  local choices = {
    { label = "remove", description = "delete the folder; the branch " .. wt.branch .. " stays", remove = true },
    { label = "keep", description = "leave it (worktree.remove removes it later)" },
  }
  app:select(choices, { title = "The worktree of " .. ev.agent.name .. " is clean: " .. wt.path }, function(choice, app2)
    if choice and choice.remove then app2:remove_worktree(wt.path) end
  end)
end

worktrees.hook = hooks.on("worktree_clean", function(ev, app) worktrees.offer(ev, app) end, { name = "worktree offer" })

-- worktree.remove: with an argument, that worktree; else the only one on offer, or a choice.
commands.register("worktree.remove", function(app, arg)
  if arg ~= nil then return app:remove_worktree(tostring(arg)) end
  local list = app.worktrees or {}
  if #list == 0 then return app:notify("no clean worktree to remove") end
  if #list == 1 then return app:remove_worktree(list[1].path) end
  local items = {}
  for i, w in ipairs(list) do items[i] = { label = w.branch, description = w.path .. " (" .. w.agent .. ")", path = w.path } end
  app:select(items, { title = "Remove which worktree? (the branch stays)" }, function(w, app2)
    if w then app2:remove_worktree(w.path) end
  end)
end, { desc = "Remove the clean worktree of an agent that exited (the branch stays)", category = "agents" })
