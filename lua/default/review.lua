-- The review panel: an agent's changes beside its terminal (ui.diff in the default layout). It
-- shows the focused agent's diff against the branch its worktree came from (committed and not),
-- or only what is not committed yet; it follows the focus and refreshes as the files change. While
-- it is open, normal mode's scroll, search and copy keys (ctrl+d/u, ctrl+e/y, G, /, n, N, y) act
-- on it; insert mode still types to the agent. Override the commands in user/hooks.lua.

keys.mode("review", { desc = "the review panel: keys scroll and search the agent's changes" })

-- review.toggle: in review mode, close the panel (back to normal mode); elsewhere open it on the
-- focused agent's changes (arg "uncommitted": only those) and give it the keys (review mode).
commands.register("review.toggle", function(app, arg)
  if app.mode == "review" then
    if app.review then app:close_review() end
    return app:set_mode("normal")
  end
  if not app.focused then return app:notify("no agent to review", "error") end
  local mode = arg == "uncommitted" and "uncommitted" or (app.review and app.review.mode) or "all"
  app:open_review(app.focused, { mode = mode })
  app:set_mode("review")
end, { desc = "Review the focused agent's changes beside its terminal (again: close; arg: uncommitted)", category = "review" })

-- review.top, review.next_file, review.prev_file: move through the panel's diff.
commands.register("review.top", function(app) app:review_jump("top") end, { desc = "Review panel: the top (the file list)", category = "review" })
commands.register("review.next_file", function(app) app:review_jump("next_file") end, { desc = "Review panel: the next file's changes", category = "review" })
commands.register("review.prev_file", function(app) app:review_jump("prev_file") end, { desc = "Review panel: the previous file's changes", category = "review" })

-- review.mode: between all its changes (against its base) and only what is not committed.
commands.register("review.mode", function(app)
  local r = app.review
  if not r then return app:notify("the review panel is closed (review.toggle opens it)", "error") end
  app:open_review(r.agent, { mode = r.mode == "all" and "uncommitted" or "all" })
end, { desc = "Review panel: switch between all changes (vs the base) and only uncommitted ones", category = "review" })

--- The panel's title: what it compares, and the counts.
---@param r table app.review
---@param agent botster.Agent
function App:review_title(r, agent)
  local what = agent and agent.worktree and agent.worktree.branch or (agent and agent.name or "?")
  if r.error then return "Changes of " .. what .. ": no diff" end
  if r.loading then return "Changes of " .. what .. "..." end
  local against = r.mode == "uncommitted" and "uncommitted" or ("vs " .. tostring(r.against or "HEAD"))
  local title = ("%s %s: %d file%s +%d −%d"):format(what, against, r.files, r.files == 1 and "" or "s", r.added, r.removed)
  if r.lines > 0 and r.top > 0 then title = title .. (" [%d/%d]"):format(r.top + 1, r.lines) end
  return title
end
