-- ui: builders for the widget tree App:render returns. They only build plain tables
-- ({ type = ..., props = ..., children = ... }); the hub validates and draws them.
local ui = {}

local function in_core(info)
  return info.what == "C" or (info.source or ""):match("lua/core/[%w_]+%.lua$") ~= nil
end

-- error(msg, level) that blames the user's line, not the hub's: `return ui.column{...}` is a tail
-- call, whose caller's frame is gone, so `level` would land in lua/core/app.lua. Then the nearest
-- frame outside lua/core/ is blamed, else the App:render being drawn (where it is defined).
-- Improvements have no debug library: plain error(), as before.
local function raise(msg, level)
  if type(debug) ~= "table" then error(msg, level + 1) end
  local lvl = level + 1
  while true do
    local info = debug.getinfo(lvl, "Sl")
    if not info then break end
    if not in_core(info) then
      if lvl == level + 1 then error(msg, level + 1) end
      local src = info.source:sub(1, 1) == "@" and info.source:sub(2) or info.short_src
      error(src .. ":" .. tostring(info.currentline) .. ": " .. msg, 0)
    end
    lvl = lvl + 1
  end
  local render = __botster.frame_self and __botster.defined_at and __botster.defined_at("App.render")
  if render then error(render .. ": " .. msg, 0) end
  error(msg, level + 1)
end
__botster.raise = raise

-- Splits a table into its array part (children) and hash part (props).
local function split(t, fname)
  if t == nil then return {}, {} end
  if type(t) ~= "table" then
    raise(("%s expects a table of children and props, got %s"):format(fname, type(t)), 3)
  end
  local props, children = {}, {}
  for k, v in pairs(t) do
    if type(k) == "number" then
      children[k] = v
    else
      props[k] = v
    end
  end
  local n = #children
  for k in pairs(children) do
    if k < 1 or k > n or k % 1 ~= 0 then
      raise(("%s: children must be a list without holes (index %s)"):format(fname, tostring(k)), 3)
    end
  end
  return props, children
end

-- Each widget of the hub's registry (src/widgets/, handed over as __botster.widgets) gets its
-- builder ui.NAME: children in a list, props then children, positional arguments then props, or a
-- function of its own.
local function props_of(kind, props)
  if props ~= nil and type(props) ~= "table" then
    raise(("ui.%s expects a props table, got %s"):format(kind, type(props)), 3)
  end
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  return p
end

local function builder(w)
  local kind = w.type
  if w.build then return w.build end
  if w.children == "inside" then
    return function(t)
      local props, children = split(t, "ui." .. kind)
      return { type = kind, props = props, children = children }
    end
  end
  if w.children == "after" then
    return function(props, ...)
      if props ~= nil and type(props) ~= "table" then
        raise(("ui.%s expects a props table first, got %s"):format(kind, type(props)), 2)
      end
      local p, children = split(props, "ui." .. kind)
      for i = 1, select("#", ...) do
        children[#children + 1] = (select(i, ...))
      end
      for k, v in pairs(w.defaults or {}) do
        if p[k] == nil then p[k] = v end
      end
      return { type = kind, props = p, children = children }
    end
  end
  local args = w.args or {}
  return function(...)
    local p = props_of(kind, (select(#args + 1, ...)))
    for i, name in ipairs(args) do
      local v = (select(i, ...))
      -- An argument named agent takes an agent (self.focused) or its id.
      if name == "agent" and type(v) == "table" then v = v.id end
      p[name] = v
    end
    return { type = kind, props = p }
  end
end

--- A styled piece of text for ui.text, headers and status bars.
function ui.span(text, style)
  local s = { text = tostring(text) }
  for k, v in pairs(style or {}) do s[k] = v end
  return s
end

-- The text of a text slot's pieces (lists of spans) in one line, `sep` between them.
local function joined(items, sep)
  local text = {}
  for i, spans in ipairs(items or {}) do
    if i > 1 then text[#text + 1] = sep end
    for _, s in ipairs(spans) do text[#text + 1] = s end
  end
  return text
end
__botster.join_spans = joined

for _, w in ipairs(__botster.widgets or {}) do
  ui[w.type] = builder(w)
end

--- A named slot: what the pieces registered for it (layout.piece) show, in place. A text slot
--- (status.right, header.left, panel.title, ...) is one line of text, usable wherever text is
--- (status bar parts, titles); any other slot stacks its pieces' widgets in a column. Empty, it
--- takes no space. Props: those of ui.text or ui.column, plus `agent` (whose pieces, for per-agent
--- slots), `sep` (between text pieces, default " "), `before` and `after` (only when not empty).
function ui.slot(name, props)
  if type(name) ~= "string" then raise(("ui.slot expects a slot name, got %s"):format(type(name)), 2) end
  if props ~= nil and type(props) ~= "table" then raise(("ui.slot expects props as a table, got %s"):format(type(props)), 2) end
  local p, extra = {}, {}
  for k, v in pairs(props or {}) do
    if k == "agent" or k == "sep" or k == "before" or k == "after" then extra[k] = v else p[k] = v end
  end
  if __botster.placed_slots then __botster.placed_slots[name] = true end
  local def = layout and layout.slots and layout.slots[name]
  local agent = extra.agent
  if type(agent) == "table" then agent = agent.id end
  local out = __botster.slot_output and __botster.slot_output(name, agent ~= nil and { tostring(agent) } or nil)
  local items = out and out[1] or {}
  if def and def.kind == "text" then
    local text = joined(items, extra.sep or " ")
    if #text == 0 then
      p.visible = false
    else
      if extra.before ~= nil then table.insert(text, 1, extra.before) end
      if extra.after ~= nil then text[#text + 1] = extra.after end
    end
    if p.wrap == nil then p.wrap = "truncate" end
    -- Where it goes as text (a status bar), the pieces' text gives up its room before the hub's.
    p.slot = name
    return ui.text(text, p)
  end
  if #items == 0 then p.visible = false end
  for i, item in ipairs(items) do p[i] = item end
  return ui.column(p)
end

_G.ui = setmetatable(ui, {
  __index = function(_, name)
    raise(("unknown widget ui.%s"):format(tostring(name)), 2)
  end,
})
