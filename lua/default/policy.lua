-- The default policy: decides what happens to an improvement an agent pushes, and to a pipeline
-- run an agent asks for (`botster-tui pipeline run FILE.lua` from inside the hub).
--
-- To change it, copy this file to $BOTSTER_HOME/user/policy.lua and edit the copy; the hub uses
-- your copy instead of this one (the whole file: keep or rewrite the helpers you need).
--
-- The hub calls the global `review(change)` before an improvement goes live (or an agent's
-- pipeline run starts), and uses the table it returns:
--   decision   "autonomous"    goes live (the run starts) at once
--              "collaborative" the hub asks you to accept or reject it (a question: it waits until
--                              you open it, Ctrl+g o, and never takes the keys you type)
--              "escalated"     refused
--   confidence a number from 0 to 1 (how sure the rule is)
--   reasoning  a non-empty string shown to you and to the agent: say what triggered the rule
--   rule       (optional) a short name for the rule that decided
--   grant      (optional, improvements) what it may reach outside the hub, which it cannot
--              otherwise: { net = { "ntfy.sh" }, run = { "gh" }, git = true } (hosts for http,
--              programs for process.run, git's facts). These rules grant nothing.
--
-- `change` is plain data the hub has already worked out (see lua/meta/policy.lua). change.kind says
-- what it is: "improvement" or "pipeline" (a policy that ignores kind sees a pipeline run as a
-- change that registers nothing).
--
-- An improvement (change.kind == "improvement"):
--   change.name, change.agent_id (nil when dropped in by hand), change.source (the Lua file),
--   change.uses      what its source calls outside the hub: "http", "process", "git" (a hint:
--                    it reaches only what `grant` gives it)
--   change.drives    what it can ask of agents: "kill", "restart", "close", "send", "spawn",
--                    "focus" (read from its source and bindings, a hint: at run time it drives only
--                    the agents it started and those the agent that pushed it may)
--   change.timers    true when its source starts timers (timer.after, timer.every): it acts by itself
--   change.bindings  { mode, key, action, desc }   key is canonical: "ctrl+a c", "ctrl+\\"
--   change.commands  { id, desc }
--   change.hooks     { event, name }
--   change.replaces  { mode, key, source, layer }  existing bindings it would replace;
--                    layer is "builtin", "default", "plugin" (a plugin you added), "user" (your
--                    files) or "improvement"
--   change.unbinds   { mode, key }
--   change.overrides { id, source, layer }  existing commands it would replace (its own id wins)
--   change.way_out   the live way out of insert mode ("ctrl+g", or what settings.way_out chose)
--   change.adapters  { name, priority }  status adapters it adds or replaces (same name replaces)
--   change.corpus    with adapters: the state-detection cases (shipped, and those you saved with
--                    `botster-tui status AGENT --save-case STATE`) run without and with it:
--                    { cases, before, after, broken = { "claude: ... (expected waiting, now idle)" }, fixed }
--   change.pieces    layout pieces, each run once on sample data: { slot, name, order, source, kind,
--                    limit, size, fits, sample, error, replaces = { source, layer } } (size and
--                    limit in cells for text slots, rows for widget slots; size nil: unbounded)
--
-- A pipeline run an agent asks for (change.kind == "pipeline"; the file was loaded on trial in a
-- sandbox, none of its code ran as yours):
--   change.name (the pipeline's id), change.agent_id, change.agent_name (nil if the hub does not
--   know the agent), change.source (the file's Lua; nil for a pipeline of your own files)
--   change.pipeline  { id, description, file, cwd, vars, strategy, merge = { kind, finish },
--                    max_agents, steps, runs }
--     steps          { id, profile or command, worktree, cwd, prompt, prompt_as, check,
--                    depends_on, fans_out }  who runs each step (a summarize merge's step last);
--                    prompt and check with --var filled in; fans_out: once per item of a list
--     runs           every shell command it runs besides its agents (checks, command context)
--
-- The policy runs sandboxed (no io, no os beyond time/clock/date, no require) with a small time and
-- memory budget. If it errors, runs too long, or returns anything else than the table above, the
-- change is refused ("fails closed"), with the error as the reasoning.
--
-- The default rules for an improvement, first match wins:
--   1. escalated     touches the way out: binds, unbinds or replaces a key sequence that uses the
--                    way out (change.way_out, ctrl+g by default) in insert mode
--   2. escalated     binds a key the shell and agent CLIs need in insert mode: ctrl+c, ctrl+d,
--                    ctrl+z, ctrl+\ (or a sequence that starts with one, which steals it just the same)
--   3. escalated     its status adapters make a state-detection case worse (one that was read
--                    right is not any more): the answer lists the cases it broke
--   3a. escalated     a layout piece larger than its slot allows on sample data (a piece may not
--                    take over the screen; the hub also cuts every piece to its slot's size)
--   3b. collaborative replaces or unbinds a binding from your own files (layer "user") or from a
--                    plugin you added (layer "plugin")
--   3c. collaborative replaces a layout piece of your own files or a shipped one (same slot and name)
--   3d. collaborative its hooks, bindings or commands can stop, restart, close or type into agents
--                    (change.drives: kill, restart, close, send), or move your view to one (focus)
--                    from a hook or a timer
--   4. collaborative replaces or unbinds a shipped binding (layer "default" or "builtin"), or
--                    unbinds something the hub could not place: a key you know changes meaning
--   5. collaborative overrides a command of your own files, of the shipped Lua or a built-in one
--                    (agent.next, agent.spawn, ...): what a key already does changes
--   6. autonomous    everything else: only new bindings, commands, hooks and pieces (a new piece in
--                    any slot, which pieces share; replacing bindings, commands or pieces that other
--                    improvements made is fine too: every improvement is versioned and can be reverted)
--
-- The default rule for a pipeline run an agent asks for:
--   7. collaborative every one: a pipeline starts agents and types prompts into them (and runs its
--                    checks in a shell), so you are asked; the reasoning says what it would start
--                    and run. (Your copy may say autonomous for some, or escalated: refused.)

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

--- 7. A pipeline run an agent asks for.
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
  local commands = change.commands or {}
  local hooks = change.hooks or {}

  -- 1. The way out.
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

  -- 2. Keys the shell and agents need.
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

  -- 3. Status adapters must not read any known screen worse than the live ones do.
  local corpus = change.corpus
  if corpus and #(corpus.broken or {}) > 0 then
    return decide("escalated", 0.99,
      "its status adapters read " .. plural(#corpus.broken, "state-detection case") .. " wrong that are read right now ("
        .. corpus.before .. " -> " .. corpus.after .. " of " .. corpus.cases .. " right): " .. list(corpus.broken),
      "breaks-state-cases")
  end

  -- 3a. Pieces that would take over the screen.
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

  -- 3d. Acting on agents: stopping, restarting, closing or typing into them. At run time an
  -- improvement drives only what the agent that pushed it may (and what it started itself), but
  -- what it would do is yours to see first.
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

  -- 3b. Your own bindings, and those of the plugins you added.
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

  -- 3c. Your own pieces, or shipped ones.
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

  -- 4. Shipped bindings, and unbinds the hub could not place.
  local shipped = {}
  for _, layer in ipairs({ "builtin", "default", "unknown" }) do
    for _, text in ipairs(removed[layer] or {}) do shipped[#shipped + 1] = text end
  end
  if #shipped > 0 then
    return decide("collaborative", 0.8,
      "changes what a shipped key does: " .. list(shipped),
      "replaces-shipped-binding")
  end

  -- 5. Commands that already do something (built-in, shipped or yours).
  local overridden = {}
  for _, o in ipairs(change.overrides or {}) do
    if o.layer ~= "improvement" then overridden[#overridden + 1] = tostring(o.id) .. " (" .. tostring(o.source) .. ")" end
  end
  if #overridden > 0 then
    return decide("collaborative", 0.8,
      "overrides " .. plural(#overridden, "existing command") .. ": " .. list(overridden),
      "overrides-command")
  end

  -- 6. New things only (or replacing what other improvements bound).
  local parts = {}
  if #bindings > 0 then
    local keys = {}
    for i, b in ipairs(bindings) do keys[i] = describe_key(b) end
    parts[#parts + 1] = plural(#bindings, "binding") .. " (" .. list(keys) .. ")"
  end
  if #commands > 0 then
    local ids = {}
    for i, c in ipairs(commands) do ids[i] = tostring(c.id) end
    parts[#parts + 1] = plural(#commands, "command") .. " (" .. list(ids) .. ")"
  end
  if #hooks > 0 then
    local events = {}
    for i, h in ipairs(hooks) do events[i] = tostring(h.event) end
    parts[#parts + 1] = plural(#hooks, "hook") .. " (" .. list(events) .. ")"
  end
  if #(change.adapters or {}) > 0 then
    local names = {}
    for i, a in ipairs(change.adapters) do names[i] = tostring(a.name) end
    local c = change.corpus
    parts[#parts + 1] = plural(#change.adapters, "status adapter") .. " (" .. list(names) .. ")"
      .. (c and (", " .. c.before .. " -> " .. c.after .. " of " .. c.cases .. " state-detection cases right") or "")
  end
  if #pieces > 0 then
    local names, failing = {}, {}
    for i, p in ipairs(pieces) do
      names[i] = p.slot .. " " .. p.name
      if p.error then failing[#failing + 1] = p.error end
    end
    parts[#parts + 1] = plural(#pieces, "layout piece") .. " (" .. list(names) .. ")"
      .. (#failing > 0 and (", failing on sample data: " .. list(failing)) or "")
  end
  local adds = #parts > 0 and ("adds " .. table.concat(parts, ", ")) or "registers nothing"
  if removed.improvement then
    return decide("autonomous", 0.8,
      adds .. "; replaces bindings of other improvements (revertible): " .. list(removed.improvement),
      "replaces-improvement-binding")
  end
  return decide("autonomous", 0.9, adds .. "; replaces nothing", "new-only")
end
