-- layout: pieces that your files and improvements add to the layout's named slots.
-- A piece is function(app, ctx) returning text (a string, spans) or a widget; the hub runs each
-- piece inside the render of the layout that places its slot (ui.slot), in the Lua state of the
-- file that registered it, under its own time budget. One that errors, runs long or returns
-- something a slot cannot show is left out of that frame with a notice; after 3 failures in a row it is off
-- until its file changes. Loaded by the trusted configuration and by every improvement's sandbox.
layout = {}
__botster.pieces = {}

-- The slots the hub knows, with their kind and size limit (src/lua/runtime/slots.ts). Any other
-- name is a widget slot a layout may place with ui.slot.
layout.slots = __botster.slot_defs or {}

-- "file:line" of the caller's caller, without the debug library (improvements have none): an
-- error raised at that level carries its position.
local function caller_position()
  local _, msg = pcall(error, "", 4)
  local at = type(msg) == "string" and msg:match("^(.-):? $") or nil
  if at and at ~= "" then return at end
  return __botster.where and __botster.where(3) or "?"
end

local function check_name(fname, what, v)
  if type(v) ~= "string" or not v:match("^[%a_][%w_%-]*[%.%w_%-]*$") then
    error(("%s: %s must be a name like \"status.right\" (letters, digits, _ - .), got %s"):format(fname, what, type(v) == "string" and ("%q"):format(v) or type(v)), 3)
  end
end

--- layout.piece(slot, name, function(app, ctx) ... end, { order = 0 })
--- Registers (or, with the same slot and name, replaces) a piece. Lower order draws first.
function layout.piece(slot, name, fn, opts)
  check_name("layout.piece", "slot", slot)
  check_name("layout.piece", "name", name)
  if type(fn) ~= "function" then
    error(("layout.piece: the piece must be a function(app, ctx), got %s"):format(type(fn)), 2)
  end
  if opts ~= nil and type(opts) ~= "table" then error("layout.piece: options must be a table", 2) end
  local order = opts and opts.order or 0
  if type(order) ~= "number" or order ~= order or order == math.huge or order == -math.huge then
    error("layout.piece: order must be a number", 2)
  end
  local piece = { slot = slot, name = name, fn = fn, order = order, source = caller_position() }
  for i, p in ipairs(__botster.pieces) do
    if p.slot == slot and p.name == name then
      __botster.pieces[i] = piece
      return
    end
  end
  __botster.pieces[#__botster.pieces + 1] = piece
end

--- Removes a piece this file's Lua state registered; returns whether it was there.
function layout.remove_piece(slot, name)
  for i, p in ipairs(__botster.pieces) do
    if p.slot == slot and p.name == name then
      table.remove(__botster.pieces, i)
      return true
    end
  end
  return false
end

-- The pieces as data for the hub.
function __botster.pieces_export()
  local out = {}
  for i, p in ipairs(__botster.pieces) do
    out[i] = { slot = p.slot, name = p.name, order = p.order, source = p.source }
  end
  return out
end

-- The app pieces of an improvement get: the hub's facts for this frame (no actions: drawing never
-- changes the hub). The trusted configuration's pieces get the layout's own self.
-- `changed` (with `count`): only the agents that changed since the last frame came, as
-- { index, agent } pairs; the others are last frame's tables.
local piece_app = nil
function __botster.set_piece_app(data, changed, count)
  if data == nil then piece_app = nil return end
  if changed and piece_app then
    local agents = piece_app.agents
    for _, c in ipairs(changed) do agents[c[1]] = c[2] end
    for i = #agents, count + 1, -1 do agents[i] = nil end
    data.agents = agents
  end
  data.focused = nil
  data.state = __botster.user_state
  for _, agent in ipairs(data.agents or {}) do
    if agent.id == data.focused_id then data.focused = agent end
  end
  piece_app = data
end

local BAD = { ["function"] = true, thread = true, userdata = true }

-- Runs one piece for each agent id given (or once, with no agent, for an empty list). Each result
-- is wrapped ({ v = ... }) so that nil stays nil; a value no slot can show is named instead.
function __botster.run_piece(slot, name, ids)
  local piece
  for _, p in ipairs(__botster.pieces) do
    if p.slot == slot and p.name == name then piece = p break end
  end
  if not piece then return {} end
  local app = __botster.frame_self or piece_app
  if app == nil then return {} end
  local function one(agent)
    local v = piece.fn(app, { slot = slot, agent = agent })
    if BAD[type(v)] then return { bad = "a " .. type(v) } end
    return { v = v }
  end
  local out = {}
  if #ids == 0 then
    out[1] = one(nil)
  else
    local by_id = {}
    for _, a in ipairs(app.agents or {}) do by_id[a.id] = a end
    for i, id in ipairs(ids) do out[i] = one(by_id[id]) end
  end
  return out
end

-- The trusted configuration's side: what ui.slot draws. The host sets __botster.piece_slots to the
-- slots some piece (of any Lua state) is registered for, so an empty slot costs nothing.
__botster.piece_slots = __botster.piece_slots or {}

-- What App:attention and App:status_hint made of this frame's facts, for improvements' pieces
-- (their sandboxes have no App): sent with the first slot of a frame.
local function frame_facts(self)
  local attention = {}
  for i, agent in ipairs(self.agents or {}) do attention[i] = agent.attention == true end
  return { attention = attention, hint = rawget(self, "hint") }
end

-- The pieces' output for a slot: one list per agent id given (or one list for none); nil when no
-- piece is registered for it or no layout is rendering.
function __botster.slot_output(name, ids)
  if not __botster.piece_slots[name] or not __host_slot then return nil end
  local self = __botster.frame_self
  if self == nil then return nil end
  local facts = nil
  if not __botster.frame_facts_sent then
    facts = frame_facts(self)
    __botster.frame_facts_sent = true
  end
  return __host_slot(name, ids or {}, facts)
end
