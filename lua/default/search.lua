-- Search every agent (S in normal mode, search.all in the palette): a query, then every agent's
-- screen, scrollback and CLI transcripts searched beside the UI (the `search` verb, src/search/);
-- the hits listed by agent and time with their line; Enter focuses that agent, scrolled to the
-- line when it is in its scrollback, and your keys go to it (insert mode). Override search.open
-- or search.jump in user/hooks.lua.

search = search or {}

-- How long ago a transcript says it was written ("3h ago").
local function ago(at)
  local ok, now = pcall(os.time)
  if not ok or not at then return "" end
  local s = math.max(0, now - at // 1000)
  if s < 3600 then return (" %dm ago"):format(s // 60) end
  if s < 86400 then return (" %dh ago"):format(s // 3600) end
  return (" %dd ago"):format(s // 86400)
end

local function label(h)
  local where = h.source .. ago(h.at)
  return ("%s %s · %s · %s"):format(h.agent.id, h.agent.name, where, h.line)
end

--- Jumps to a hit: focuses its agent and gives it your keys (insert mode), as choosing a pane in
--- tmux's choose-tree or find-window puts you in it: the next word you type goes to that agent,
--- never to the hub's one-key commands (d detaches, x stops...). A line of its scrollback is shown
--- with the scrollback search (`/`: highlighted; the way out then `n`/`N` step to the other
--- matches); the first key typed to the agent brings its view back to the live end.
---@param hit table a hit of the search verb's answer, with the `query` that found it
---@param app botster.AppActions
function search.jump(hit, app)
  app:focus(hit.agent.id)
  app:set_mode("insert")
  if hit.source == "scrollback" and hit.query then app:scroll_search(hit.query) end
end

--- Lists the hits of `query` to choose from (nothing found: a notice).
---@param query string
---@param app botster.AppActions
function search.open(query, app)
  -- (it says so while the search runs: taken off when the answer comes)
  local searching = app:notify("searching every agent for " .. query .. "…", "info", {})
  app:verb("search", { query = query }, function(answer, app2)
    app2:unnotify(searching)
    if not answer.ok then return app2:notify(answer.refused or answer.error, "error") end
    if #answer.hits == 0 then return app2:notify(("no agent has %q (%d lines, %d KB of transcripts)"):format(query, answer.lines, answer.bytes // 1024)) end
    local items = {}
    for i, h in ipairs(answer.hits) do
      h.query = query
      items[i] = { label = label(h), hit = h }
    end
    local more = answer.truncated and " (the first " .. #answer.hits .. ")" or ""
    app2:select(items, { title = ("%d hits for %q%s"):format(#answer.hits, query, more) }, function(choice, app3)
      if choice then search.jump(choice.hit, app3) end
    end)
  end)
end

commands.register("search.all", function(app, arg)
  if arg and arg ~= "" then return search.open(tostring(arg), app) end
  app:input({ title = "Search every agent (screens, scrollback, transcripts)" }, function(text, app2)
    if text and text ~= "" then search.open(text, app2) end
  end)
end, { verb = "search", desc = "Search every agent: screens, scrollback and their CLIs' transcripts (arg: the text)", category = "agents" })
