-- The default policy: decides what happens to an improvement an agent pushes, and to a pipeline
-- run an agent asks for (`botster-tui pipeline run FILE.lua` from inside the hub).
--
-- To change it, copy this file to $BOTSTER_HOME/user/policy.lua and edit the copy; the hub uses
-- your copy instead of this one (the whole file: keep or rewrite the helpers you need).
--
-- The hub calls the global `review(change)` before an improvement goes live (or an agent's
-- pipeline run starts) and does what the table it returns says: its `decision` ("autonomous": at
-- once; "collaborative": you are asked, a question that waits until you open it; "escalated":
-- refused), `confidence` (0..1), `reasoning` (shown to you and the agent: what triggered the rule),
-- optionally `rule` and, for an improvement, `grant` (what it may reach outside the hub; these rules
-- grant nothing). `change` is plain data the hub worked out; change.kind says what it is
-- ("improvement" or "pipeline"). Every field of both, and the sandbox the policy runs in (an error,
-- running too long or a bad answer refuses the change: it fails closed), are in lua/meta/policy.lua
-- (botster.Change, botster.Decision) and docs/lua/improvements.md.
--
-- The rules, first match wins: review() at the end of this file says each where it decides (1 to 6
-- for an improvement, 7 for a pipeline run an agent asks for).

-- ---------------------------------------------------------------------------------------------
-- Settings

-- Modes whose unbound keys go to the focused agent. Add your own passthrough modes here.
local PASSTHROUGH_MODES = { insert = true }

-- The key that leaves insert mode when the hub does not say (change.way_out is the live one).
local WAY_OUT = "ctrl+g"

-- Keys shells and agent CLIs need; an improvement must not take them in a passthrough mode.
-- (ctrl+r and ctrl+b are worth protecting too if you use shell history search or tmux/readline.)
local RESERVED_KEYS = {
  ["ctrl+c"] = "interrupt (SIGINT)",
  ["ctrl+d"] = "end of input",
  ["ctrl+z"] = "suspend (SIGTSTP)",
  ["ctrl+\\"] = "quit (SIGQUIT)",
}

-- What an improvement may ask of agents that makes the policy ask you (rule 3d): change.drives
-- words, as a reasoning says them. Starting agents ("spawn") is not asked for: what it starts is
-- its own. Moving the view ("focus") is asked for when the file acts by itself (a hook or a timer):
-- at your keys the view is yours, but a hook or a timer would move it while you read or type.
local AGENT_REQUESTS_ASKED = {
  kill = "stop",
  restart = "restart",
  close = "close",
  send = "type into",
}
local ASKED_WHEN_ALONE = { focus = "move your view to" }

-- How many items a reasoning lists before it says "and N more".
local MAX_LISTED = 3

-- ---------------------------------------------------------------------------------------------
-- Helpers (plain Lua; use them in your own rules)

local MODIFIER_ALIASES = { ctrl = "ctrl", control = "ctrl", alt = "alt", meta = "alt", option = "alt", opt = "alt", shift = "shift" }

--- One chord in canonical form ("Ctrl+Shift+C" -> "ctrl+c", "shift+alt+x" -> "alt+shift+x"). The
--- hub already sends canonical keys; this only makes hand-written rules and odd input agree.
---@param chord string
---@return string
local function normalize_chord(chord)
  local mods = {}
  local rest = chord
  while true do
    local word, after = rest:match("^(%a+)%+(.+)$")
    local mod = word and MODIFIER_ALIASES[word:lower()]
    if not mod then break end
    mods[mod] = true
    rest = after
  end
  local name = rest
  if #name > 1 then name = name:lower() end
  -- With ctrl, letter case and shift are dropped: terminals send the same byte for all of them.
  if mods.ctrl and name:match("^%a$") then
    name = name:lower()
    mods.shift = nil
  end
  return (mods.ctrl and "ctrl+" or "") .. (mods.alt and "alt+" or "") .. (mods.shift and "shift+" or "") .. name
end

--- The chords of a key sequence: "ctrl+a c" -> { "ctrl+a", "c" }.
---@param key string
---@return string[]
local function chords(key)
  local out = {}
  for chord in tostring(key):gmatch("%S+") do out[#out + 1] = normalize_chord(chord) end
  return out
end

--- The first chord of a key sequence (the one pressing it takes away from the agent).
---@param key string
---@return string|nil
local function first_chord(key)
  return chords(key)[1]
end

--- Whether unbound keys in this mode go to the agent (so binding one takes it away).
---@param mode string
---@return boolean
local function is_passthrough(mode)
  return PASSTHROUGH_MODES[mode] == true
end

--- Whether a mode/key pair touches the way out (a sequence that uses it, in a passthrough mode).
---@param mode string
---@param key string
---@param way_out string  the canonical chord, e.g. change.way_out
---@return boolean
local function touches_way_out(mode, key, way_out)
  if not is_passthrough(mode) then return false end
  for _, c in ipairs(chords(key)) do
    if c == way_out then return true end
  end
  return false
end

--- `"insert ctrl+a c"`, for reasoning text.
---@param entry { mode: string, key: string }
---@return string
local function describe_key(entry)
  return tostring(entry.mode) .. ' "' .. tostring(entry.key) .. '"'
end

--- Joins the first MAX_LISTED descriptions: "a, b, c and 2 more".
---@param items string[]
---@return string
local function list(items)
  local shown = {}
  for i = 1, math.min(#items, MAX_LISTED) do shown[i] = items[i] end
  local text = table.concat(shown, ", ")
  if #items > MAX_LISTED then text = text .. " and " .. (#items - MAX_LISTED) .. " more" end
  return text
end

--- "1 binding", "2 commands".
---@param n integer
---@param word string
---@return string
local function plural(n, word)
  return n .. " " .. word .. (n == 1 and "" or "s")
end

--- The existing binding (an entry of change.replaces) at mode/key, if the hub found one.
---@param change botster.Change
---@param mode string
---@param key string
---@return botster.ChangeReplace|nil
local function replaced_binding(change, mode, key)
  for _, r in ipairs(change.replaces or {}) do
    if r.mode == mode and table.concat(chords(r.key), " ") == table.concat(chords(key), " ") then return r end
  end
  return nil
end

--- Builds the table review() returns.
---@param decision botster.PolicyDecision
---@param confidence number
---@param reasoning string
---@param rule? string
---@return botster.Decision
local function decide(decision, confidence, reasoning, rule)
  return { decision = decision, confidence = confidence, reasoning = reasoning, rule = rule }
end

-- ---------------------------------------------------------------------------------------------
-- Rules

--- Everything a change does to existing keys, by the layer it comes from: replaced bindings and
--- unbinds (an unbind the hub found no binding for counts as layer "unknown").
---@param change botster.Change
---@return table<string, string[]> by_layer
local function removed_by_layer(change)
  local by_layer = {}
  local function add(layer, text)
    by_layer[layer] = by_layer[layer] or {}
    table.insert(by_layer[layer], text)
  end
  for _, r in ipairs(change.replaces or {}) do
    add(r.layer or "unknown", describe_key(r) .. " (" .. tostring(r.source) .. ")")
  end
  for _, u in ipairs(change.unbinds or {}) do
    if not replaced_binding(change, u.mode, u.key) then add("unknown", "unbinds " .. describe_key(u)) end
  end
  return by_layer
end

--- What a change adds, in words: "adds 1 binding (insert "x"), 2 hooks (...)", or "registers nothing".
---@param change botster.Change
---@return string
local function describe_adds(change)
  local parts = {}
  -- "2 bindings (insert "x", normal "y")": how many there are, and the first few by `name`.
  local function add(items, word, name, extra)
    if #(items or {}) == 0 then return end
    local names = {}
    for i, x in ipairs(items) do names[i] = name(x) end
    parts[#parts + 1] = plural(#items, word) .. " (" .. list(names) .. ")" .. (extra or "")
  end
  add(change.bindings, "binding", describe_key)
  add(change.commands, "command", function(c) return tostring(c.id) end)
  add(change.hooks, "hook", function(h) return tostring(h.event) end)
  local c = change.corpus
  add(change.adapters, "status adapter", function(a) return tostring(a.name) end,
    c and (", " .. c.before .. " -> " .. c.after .. " of " .. c.cases .. " state-detection cases right"))
  local failing = {}
  for _, p in ipairs(change.pieces or {}) do
    if p.error then failing[#failing + 1] = p.error end
  end
  add(change.pieces, "layout piece", function(p) return p.slot .. " " .. p.name end,
    #failing > 0 and (", failing on sample data: " .. list(failing)) or nil)
  return #parts > 0 and ("adds " .. table.concat(parts, ", ")) or "registers nothing"
end

--- "3 agents (claude, codex in worktrees)" and what it runs: what a pipeline run would start.
---@param p botster.ChangePipeline
---@return string
local function describe_pipeline(p)
  local who, in_worktrees = {}, 0
  for i, s in ipairs(p.steps or {}) do
    who[i] = tostring(s.profile or s.command) .. (s.fans_out and " (once per item)" or "")
    if s.worktree then in_worktrees = in_worktrees + 1 end
  end
  local text = plural(#who, "step") .. " (" .. list(who) .. ")"
  if in_worktrees > 0 then text = text .. ", " .. in_worktrees .. " in worktrees of their own" end
  text = text .. ", at most " .. tostring(p.max_agents) .. " at once"
  local runs = {}
  for i, cmd in ipairs(p.runs or {}) do runs[i] = "`" .. tostring(cmd) .. "`" end
  if #runs > 0 then text = text .. "; runs " .. list(runs) end
  return text
end

--- 7. collaborative: a pipeline run an agent asks for, every one: it starts agents and types prompts
--- into them (and runs its checks in a shell), so you are asked; the reasoning says what it would
--- start and run. (Your copy may say autonomous for some, or escalated: refused.)
---@param change botster.Change
---@return botster.Decision
local function review_pipeline(change)
  local who = change.agent_name or change.agent_id or "an agent"
  return decide("collaborative", 0.9,
    tostring(who) .. " asks to run pipeline " .. tostring(change.name) .. ": " .. describe_pipeline(change.pipeline or {})
      .. "; it starts agents and types into them, so you decide",
    "pipeline-run")
end

---@param change botster.Change
---@return botster.Decision
function review(change)
  if change.kind == "pipeline" then return review_pipeline(change) end

  local bindings = change.bindings or {}

  -- 1. escalated: touches the way out: binds, unbinds or replaces a key sequence that uses the way
  -- out (change.way_out, ctrl+g by default) in insert mode.
  local out = normalize_chord(change.way_out or WAY_OUT)
  local way_out = {}
  for _, b in ipairs(bindings) do
    if touches_way_out(b.mode, b.key, out) then way_out[#way_out + 1] = "binds " .. describe_key(b) end
  end
  for _, u in ipairs(change.unbinds or {}) do
    if touches_way_out(u.mode, u.key, out) then way_out[#way_out + 1] = "unbinds " .. describe_key(u) end
  end
  for _, r in ipairs(change.replaces or {}) do
    if touches_way_out(r.mode, r.key, out) then way_out[#way_out + 1] = "replaces " .. describe_key(r) end
  end
  if #way_out > 0 then
    return decide("escalated", 0.99,
      list(way_out) .. ": " .. out .. " is the way out of insert mode and no improvement may touch it",
      "way-out")
  end

  -- 2. escalated: binds a key the shell and agent CLIs need in insert mode: ctrl+c, ctrl+d, ctrl+z,
  -- ctrl+\ (or a sequence that starts with one, which steals it just the same).
  local stolen = {}
  for _, b in ipairs(bindings) do
    local what = is_passthrough(b.mode) and RESERVED_KEYS[first_chord(b.key)]
    if what then stolen[#stolen + 1] = "binds " .. describe_key(b) .. " (" .. what .. ")" end
  end
  if #stolen > 0 then
    return decide("escalated", 0.95,
      list(stolen) .. ": shells and agent CLIs need that key, so an improvement may not take it",
      "reserved-key")
  end

  -- 3. escalated: its status adapters read a state-detection case worse than the live ones do (one
  -- read right is not any more); the answer lists the cases it broke.
  local corpus = change.corpus
  if corpus and #(corpus.broken or {}) > 0 then
    return decide("escalated", 0.99,
      "its status adapters read " .. plural(#corpus.broken, "state-detection case") .. " wrong that are read right now ("
        .. corpus.before .. " -> " .. corpus.after .. " of " .. corpus.cases .. " right): " .. list(corpus.broken),
      "breaks-state-cases")
  end

  -- 3a. escalated: a layout piece larger than its slot allows on sample data (a piece may not take
  -- over the screen; the hub also cuts every piece to its slot's size).
  local pieces = change.pieces or {}
  local too_big = {}
  for _, p in ipairs(pieces) do
    if not p.fits then
      local unit = p.kind == "text" and "cells" or "rows"
      too_big[#too_big + 1] = ("%s in %s takes %s %s, the slot allows %d (%s)"):format(
        p.name, p.slot, p.size and tostring(p.size) or "all the", unit, p.limit, tostring(p.source))
    end
  end
  if #too_big > 0 then
    return decide("escalated", 0.95,
      "a layout piece may not take over the screen: " .. list(too_big),
      "piece-too-large")
  end

  -- 3d. collaborative: its hooks, bindings or commands can stop, restart, close or type into agents
  -- (change.drives: kill, restart, close, send), or move your view to one (focus) from a hook or a
  -- timer. At run time an improvement drives only what the agent that pushed it may (and what it
  -- started itself), but what it would do is yours to see first.
  local acts = {}
  local alone = change.timers or #(change.hooks or {}) > 0
  for _, word in ipairs(change.drives or {}) do
    local says = AGENT_REQUESTS_ASKED[word] or (alone and ASKED_WHEN_ALONE[word])
    if says then acts[#acts + 1] = says end
  end
  if #acts > 0 then
    return decide("collaborative", 0.9,
      "its hooks, bindings or commands can " .. list(acts) .. " agents (held to what agent "
        .. tostring(change.agent_id or "?") .. " may drive)",
      "drives-agents")
  end

  local removed = removed_by_layer(change)

  -- 3b. collaborative: replaces or unbinds a binding of your own files (layer "user") or of a plugin
  -- you added (layer "plugin").
  if removed.user then
    return decide("collaborative", 0.9,
      "replaces your own binding" .. (#removed.user == 1 and "" or "s") .. ": " .. list(removed.user),
      "replaces-user-binding")
  end
  if removed.plugin then
    return decide("collaborative", 0.9,
      "replaces a binding of a plugin you added: " .. list(removed.plugin),
      "replaces-plugin-binding")
  end

  -- 3c. collaborative: replaces a layout piece of your own files or a shipped one (same slot, name).
  local replaced_pieces = {}
  for _, p in ipairs(pieces) do
    local r = p.replaces
    if r and r.layer ~= "improvement" then
      replaced_pieces[#replaced_pieces + 1] = p.slot .. " " .. p.name .. " (" .. tostring(r.source) .. ")"
    end
  end
  if #replaced_pieces > 0 then
    return decide("collaborative", 0.85,
      "replaces your layout piece" .. (#replaced_pieces == 1 and "" or "s") .. ": " .. list(replaced_pieces),
      "replaces-user-piece")
  end

  -- 4. collaborative: replaces or unbinds a shipped binding (layer "default" or "builtin"), or
  -- unbinds something the hub could not place: a key you know changes meaning.
  local shipped = {}
  for _, layer in ipairs({ "builtin", "default", "unknown" }) do
    for _, text in ipairs(removed[layer] or {}) do shipped[#shipped + 1] = text end
  end
  if #shipped > 0 then
    return decide("collaborative", 0.8,
      "changes what a shipped key does: " .. list(shipped),
      "replaces-shipped-binding")
  end

  -- 5. collaborative: overrides a command of your own files, of the shipped Lua or a built-in one
  -- (agent.next, agent.spawn, ...): what a key already does changes.
  local overridden = {}
  for _, o in ipairs(change.overrides or {}) do
    if o.layer ~= "improvement" then overridden[#overridden + 1] = tostring(o.id) .. " (" .. tostring(o.source) .. ")" end
  end
  if #overridden > 0 then
    return decide("collaborative", 0.8,
      "overrides " .. plural(#overridden, "existing command") .. ": " .. list(overridden),
      "overrides-command")
  end

  -- 6. autonomous: everything else, only new bindings, commands, hooks and pieces (a new piece in any
  -- slot, which pieces share; replacing what other improvements made is fine too: every improvement
  -- is versioned and can be reverted).
  local adds = describe_adds(change)
  if removed.improvement then
    return decide("autonomous", 0.8,
      adds .. "; replaces bindings of other improvements (revertible): " .. list(removed.improvement),
      "replaces-improvement-binding")
  end
  return decide("autonomous", 0.9, adds .. "; replaces nothing", "new-only")
end
