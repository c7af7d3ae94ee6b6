-- Boxes: an agent CLI runs in a box (bubblewrap on Linux) that reads broadly and writes narrowly:
-- the system and your home read-only, what is secret not there at all, writes only to its folder
-- (its worktree, with what git needs to commit there), what its CLI file declares
-- (clis.define's sandbox.write) and a private /tmp; its own process, IPC and host namespaces, so
-- your processes, other agents and their keepers are not there to see, signal or trace. The hub
-- still sees it: its keeper holds its terminal outside the box. What a boxed agent starts runs in
-- its box. docs/security.md says what a box holds and what it does not.
--
-- Change any of it in user/hooks.lua:
--   settings.sandbox = false                        -- no boxes at all (the hub says which run unboxed)
--   sandbox.boxes.default.network = false           -- agents without network
--   table.insert(sandbox.secrets, "~/work/secret/") -- one more thing no box sees
--   function sandbox.choose(agent) return "strict" end   -- every agent, your shell too, sees only its folder

sandbox = sandbox or {}

--- What no box sees (an empty folder, or an empty file, in its place). `~` is your home; a
--- folder ends with "/".
sandbox.secrets = sandbox.secrets or {
  "~/.ssh/", "~/.gnupg/", "~/.aws/", "~/.azure/", "~/.config/gcloud/", "~/.kube/", "~/.docker/",
  "~/.password-store/", "~/.local/share/keyrings/", "~/.config/gh/", "~/.config/hub",
  "~/.git-credentials", "~/.config/git/credentials", "~/.netrc", "~/.npmrc", "~/.pypirc",
  "~/.cargo/credentials.toml", "~/.cargo/credentials", "~/.config/containers/auth.json",
  -- GitHub Copilot's editor plugins' tokens (copilot.vim, VS Code, JetBrains)
  "~/.config/github-copilot/",
  "~/.bash_history", "~/.zsh_history", "~/.local/share/fish/", "~/.python_history",
  "~/.node_repl_history", "~/.psql_history", "~/.mysql_history", "~/.lesshst", "~/.viminfo",
  "~/.mozilla/", "~/.config/google-chrome/", "~/.config/chromium/", "~/.config/BraveSoftware/",
  -- your session's sockets (D-Bus, keyrings, podman, ssh-agent), your tmux server
  "/run/user/", "/run/dbus/", "/var/run/docker.sock", "/run/docker.sock", "/run/podman/",
}

--- Yours that a box reads but never writes, even inside a folder it writes, there yet or not (the
--- hub makes the folder above one not there read-only). A box never writes your home itself: one
--- started there writes only its CLI's folders (the hub holds that, not this file).
sandbox.protect = sandbox.protect or {
  "~/.bashrc", "~/.bash_profile", "~/.bash_login", "~/.profile", "~/.zshrc", "~/.zshenv", "~/.zprofile",
  "~/.config/", "~/.local/bin/", "~/bin/", "~/.gitconfig", "~/.git/hooks/", "~/.botster/",
}

--- Variables no box keeps: sockets of yours it must not find.
sandbox.unset = sandbox.unset or { "SSH_AUTH_SOCK", "DBUS_SESSION_BUS_ADDRESS", "GPG_AGENT_INFO", "XDG_RUNTIME_DIR" }

--- Your variables every box gets, besides the basics (PATH, HOME, LANG, TERM, ...: the hub's
--- src/box/box-env.ts), what was set for the agent (its profile's, its account's) and what its CLI
--- file names (clis.define's sandbox.vars). A name, or a prefix ending in "*". The rest of the
--- hub's environment (a GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY) stays out of every box.
---   table.insert(sandbox.vars, "AWS_*")   -- Claude Code on Bedrock
sandbox.vars = sandbox.vars or {}

--- The boxes by name (`--sandbox NAME`, a profile's `sandbox = "NAME"`). `read`: "all" (the
--- system and your home, read-only) or "folder" (the system and its folders only). `network`:
--- false (none), or its own network through the hub's proxy: the hosts its CLI file names, those
--- of `network = { allow = { "example.com", "*.example.com", "127.0.0.2:8080" } }`, any other
--- once you let it (`allow = { "*" }`: any host, unasked). `"127.0.0.1:PORT"` is that port of
--- your own loopback (a local model or gateway), at the same address inside the box.
---
--- A box of `runner = "podman"` is a container of `image` (podman; docs/security.md): the image's
--- system, its folders and what its CLI writes mounted at the same paths, your home read-only only
--- when it says read = "all" (what is secret still hidden), what `mount` names read-only. No image
--- is shipped and none is pulled for you here; one of yours, in user/hooks.lua:
---   sandbox.boxes.container = { runner = "podman", image = "localhost/my-agent-image", network = true }
--- "devcontainer" runs it in the image its repository's .devcontainer/devcontainer.json names.
sandbox.boxes = sandbox.boxes or {
  default = { network = true, read = "all" },
  strict = { network = false, read = "folder" },
  devcontainer = { runner = "podman", devcontainer = true, network = true },
}

--- Which box an agent runs in when nothing asked for one (`--sandbox`, a profile's sandbox): every
--- agent CLI (a file of lua/default/clis/ knows its program) in "default"; your shell and plain
--- commands as they are. Yours, in user/hooks.lua, to box everything:
---   function sandbox.choose(agent) return "default" end
---@param agent { command: string, program: string|nil, cwd: string }
---@return string|false
function sandbox.choose(agent)
  return agent.program and clis.find(agent.program) and "default" or false
end

local function copy(list, what)
  if list ~= nil and type(list) ~= "table" then
    error(("%s must be a list of paths, got %s"):format(what or "a box's list", type(list)), 0)
  end
  local out = {}
  for i, v in ipairs(list or {}) do out[i] = v end
  return out
end

-- Every CLI's credentials (clis.define's sandbox.secrets) but those of `own`: what its box does
-- not see (a Codex box does not read Claude Code's login, nor the other way round).
local function others_secrets(own)
  local out = {}
  for _, n in ipairs(clis.names()) do
    local c = clis.list[n]
    if c ~= own and c.sandbox then
      for _, p in ipairs(c.sandbox.secrets or {}) do out[#out + 1] = p end
    end
  end
  return out
end

--- The box named `name` for an agent running `program`, as the hub runs it: the named box with the
--- secrets (every other CLI's too), protected files and the CLI's own needs (clis.define's sandbox)
--- added, and your accounts' folders (all but the one it writes are hidden). nil when no box has
--- that name.
---@param name string
---@param program string|nil
---@return table|nil
function sandbox.resolve(name, program)
  local b = sandbox.boxes[name]
  if type(b) ~= "table" then return nil end
  local runner = b.runner or "bwrap"
  local box = {
    name = name, runner = runner, network = b.network ~= false,
    -- a container sees its image's system, not yours, unless it says read = "all"
    read = b.read or (runner == "podman" and "folder" or "all"),
    write = copy(b.write, "sandbox.boxes." .. name .. ".write"), hide = copy(sandbox.secrets, "sandbox.secrets"),
    protect = copy(sandbox.protect, "sandbox.protect"), env = {}, unset = copy(sandbox.unset, "sandbox.unset"),
  }
  if runner == "podman" then
    box.image, box.devcontainer = b.image, b.devcontainer
    if b.mount then box.mount = copy(b.mount, "sandbox.boxes." .. name .. ".mount") end
  end
  for _, p in ipairs(copy(b.hide, "sandbox.boxes." .. name .. ".hide")) do box.hide[#box.hide + 1] = p end
  box.vars = copy(sandbox.vars, "sandbox.vars")
  for _, v in ipairs(copy(b.vars, "sandbox.boxes." .. name .. ".vars")) do box.vars[#box.vars + 1] = v end
  box.accounts = accounts and accounts.folders and accounts.folders() or {}
  if b.env ~= nil and type(b.env) ~= "table" then error(("sandbox.boxes.%s.env must be a table of NAME = value"):format(name), 0) end
  for k, v in pairs(b.env or {}) do box.env[k] = v end
  local cli = program and clis.find(program)
  for _, p in ipairs(others_secrets(cli)) do box.hide[#box.hide + 1] = p end
  local needs = cli and cli.sandbox
  -- The box's own env is as you wrote it; its CLI's gives way to a variable the agent has (yields).
  box.yields = {}
  if needs then
    for _, p in ipairs(needs.write or {}) do box.write[#box.write + 1] = p end
    for _, v in ipairs(needs.vars or {}) do box.vars[#box.vars + 1] = v end
    for k, v in pairs(needs.env or {}) do
      if box.env[k] == nil then
        box.env[k] = v
        box.yields[#box.yields + 1] = k
      end
    end
    for made, from in pairs(needs.seed or {}) do
      box.seed = box.seed or {}
      box.seed[made] = from
    end
  end
  -- The hosts it reaches through the hub's proxy without asking: the box's (network = { allow =
  -- { ... } }), its CLI's (sandbox.network.allow); any other is a question to you (sandbox_hosts.lua).
  if box.network then
    local own = type(b.network) == "table" and b.network.allow or nil
    box.allow = copy(own, "sandbox.boxes." .. name .. ".network.allow")
    for _, h in ipairs(needs and needs.network and needs.network.allow or {}) do box.allow[#box.allow + 1] = h end
  end
  return box
end

-- Last of the before_agent_spawn handlers: yours may set ev.sandbox (a name, false, or a box of
-- your own) first. A box already resolved (a restart, one an agent's box gave) stays as it is.
local decide

-- A box that cannot be worked out (an error in your sandbox.choose or sandbox.boxes) is an agent
-- that does not start, with why: never the agent without its box.
sandbox.hook = hooks.on("before_agent_spawn", function(ev)
  local ok, a, b = pcall(decide, ev)
  if not ok then return false, "its box could not be worked out: " .. tostring(a) end
  return a, b
end, { name = "sandbox", priority = hooks.LAST })

decide = function(ev)
  if settings.sandbox == false then
    if type(ev.sandbox) ~= "table" or not ev.sandbox.from then ev.sandbox = false end
    return ev
  end
  if type(ev.sandbox) == "table" then return ev end
  local name = ev.sandbox
  if name == nil then name = sandbox.choose(ev) end
  if name == false or name == nil then
    ev.sandbox = false
    return ev
  end
  local box = sandbox.resolve(name, ev.program)
  if not box then return false, ("no box named %q (sandbox.boxes names them)"):format(tostring(name)) end
  ev.sandbox = box
  return ev
end

-- Its row says it runs in a box (▣; the panel title names the box), so an unboxed agent CLI stands out.
layout.piece("agent_list.row", "box", function(_, ctx)
  if type(ctx.agent) ~= "table" or not ctx.agent.box then return nil end
  return ui.span("▣", { fg = "gray" })
end, { order = 10 })

layout.piece("panel.title", "box", function(_, ctx)
  if type(ctx.agent) ~= "table" or not ctx.agent.box then return nil end
  local b = ctx.agent.box
  return ui.span(("▣ %s%s%s"):format(b.name, b.from and (" of " .. b.from) or "", b.network and "" or ", no network"), { fg = "gray" })
end, { order = 10 })

-- Boxes off (settings.sandbox = false): said in the hub's window, naming the agent CLIs that run
-- unboxed (as an error: in red, it is a power you gave away).
sandbox.unboxed_hook = hooks.on("agent_spawned", function(ev, app)
  if settings.sandbox ~= false then return end
  local a = ev.agent
  if a.box or not (a.program and clis.find(a.program)) then return end
  local said = state.get("sandbox_unboxed", {})
  said[#said + 1] = ("%s (id %s)"):format(a.name, a.id)
  app:notify(("boxes are off (settings.sandbox = false): %s run%s unboxed, with all of your powers"):format(
    table.concat(said, ", "), #said == 1 and "s" or ""), "error")
end, { name = "sandbox.unboxed" })

-- agent.box (B): what the focused agent's box lets it see and write, as `botster-tui sandbox AGENT`
-- says it; an unboxed agent says it has all of your powers.
commands.register("agent.box", function(app)
  local a = app.focused
  if not a then return app:notify("no agent to show the box of", "error") end
  app:verb("sandbox", { agent = a.id }, function(answer, app2)
    if not answer.ok then return app2:notify(answer.refused or answer.error, "error") end
    local items = {}
    for line in answer.says:gmatch("[^\n]+") do items[#items + 1] = { label = line } end
    local title = answer.box and ("▣ %s (id %s): box %s"):format(a.name, a.id, answer.box.name) or ("%s (id %s): unboxed"):format(a.name, a.id)
    app2:select(items, { title = title }, function() end)
  end)
end, { verb = "sandbox", desc = "What the focused agent's box lets it see and write (botster-tui sandbox)", category = "agents" })
