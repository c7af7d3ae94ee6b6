-- Dialogs as ordinary commands over app:select and app:input: the host filters, moves the cursor
-- and draws; this file chooses what is offered and what a choice does. Override any of them in
-- $BOTSTER_HOME/user/hooks.lua with commands.register(id, function(app, arg) ... end).

--- A new agent is there to be typed into: start it, then insert mode.
local function start(app, spec)
  -- (the new verb: its answer where Lua waits, a failure said on screen; nil: sent, not waited for)
  local answer = app:spawn(spec)
  if answer == nil or answer.ok then app:set_mode("insert") end
end

--- One line describing a profile: its command line and where it runs.
local function describe(p)
  local line = p.command
  for _, a in ipairs(p.args or {}) do line = line .. " " .. a end
  if p.cwd then line = line .. "  (in " .. p.cwd .. ")" end
  return line
end

--- The program a profile runs first ("claude" for "claude --model x" or "env A=1 claude").
local function first_program(p)
  for word in tostring(p.command or ""):gmatch("%S+") do
    if not word:find("=", 1, true) and word ~= "env" then return word:match("[^/]+$") end
  end
end

--- Can an agent CLI's program start here? nil when it can; else why not ("codex is not installed
--- (no codex on your PATH)"). A program that is no agent CLI (your own script) is not judged.
function profiles.cannot_run(program)
  local c = clis.find(program or "")
  if not c or files.which(program) then return nil end
  return ("%s is not installed (no %s on your PATH)"):format(program, program)
end

--- What a new agent may be, as `c` (New agent), worktree.new and the web's /new offer it: the
--- user's shell, every listed profile from user/profiles.lua whose CLI is installed, then each agent
--- CLI installed on the hub's PATH that no listed profile runs already (started by its command, so
--- its box comes with it: sandbox.choose); each { label, description, spec }. One that is not
--- installed is not offered; one whose box cannot be made says so.
function profiles.offered(app)
  local items = { { label = "shell", description = app.shell, spec = { command = app.shell, args = {} } } }
  local runs = {}
  for _, p in ipairs(profiles.list or {}) do
    -- The shipped profiles (each CLI's resume, lua/default/clis/) are not listed; yours are.
    local program = first_program(p)
    if p.listed ~= false and not profiles.cannot_run(program) then
      items[#items + 1] = { label = p.name, description = describe(p), spec = { command = "profile:" .. p.name } }
      local c = clis.find(program or "")
      if c then runs[c.name] = true end
    end
  end
  for _, name in ipairs(clis.names()) do
    local c = clis.find(name)
    local found = c and not runs[name] and c.command and files.which(c.command)
    if found then
      local ok, box = pcall(sandbox.choose, { program = c.command, command = c.command })
      local boxed = settings.sandbox ~= false and ok and box and (", box " .. tostring(box)) or ""
      -- A box that cannot be made here is said before it is picked, not after it failed to start.
      local resolved = boxed ~= "" and sandbox.resolve(box, c.command)
      local runner = resolved and (resolved.runner == "podman" and "podman" or "bwrap")
      if runner and not files.which(runner) then
        boxed = (", box %s: cannot start, %s is not installed (apt install %s; or settings.sandbox = false in user/hooks.lua)"):format(
          tostring(box), runner == "bwrap" and "bubblewrap" or "podman", runner == "bwrap" and "bubblewrap" or "podman")
      end
      items[#items + 1] = {
        label = c.command,
        description = ("%s (%s%s)"):format(c.title or c.name, found, boxed),
        spec = { command = c.command, args = {} },
      }
    end
  end
  return items
end

-- agent.new (c; its older id agent.spawn): with an argument, that command; else the spawn dialog
-- (profiles.offered; a command line typed that matches none of them runs), or the shell at once
-- when there is nothing else (no profile, no agent CLI installed). The agent.new verb's face.
commands.register("agent.new", function(app, arg)
  if type(arg) == "table" then arg = next(arg) ~= nil and arg or nil end
  if arg ~= nil then return start(app, arg) end
  local items = profiles.offered(app)
  if #items == 1 then return start(app, items[1].spec) end
  app:select(items, { title = "New agent", text = "Pick one, or type a command line and press Enter to run it", typed = true }, function(choice, app2)
    if choice then start(app2, choice.typed or choice.spec) end
  end)
end, { desc = "Start a new agent and type into it (arg: a command line; default $SHELL)", category = "agents" })

-- An agent at work (running) or asking you something (waiting) is stopped only once you say so:
-- x and r ask first; an idle, done or exited one goes at once. `then_do(app)` runs on "yes".
local function unless_busy(app, a, verb, then_do)
  if a.status == "exited" or (a.state ~= "running" and a.state ~= "waiting") then return then_do(app) end
  local doing = a.state == "waiting" and ("waits for you" .. (a.reason and (": " .. a.reason) or "")) or "is at work"
  app:select({
    { label = "keep it", description = "leave it running" },
    { label = verb, description = ("%s %s (its work in flight is lost)"):format(verb, a.name), go = true },
  }, { title = ("%s %s? It %s"):format(verb:gsub("^%l", string.upper), a.name, doing), about = { a } }, function(choice, app2)
    if choice and choice.go then then_do(app2) end
  end)
end

-- The agent a verb's face acts on: its arguments' agent (a key bound to { verb = "agent.kill",
-- agent = 3 }: an id, a name or "id:ID"), else the focused one.
local function chosen(app, arg)
  local want = type(arg) == "table" and arg.agent or nil
  if want == nil or want == "focused" then return app.focused end
  if type(want) == "table" then return want end
  local id = tostring(math.type(want) == "float" and math.floor(want) or want):gsub("^id:", "")
  for _, a in ipairs(app.agents or {}) do
    if a.id == id or a.name == want then return a end
  end
end

-- agent.kill (x): stops the focused agent (one that exited is closed), asking first while it works or waits.
commands.register("agent.kill", function(app, arg)
  local a = chosen(app, arg)
  if not a then return commands.run("agent.kill", arg) end
  -- The kill verb, as `botster-tui kill` and the web's stop (one that exited: the close verb). A
  -- before_agent_kill handler's refusal is said where it refuses; any other failure is said here.
  local function said(answer, app3)
    if not answer.ok and answer.reason ~= "refused" then app3:notify("stop: " .. tostring(answer.error), "error") end
  end
  unless_busy(app, a, "stop", function(app2)
    if a.status == "exited" then return app2:verb("agent.close", { agent = a }, said) end
    app2:kill(a.id, said)
  end)
end, { desc = "Stop the focused agent (asks while it works or waits; one that exited is closed)", category = "agents" })

-- agent.restart: the focused agent again, with the same number. One started from a profile runs
-- the profile as it is now (edits included), unless it has a worktree: then the same command in the
-- same folder. Asks first while it works or waits.
commands.register("agent.restart", function(app, arg)
  local a = chosen(app, arg)
  if not a then return end
  unless_busy(app, a, "restart", function(app2)
    if a.profile and not a.branch then
      app2:restart(a.id, { command = "profile:" .. a.profile })
    else
      app2:restart(a.id)
    end
  end)
end, { desc = "Restart the focused agent with the same command (asks while it works or waits)", category = "agents" })

-- scroll.search: a prompt; enter searches the focused agent's scrollback (n/N step through).
commands.register("scroll.search", function(app)
  if not app.focused then return app:notify("no agent to search", "error") end
  -- with the review panel open, normal mode's keys search its diff
  local title = app.review and app.mode ~= "insert" and "Search the diff" or "Search scrollback"
  app:input({ title = title }, function(text, app2)
    if text and text ~= "" then app2:scroll_search(text) end
  end)
end, { desc = "Search the focused agent's scrollback (matches highlighted)", category = "scroll" })

-- client.quit (q), the client.quit verb's face: leave the hub with its agents running, or stop
-- them all? settings.on_quit = "ask" (the default) asks; "stop" and "detach" act at once. Each runs
-- the command of its verb (hub.stop runs the before_quit hooks first: one may refuse); escape or
-- "cancel" goes back to the hub.
local QUIT_CHOICES = {
  { label = "detach", description = "Detach: the agents keep running (botster-tui attach comes back)", run = "client.detach" },
  { label = "stop", description = "Stop the hub and its agents (botster-tui --restore starts them again)", run = "hub.stop" },
  { label = "cancel", description = "Back to the hub" },
}

commands.register("client.quit", function(app)
  local how = settings.on_quit
  if how == "stop" then return app:run("hub.stop") end
  if how == "detach" then return app:run("client.detach") end
  app:select(QUIT_CHOICES, { title = "Quit: detach or stop the agents?" }, function(choice, app2)
    if choice and choice.run then app2:run(choice.run) end
  end)
end, { desc = "Quit: detach (the agents keep running) or stop the hub and its agents; asks unless settings.on_quit says", category = "app" })
