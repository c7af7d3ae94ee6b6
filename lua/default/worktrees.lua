-- Worktrees the hub makes for agents (profiles with worktree = true, worktree.new, botster-tui new
-- --worktree): what the branch is called, and the end of one (finish, discard, and the offer to
-- remove a clean one). The hub runs git; this file decides. Override any part in
-- $BOTSTER_HOME/user/hooks.lua:
--   function worktrees.branch_name(ev) ... end    -- the name of a new branch
--   function worktrees.offer(ev, app) ... end     -- what happens when one turns clean
--   hooks.off(worktrees.hook)                     -- nothing happens then (worktree.remove still works)
worktrees = {}

--- A new worktree's branch when none was asked for: botster/NAME (the hub adds -2, -3... when taken).
---@param ev { agent: { name: string, command: string }, repo: string, base: string|nil }
function worktrees.branch_name(ev)
  local name = tostring(ev.agent.name or "agent"):gsub("[^%w%._%-]+", "-"):gsub("^%-+", ""):gsub("%-+$", "")
  return "botster/" .. (name ~= "" and name or "agent")
end

worktrees.create_hook = hooks.on("before_worktree_create", function(ev)
  if not ev.branch then ev.branch = worktrees.branch_name(ev) end
  return ev
end, { name = "worktree branch name", priority = hooks.LATE })

--- One turned clean. The default: if you are looking at the agent (and no overlay is open) a
--- question asks whether to remove it (it waits until you open it: question.open); otherwise a
--- notice says worktree.remove can. The branch always stays.
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

--- "a.txt, b.txt and 3 more"
local function files(list)
  if #list <= 3 then return table.concat(list, ", ") end
  return table.concat({ list[1], list[2], list[3] }, ", ") .. " and " .. (#list - 3) .. " more"
end

local function plural(n, word) return n .. " " .. word .. (n == 1 and "" or "s") end

--- What would be lost if the worktree and its branch went now (nil: nothing).
function worktrees.at_stake(st, merged)
  local parts = {}
  if #st.dirty > 0 then parts[#parts + 1] = plural(#st.dirty, "uncommitted file") .. " (" .. files(st.dirty) .. ")" end
  if not merged and st.ahead > 0 then parts[#parts + 1] = plural(st.ahead, "commit") .. " not in " .. (st.base or "any base") end
  if st.upstream and st.unpushed > 0 then parts[#parts + 1] = plural(st.unpushed, "commit") .. " not pushed to " .. st.upstream end
  if #parts == 0 then return nil end
  return table.concat(parts, ", ")
end

-- The agent a worktree command is for: the command's argument names it (number, name or id), else
-- the focused one.
local function target(app, arg)
  if arg ~= nil and arg ~= "" and arg ~= "merge" and arg ~= "rebase" and arg ~= "force" then
    for i, a in ipairs(app.agents) do
      if tostring(i) == tostring(arg) or a.name == arg or a.id == arg then return a end
    end
    return nil, "no agent " .. tostring(arg)
  end
  return app.focused, app.focused and nil or "no agent"
end

-- worktree.finish: bring the agent's branch into its base (settings.worktree_finish first, then
-- the other way), stop the agent, remove its worktree, delete its branch. Uncommitted or unpushed
-- work is refused unless you say "finish anyway"; a conflict stops with nothing changed.
-- Argument: "merge" or "rebase" (no dialog), "force" (lose uncommitted changes), or an agent.
commands.register("worktree.finish", function(app, arg)
  local a, err = target(app, arg)
  if not a then return app:notify("worktree.finish: " .. err, "error") end
  if not a.worktree then return app:notify("worktree.finish: agent " .. a.name .. " has no worktree the hub made", "error") end
  app:worktree_status(a, function(st, app2)
    if st.error then return app2:notify("worktree.finish: " .. st.error, "error") end
    local first = settings.worktree_finish
    local other = first == "merge" and "rebase" or "merge"
    local lost = #st.dirty > 0 and plural(#st.dirty, "uncommitted file") .. " (" .. files(st.dirty) .. ")" or nil
    if st.upstream and st.unpushed > 0 then
      lost = (lost and lost .. ", " or "") .. plural(st.unpushed, "commit") .. " not pushed to " .. st.upstream
    end
    local into = st.base or "?"
    local what = st.ahead == 0 and ("nothing to bring into " .. into) or (plural(st.ahead, "commit") .. " into " .. into)
    -- "merge 2 commits into main" / "nothing to merge into main"
    local function doing(how) return st.ahead == 0 and ("nothing to " .. how .. " into " .. into) or (how .. " " .. what) end
    local stop = st.running and ("stops " .. st.agent .. ", ") or ""
    local function finish(how, force) app2:finish_worktree(a, { how = how, force = force }) end
    if arg == "merge" or arg == "rebase" then return finish(arg, false) end
    if lost and arg ~= "force" then
      -- cancel first: a script's --yes refuses rather than losing work
      return app2:select({
        { label = "cancel", description = "keep everything (commit or push, then finish)" },
        { label = "finish anyway", description = doing(first) .. "; " .. stop .. "LOSES " .. lost, how = first },
      }, { title = st.branch .. " has " .. lost }, function(choice, app3)
        if choice and choice.how then return app3:finish_worktree(a, { how = choice.how, force = true }) end
        app3:notify(("worktree.finish: refused: %s has %s (commit it, or choose \"finish anyway\")"):format(st.branch, lost), "error")
      end)
    end
    local force = arg == "force"
    local tail = stop .. "removes " .. st.path .. ", deletes " .. st.branch
    app2:select({
      { label = first, description = doing(first) .. "; " .. tail, how = first },
      { label = other, description = doing(other) .. "; " .. tail, how = other },
      { label = "cancel", description = "leave it as it is" },
    }, { title = "Finish " .. st.branch .. ": " .. what }, function(choice, app3)
      if choice and choice.how then app3:finish_worktree(a, { how = choice.how, force = force }) end
    end)
  end)
end, { desc = "Finish the agent's worktree: merge or rebase it into its base, remove it and its branch", category = "worktrees" })

-- worktree.discard: stop the agent, remove its worktree and delete its branch, after a
-- confirmation that names what is lost (a script's --yes takes "discard").
commands.register("worktree.discard", function(app, arg)
  local a, err = target(app, arg)
  if not a then return app:notify("worktree.discard: " .. err, "error") end
  if not a.worktree then return app:notify("worktree.discard: agent " .. a.name .. " has no worktree the hub made", "error") end
  app:worktree_status(a, function(st, app2)
    if st.error then return app2:notify("worktree.discard: " .. st.error, "error") end
    local lost = worktrees.at_stake(st, false)
    local what = lost and ("LOSES " .. lost) or "nothing is lost (no changes, no commits beyond " .. (st.base or "its base") .. ")"
    app2:select({
      { label = "discard", description = (st.running and ("stops " .. st.agent .. ", ") or "") .. "removes " .. st.path .. ", deletes " .. st.branch, go = true },
      { label = "cancel", description = "keep it" },
    }, { title = "Discard " .. st.branch .. "? " .. what }, function(choice, app3)
      if choice and choice.go then app3:discard_worktree(a) end
    end)
  end)
end, { desc = "Discard the agent's worktree and branch (asks first, naming what is lost)", category = "worktrees" })

-- worktree.new: a new agent in a new worktree: what to run (what `c` offers: your shell, your
-- profiles and the agent CLIs installed here, profiles.offered), then the branch (empty: the hub
-- names it). It starts from the branch checked out in the focused agent's repository (where the
-- hub runs when none is focused).
commands.register("worktree.new", function(app, arg)
  local items = profiles.offered(app)
  local function ask_branch(choice, app2)
    if not choice then return end
    local a = app2.focused
    local cwd = a and (a.worktree and a.worktree.repo or a.cwd) or nil
    app2:input({ title = "Branch for " .. choice.label .. " (empty: the hub names it)", default = arg }, function(branch, app3)
      if branch == nil then return end
      local spec = choice.spec
      local started = app3:spawn({ command = spec.command, args = spec.args, cwd = cwd, worktree = branch ~= "" and { branch = branch } or true })
      if started == nil or started.ok then app3:set_mode("insert") end
    end)
  end
  if #items == 1 then return ask_branch(items[1], app) end
  app:select(items, { title = "New agent in a new worktree" }, ask_branch)
end, { verb = "agent.new", desc = "Start an agent in a new git worktree (a new branch from the one checked out)", category = "worktrees" })

-- worktrees.prune: removes the worktrees the hub made that are in their base by content, clean and
-- held by no agent (the branches stay), as `botster-tui worktrees prune` does; "park" as the
-- argument parks a dirty one first (a wip: commit on its branch). A notice says what it freed.
commands.register("worktrees.prune", function(app, arg)
  app:verb("worktree.list", { action = "prune", park = arg == "park" }, function(answer, app2)
    if not answer.ok then return app2:notify("worktrees prune: " .. tostring(answer.refused or answer.error), "error") end
    app2:notify("worktrees prune: " .. (tostring(answer.says):match("[^\n]*$") or ""))
  end)
end, { verb = "worktree.list", desc = "Remove the merged, clean worktrees the hub made that no agent holds (arg park: dirty ones too)", category = "worktrees" })

-- settings.worktree_prune: "start" prunes once as the hub starts; a number of hours prunes when
-- that long has passed since the last (its time kept in state/worktrees.json). Looked at when a
-- client attaches or an agent starts, then every few minutes while the setting asks for it (with
-- the setting off, no timer runs: your timers keep the whole budget).
local function prune_if_due()
  local when = settings.worktree_prune
  if not when then return end
  if when == "start" then
    local s = state.get("worktrees.start", {})
    if s.pruned then return end
    s.pruned = true
  else
    local s = state.get("worktrees", {}, { persist = true })
    local now = os.time()
    if s.last_prune and now - s.last_prune < when * 3600 then return end
    s.last_prune = now
  end
  commands.run("worktrees.prune")
end
local armed -- this configuration's timer (a reload stops it; the next event arms it again)
local function arm()
  if not settings.worktree_prune then return end
  if type(settings.worktree_prune) == "number" and not armed then armed = timer.every(5 * 60 * 1000, prune_if_due) end
  prune_if_due()
end
worktrees.prune_hooks = {
  hooks.on("client_attached", arm, { name = "worktree prune" }),
  hooks.on("agent_spawned", arm, { name = "worktree prune" }),
}
