-- settings: the hub's options, set from any of your files (user/keybindings.lua is a good place):
--   settings.way_out = "ctrl+]"
--   settings.close_on_clean_exit = true
--   settings.notify = { "bell", "osc9" }
--   settings.on_quit = "detach"
--   settings.agents_drive_others = true
--   settings.keeper_ring_kb = 8192
--   settings.worktree_finish = "rebase"
--   settings.machines = { "devbox", { name = "gpu", ssh = "me@gpu" } }
--   settings.plugins = { "github:someone/botster-clock", "npm:botster-python-repl@1.0.0" }
--   settings.mcp = false
--   settings.sandbox = false           -- agent CLIs run unboxed (lua/default/sandbox.lua)
-- Each assignment is checked at once: a bad value or an unknown name is an error at your line, and
-- the configuration that was live stays live (the way out you had included). Only your own files
-- have `settings`; improvements pushed by agents cannot change them.
-- notify starts from $BOTSTER_NOTIFY (osc9 or osc777) when the hub was started with it.
local env_notify = __botster.env_notify
local DEFAULTS = { way_out = "ctrl+g", close_on_clean_exit = false, notify = (env_notify == "osc9" or env_notify == "osc777") and { "bell", env_notify } or "bell", on_quit = "ask", agents_drive_others = false, worktree_finish = "merge", worktree_prune = false, account_switch_at = 95, resume_at_reset = false, review_busy = "ask", machines = {}, plugins = {}, plugin_indexes = {}, keeper_ring_kb = 2048, mcp = true, pending_cases = false, sandbox = true }
local values, sources = {}, {}
for k, v in pairs(DEFAULTS) do values[k] = v end
__botster.way_out = values.way_out

-- Keys a person types all the time: as the way out they would stop reaching the agent.
local TYPED = { space = true, enter = true, tab = true, backspace = true }

local checks = {}

function checks.way_out(v)
  if type(v) ~= "string" then return nil, ("must be a key like \"ctrl+]\", got %s"):format(type(v)) end
  local ok, chords = pcall(__host_parse_key_spec, v)
  if not ok then return nil, (tostring(chords):gsub("^.-:%d+: ", "")) end
  if #chords ~= 1 then return nil, ("must be a single chord, not the sequence %q"):format(v) end
  local c = chords[1]
  if TYPED[c] or utf8.len(c) == 1 then
    return nil, ("%q is a key you type: choose a chord with ctrl or alt, or a function key"):format(c)
  end
  return c
end

-- Agent CLIs in boxes (lua/default/sandbox.lua); false: none (the hub says which run unboxed).
function checks.sandbox(v)
  if type(v) ~= "boolean" then return nil, ("must be true or false, got %s"):format(type(v)) end
  return v
end

function checks.close_on_clean_exit(v)
  if type(v) ~= "boolean" then return nil, ("must be true or false, got %s"):format(type(v)) end
  return v
end

-- How you are told that an agent you do not see wants you (lua/default/notify.lua): "bell",
-- "osc9"/"osc777" (a desktop notification through your terminal), a command id (run with the
-- text), a list of these, or false (only the notice on screen).
local function notify_way(v)
  return v == "bell" or v == "osc9" or v == "osc777" or (type(v) == "string" and v:match("^[%w_%-]+%.[%w_%.%-]+$") ~= nil)
end
function checks.notify(v)
  if v == false or notify_way(v) then return v end
  if type(v) == "table" then
    local out = {}
    for i, w in ipairs(v) do
      if not notify_way(w) then return nil, ("[%d] must be \"bell\", \"osc9\", \"osc777\" or a command id, got %s"):format(i, type(w) == "string" and ("%q"):format(w) or type(w)) end
      out[i] = w
    end
    return out
  end
  return nil, ("must be \"bell\", \"osc9\", \"osc777\", a command id, a list of these, or false, got %s"):format(type(v) == "string" and ("%q"):format(v) or type(v))
end

-- Whether every agent may type into, read and stop every other without asking you (orchestration);
-- false: an agent drives itself and the agents it started, and asks you for any other.
function checks.agents_drive_others(v)
  if type(v) ~= "boolean" then return nil, ("must be true or false, got %s"):format(type(v)) end
  return v
end

-- Whether each CLI that takes an MCP server gets the hub's (`botster-tui mcp`) for its launch, as
-- its file says (lua/default/clis/, docs/mcp.md); false: none does (a profile's mcp = false: its own).
function checks.mcp(v)
  if type(v) ~= "boolean" then return nil, ("must be true or false, got %s"):format(type(v)) end
  return v
end

-- Whether a screen the agent's own report and the rules read otherwise is kept in
-- $BOTSTER_HOME/corpus/pending/ (botster-tui cases): what an agent's screen says, in a file any
-- process of yours can read, agents among them (docs/security.md#what-your-home-holds).
function checks.pending_cases(v)
  if type(v) ~= "boolean" then return nil, ("must be true or false, got %s"):format(type(v)) end
  return v
end

-- How much of each agent's recent output its keeper holds (KiB): a server that starts after a crash
-- or an upgrade rebuilds the screen and scrollback from it. Output no server got yet is never let go
-- of (the agent waits instead), so this bounds memory, not what survives.
function checks.keeper_ring_kb(v)
  if math.type(v) ~= "integer" or v < 64 or v > 1048576 then
    return nil, ("must be a whole number of KiB from 64 to 1048576, got %s"):format(type(v) == "number" and tostring(v) or type(v))
  end
  return v
end

-- What app.quit (q) does: ask, stop the hub and its agents, or detach this terminal.
local ON_QUIT = { ask = true, stop = true, detach = true }
function checks.on_quit(v)
  if not ON_QUIT[v] then
    return nil, ("must be \"ask\", \"stop\" or \"detach\", got %s"):format(type(v) == "string" and ("%q"):format(v) or type(v))
  end
  return v
end

-- How worktree.finish brings an agent's branch into its base (the dialog offers this one first):
-- "merge" (a merge commit naming the branch) or "rebase" (its commits on top, a straight history).
function checks.worktree_finish(v)
  if v ~= "merge" and v ~= "rebase" then
    return nil, ("must be \"merge\" or \"rebase\", got %s"):format(type(v) == "string" and ("%q"):format(v) or type(v))
  end
  return v
end

-- When worktrees.prune runs by itself: false (never: the command, botster-tui worktrees prune),
-- "start" (once as the hub starts), or a number of hours between prunes.
function checks.worktree_prune(v)
  if v == false or v == "start" or (type(v) == "number" and v > 0 and v == v) then return v end
  return nil, ("must be false, \"start\" or a number of hours, got %s"):format(type(v) == "string" and ("%q"):format(v) or tostring(v))
end

-- The percent of an account's 5-hour window past which an agent moves to the next account with
-- room at the end of its turn (lua/default/accounts.lua); false: never.
function checks.account_switch_at(v)
  if v == false or (type(v) == "number" and v > 0 and v <= 100) then return v end
  return nil, ("must be a percent (1 to 100) or false, got %s"):format(type(v) == "string" and ("%q"):format(v) or tostring(v))
end

-- Whether an agent stopped by its limit, with no account of its CLI left with room, is continued
-- once when its window resets (lua/default/resume_at_reset.lua): false (default), true (it is sent
-- "continue"), or the prompt it is sent.
function checks.resume_at_reset(v)
  if v == false or v == true or (type(v) == "string" and v:match("%S") and not v:find("[%c]")) then return v end
  return nil, ("must be true, false or the prompt it is sent (one line), got %s"):format(type(v) == "string" and ("%q"):format(v) or tostring(v))
end

-- What sending review comments to an agent that is working does: "ask" (you choose: send now,
-- wait for its turn to end, or cancel) or "wait" (they go when its turn ends).
function checks.review_busy(v)
  if v ~= "ask" and v ~= "wait" then
    return nil, ("must be \"ask\" or \"wait\", got %s"):format(type(v) == "string" and ("%q"):format(v) or type(v))
  end
  return v
end

-- Other machines whose hubs' agents are listed beside ours (reached with ssh and botster-tui proxy
-- there): a Host ssh knows, or { name = ..., ssh = ..., home = ..., command = ... }. machines.define
-- (lua/core/machines.lua) names machines reached by any command (podman exec, kubectl exec).
local MACHINE_FIELDS = { name = true, ssh = true, home = true, command = true }
local function machine(i, m)
  if type(m) == "string" then m = { ssh = m } end
  if type(m) ~= "table" then return nil, ("[%d] must be a host (\"devbox\") or { name = ..., ssh = ... }, got %s"):format(i, type(m)) end
  for k in pairs(m) do
    if not MACHINE_FIELDS[k] then return nil, ("[%d]: unknown field %q (name, ssh, home, command)"):format(i, tostring(k)) end
  end
  for _, k in ipairs({ "name", "ssh", "home", "command" }) do
    if m[k] ~= nil and (type(m[k]) ~= "string" or m[k] == "") then return nil, ("[%d].%s must be a non-empty string"):format(i, k) end
  end
  local ssh = m.ssh or m.name
  if not ssh then return nil, ("[%d] needs ssh = \"host\" (a Host of ~/.ssh/config, or user@host)"):format(i) end
  local name = m.name or ssh
  if not name:match("^[%w][%w._@-]*$") then return nil, ("[%d]: the name %q names it in new --machine: letters, digits, . _ @ -"):format(i, name) end
  if name == "local" then return nil, ("[%d]: \"local\" is this machine (give it a name = ...)"):format(i) end
  return { name = name, ssh = ssh, home = m.home, command = m.command }
end
function checks.machines(v)
  if type(v) ~= "table" then return nil, ("must be a list like { \"devbox\", { name = \"gpu\", ssh = \"me@gpu\" } }, got %s"):format(type(v)) end
  local out, seen = {}, {}
  for k in pairs(v) do
    if type(k) ~= "number" then return nil, ("must be a list (no keys like %q)"):format(tostring(k)) end
  end
  for i, m in ipairs(v) do
    local e, err = machine(i, m)
    if not e then return nil, err end
    if seen[e.name] then return nil, ("[%d]: %q is listed twice (give one a name)"):format(i, e.name) end
    seen[e.name] = true
    out[i] = e
  end
  return out
end

-- Plugins you want (docs/plugins.md): sources as botster-tui plugin add takes them. The hub never
-- fetches: one not installed is a notice, and botster-tui plugin install adds them.
function checks.plugins(v)
  if type(v) ~= "table" then return nil, ("must be a list of sources like { \"github:owner/repo\" }, got %s"):format(type(v)) end
  local out = {}
  for k in pairs(v) do
    if type(k) ~= "number" then return nil, ("must be a list (no keys like %q)"):format(tostring(k)) end
  end
  for i, s in ipairs(v) do
    if type(s) ~= "string" or not s:match("%S") then return nil, ("[%d] must be a source (a git URL, github:owner/repo, npm:NAME or a folder), got %s"):format(i, type(s)) end
    out[i] = s
  end
  return out
end

-- Plugin indexes (plugins.index below, docs/plugins.md#finding-plugins): git repositories whose
-- botster-plugins.json lists plugins for botster-tui plugin search.
function checks.plugin_indexes(v)
  local out, err = checks.plugins(v)
  if err then return nil, (err:gsub("a source %(a git URL, github:owner/repo, npm:NAME or a folder%)", "a git repository (a URL, file://, github:owner/repo)")) end
  return out
end

local function names()
  local out = {}
  for k in pairs(DEFAULTS) do out[#out + 1] = k end
  table.sort(out)
  return table.concat(out, ", ")
end

-- An error at the assignment's line; `botster-tui check` collects it and goes on.
local function fail(msg)
  local list = __botster.check_errors
  if list then
    list[#list + 1] = __botster.where(3) .. ": " .. msg
    return
  end
  error(msg, 3)
end

-- The new way out takes its chord in insert mode and the overlay tables: earlier bindings there that use it go.
local function free_way_out(chord)
  local kept = {}
  for _, b in ipairs(__botster.bindings) do
    local uses = false
    if b.mode == "insert" or __botster.overlay_tables[b.mode] then
      for _, c in ipairs(b.keys) do uses = uses or c == chord end
    end
    if uses then
      log.info(("%s: %s %q dropped: %s is the way out now"):format(b.source, b.mode, b.spec, chord))
    else
      kept[#kept + 1] = b
    end
  end
  __botster.bindings = kept
end

settings = setmetatable({}, {
  __index = function(_, k) return values[k] end,
  __newindex = function(_, k, v)
    local check = checks[k]
    -- (no tail calls to fail: the error must point at the assignment, two levels up)
    if not check then
      fail(("unknown setting %q (settings: %s)"):format(tostring(k), names()))
      return
    end
    local value, err = check(v)
    if err then
      fail(("settings.%s %s"):format(k, err))
      return
    end
    values[k] = value
    sources[k] = __botster.where(2)
    if k == "way_out" then
      __botster.way_out = value
      free_way_out(value)
    end
  end,
})

-- For the hub: the values, and where each was set.
function __botster.settings()
  local out = { sources = {} }
  for k, v in pairs(values) do out[k] = v end
  for k, v in pairs(sources) do out.sources[k] = v end
  -- (every machine: these and machines.define's, lua/core/machines.lua)
  if __botster.machines_export then out.machines = __botster.machines_export() end
  return out
end

-- plugins.index(SOURCE): names a plugin index (a git repository with botster-plugins.json at its
-- root, the sources botster-tui plugin add takes) for botster-tui plugin search and plugin info.
-- Your own files only (an improvement's or a plugin's call is refused at its line); the hub never
-- fetches it by itself.
plugins = {}
function plugins.index(source)
  if type(source) ~= "string" or not source:match("%S") then
    error(("plugins.index: give a git repository (a URL, file://, github:owner/repo), got %s"):format(type(source)), 2)
  end
  local list = {}
  for i, s in ipairs(values.plugin_indexes) do
    if s == source then return end
    list[i] = s
  end
  list[#list + 1] = source
  values.plugin_indexes = list
  sources.plugin_indexes = __botster.where(2)
end
