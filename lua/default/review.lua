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

--- The panel's count of comments ("3 comments, 1 stale"), nil when there are none.
---@param r table app.review
---@return string|nil
function App:review_counts(r)
  local n, by = 0, {}
  for _, c in ipairs(r.comments or {}) do
    n = n + 1
    by[c.state] = (by[c.state] or 0) + 1
  end
  if n == 0 then return nil end
  local parts = { ("%d comment%s"):format(n, n == 1 and "" or "s") }
  for _, s in ipairs({ "stale", "sent", "handled" }) do
    if by[s] then parts[#parts + 1] = ("%d %s"):format(by[s], s) end
  end
  return table.concat(parts, ", ")
end

--- The panel's title: what it compares, and the counts.
---@param r table app.review
---@param agent botster.Agent
function App:review_title(r, agent)
  local what = agent and agent.worktree and agent.worktree.branch or (agent and agent.name or "?")
  -- The comments' count first: a narrow panel cuts the end of its title.
  local counts = self:review_counts(r)
  if counts then what = counts .. " · " .. what end
  if r.error then return "Changes of " .. what .. ": no diff" end
  if r.loading then return "Changes of " .. what .. "..." end
  local against = r.mode == "uncommitted" and "uncommitted" or ("vs " .. tostring(r.against or "HEAD"))
  local title = ("%s %s: %d file%s +%d −%d"):format(what, against, r.files, r.files == 1 and "" or "s", r.added, r.removed)
  if r.lines > 0 and r.top > 0 then title = title .. (" [%d/%d]"):format(r.top + 1, r.lines) end
  return title
end

-- Comments on the agent's changes (docs/review.md): c comments the lines under the cursor (the
-- first c starts a line selection at the first changed line in view: j/k move it, v marks a
-- range, c again comments), e edits the comment there, d deletes it, x marks it handled, ]c and [c go to the next
-- and previous comment, S sends every comment not sent yet to the agent as one prompt. Each goes
-- through a review_* verb (the CLI's `botster-tui review`, the web's diff page use the same).

review_prompt = {}

--- The prompt's first lines, before the comments.
---@param ev botster.ReviewSend
---@return string
function review_prompt.header(ev)
  local n = #ev.comments
  return ("Review of your changes: %d comment%s. Each names a file and lines, shows them as they were when I commented, then my remark."):format(n, n == 1 and "" or "s")
end

--- The prompt's last lines, after the comments.
---@param ev botster.ReviewSend
---@return string
function review_prompt.footer(ev)
  return "Please address each comment in the code. A comment marked stale is on lines that changed since: check it still applies."
end

-- How a CLI takes a prompt of several lines: its clis.define's multiline (default: one paste).
review_prompt.hook = hooks.on("before_review_send", function(ev)
  ev.header = review_prompt.header(ev)
  ev.footer = review_prompt.footer(ev)
  local cli = ev.agent and clis.find(ev.agent.program or "")
  ev.multiline = cli and cli.multiline or "paste"
  return ev
end, { priority = hooks.FIRST, name = "review prompt" })

local function comment_of(r, id)
  for _, c in ipairs(r.comments or {}) do
    if c.id == id then return c end
  end
end

-- The review panel's cursor: where it points, and the comment there (review.comments at = selection).
local function here(app)
  local r = app.review
  if not r then
    app:notify("the review panel is closed (v opens it)", "error")
    return nil
  end
  local a = app:call("review.comments", { agent = r.agent, at = "selection" })
  if not a.ok then
    app:notify(a.error or a.refused, "error")
    return nil
  end
  return r, a.at
end

-- A place as every face names it (src/ui/diff/diff-place.ts where): app.js:2, app.js:2-3, and
-- app.js:2 (removed) for removed lines (old-file numbers: a removed and an added line can share one).
local function where(p)
  return p.file .. ":" .. p.line .. (p["end"] > p.line and ("-" .. p["end"]) or "") .. (p.side == "old" and " (removed)" or "")
end

-- review.comment: the lines selected (or the line under the cursor) get a comment you type.
commands.register("review.comment", function(app)
  if app.review and not app.review.selecting then
    app:run("scroll.copy")
    return app:notify("pick the lines: j/k move, v marks a range, c comments them, Esc cancels", "info")
  end
  local r, at = here(app)
  if not r then return end
  if not at.place then return app:notify("no line of a hunk there: move to the lines to comment (j/k)", "error") end
  local spot = where(at.place)
  local p = at.place
  app:run("copy.cancel")
  app:input({ title = "Comment on " .. spot }, function(text, app2)
    if not text or text == "" then return end
    app2:verb("review.comment", { agent = r.agent, at = ("%s:%d-%d"):format(p.file, p.line, p["end"]), side = p.side, snippet = p.snippet, text = text }, function(ans, app3)
      if not ans.ok then return app3:notify(ans.error or ans.refused, "error") end
      app3:notify(("comment %s on %s (S sends the comments)"):format(ans.comment.id, spot), "info")
    end)
  end)
end, { desc = "Review panel: comment the selected lines (or the line under the cursor)", category = "review" })

-- review.edit: the comment under the cursor (or the first one from the top) gets new text.
commands.register("review.edit", function(app)
  local r, at = here(app)
  if not r then return end
  local c = at.comment and comment_of(r, at.comment)
  if not c then return app:notify("no comment there (]c goes to the next one)", "error") end
  app:input({ title = "Edit comment " .. c.id .. " on " .. where(c), default = c.text }, function(text, app2)
    if not text or text == "" then return end
    app2:verb("review.edit", { agent = r.agent, id = c.id, text = text })
  end)
end, { desc = "Review panel: edit the comment under the cursor", category = "review" })

-- review.delete: the comment under the cursor goes.
commands.register("review.delete", function(app)
  local r, at = here(app)
  if not r then return end
  local c = at.comment and comment_of(r, at.comment)
  if not c then return app:notify("no comment there (]c goes to the next one)", "error") end
  app:verb("review.edit", { agent = r.agent, id = c.id, remove = true }, function(ans, app2)
    if ans.ok then app2:notify("comment " .. c.id .. " deleted", "info") end
  end)
end, { verb = "review.edit", desc = "Review panel: delete the comment under the cursor", category = "review" })

-- review.handled: the comment under the cursor is handled (again: not handled).
commands.register("review.handled", function(app)
  local r, at = here(app)
  if not r then return end
  local c = at.comment and comment_of(r, at.comment)
  if not c then return app:notify("no comment there (]c goes to the next one)", "error") end
  app:verb("review.edit", { agent = r.agent, id = c.id, handled = c.state ~= "handled" })
end, { verb = "review.edit", desc = "Review panel: mark the comment under the cursor handled (again: not)", category = "review" })

commands.register("review.next_comment", function(app) app:review_jump("next_comment") end, { desc = "Review panel: the next comment", category = "review" })
commands.register("review.prev_comment", function(app) app:review_jump("prev_comment") end, { desc = "Review panel: the previous comment", category = "review" })

local function sent_notice(app, ans, name)
  if not ans.ok then return app:notify(ans.error or ans.refused, "error") end
  app:notify(("sent %d comment%s to %s%s"):format(ans.sent, ans.sent == 1 and "" or "s", name, ans.waited and " (its turn ended)" or ""), "info")
end

-- review.send: every comment not sent yet goes to the agent as one prompt. One with no agent CLI
-- in its foreground (prompts.reads: a shell would run the prompt's lines as commands) is asked
-- about first, "not now" first. One at work: as settings.review_busy says (ask: send now, when its
-- turn ends, or not).
local function send(app, id, name, busy, force)
  app:verb("review.send", { agent = id, busy = busy, force = force }, function(ans, app2)
    if ans.ok or (ans.reason ~= "busy" and ans.reason ~= "shell" and ans.reason ~= "not_cli") then return sent_notice(app2, ans, name) end
    if ans.reason == "shell" or ans.reason == "not_cli" then
      local n = 0
      for _, c in ipairs((app2.review and app2.review.comments) or {}) do
        if c.state == "new" or c.state == "stale" then n = n + 1 end
      end
      local what = ans.reason == "shell" and "is a shell" or "runs no agent CLI"
      return app2:select({
        { label = "not now", description = "they stay: start its CLI in it (claude, codex...), then S" },
        { label = "send as text", description = ans.reason == "shell" and "the shell runs each line of the prompt as a command" or "typed in as it is", answer = true },
      }, { title = ("%s %s: paste %s as text it would run?"):format(name, what, n > 0 and (n .. " comment" .. (n == 1 and "" or "s")) or "the comments") }, function(choice, app3)
        if choice and choice.answer then send(app3, id, name, busy, true) end
      end)
    end
    app2:select({
      { label = "send now", description = "typed at once, while it works", answer = "now" },
      { label = "when its turn ends", description = "sent as soon as it stops working", answer = "wait" },
      { label = "not now", description = "they stay, to send later (S)" },
    }, { title = name .. " is at work: send the review comments?" }, function(choice, app3)
      if choice and choice.answer then send(app3, id, name, choice.answer, force) end
    end)
  end)
end

commands.register("review.send", function(app, arg)
  local id = (app.review and app.review.agent) or app.focused
  if not id then return app:notify("no agent to send comments to", "error") end
  local name = id
  for _, a in ipairs(app.agents) do if a.id == id then name = a.name end end
  send(app, id, name, arg == "now" and "now" or arg == "wait" and "wait" or nil, nil)
end, { desc = "Send every review comment not sent yet to the agent, as one prompt (arg: now, wait)", category = "review" })
