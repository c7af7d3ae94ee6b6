-- ui: builders for the widget tree App:render returns. They only build plain tables
-- ({ type = ..., props = ..., children = ... }); the hub validates and draws them.
local ui = {}

-- Splits a table into its array part (children) and hash part (props).
local function split(t, fname)
  if t == nil then return {}, {} end
  if type(t) ~= "table" then
    error(("%s expects a table of children and props, got %s"):format(fname, type(t)), 3)
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
      error(("%s: children must be a list without holes (index %s)"):format(fname, tostring(k)), 3)
    end
  end
  return props, children
end

local function container(kind)
  return function(t)
    local props, children = split(t, "ui." .. kind)
    return { type = kind, props = props, children = children }
  end
end

--- A vertical stack. Children in the array part, props in the hash part.
ui.column = container("column")
--- A horizontal stack.
ui.row = container("row")

local function boxed(kind)
  return function(props, ...)
    if props ~= nil and type(props) ~= "table" then
      error(("ui.%s expects a props table first, got %s"):format(kind, type(props)), 2)
    end
    local p, children = split(props, "ui." .. kind)
    for i = 1, select("#", ...) do
      children[#children + 1] = (select(i, ...))
    end
    if kind == "panel" and p.border == nil then p.border = "rounded" end
    return { type = kind, props = p, children = children }
  end
end

--- A bordered box with an optional title: ui.panel({ title = "Agents" }, child, ...)
ui.panel = boxed("panel")
--- A centered modal drawn over everything else: ui.overlay({ title = "Help", width = 60 }, child, ...)
ui.overlay = boxed("overlay")

local function leaf(kind, data)
  return function(props)
    if props ~= nil and type(props) ~= "table" then
      error(("ui.%s expects a props table, got %s"):format(kind, type(props)), 2)
    end
    local p = {}
    for k, v in pairs(props or {}) do p[k] = v end
    return { type = kind, props = p }
  end
end

--- Text: a string, a span ({ text = "x", fg = "red", bold = true }) or a list of them.
function ui.text(content, props)
  if props ~= nil and type(props) ~= "table" then
    error(("ui.text expects props as a table, got %s"):format(type(props)), 2)
  end
  local kind = type(content)
  if kind == "table" then
    local mt = getmetatable(content)
    -- An object that knows how to print itself is text (its __tostring errors are the caller's).
    if type(mt) == "table" and mt.__tostring ~= nil then content = tostring(content) end
  elseif kind ~= "string" and kind ~= "number" and kind ~= "boolean" and kind ~= "nil" then
    -- Functions, coroutines and userdata cannot cross to the hub: say so instead of drawing nothing.
    error(("ui.text expects a string, a span or a list of spans, got a %s"):format(kind), 2)
  end
  return { type = "text", props = props or {}, text = content or "" }
end

--- A styled piece of text for ui.text, headers and status bars.
function ui.span(text, style)
  local s = { text = tostring(text) }
  for k, v in pairs(style or {}) do s[k] = v end
  return s
end

ui.header = leaf("header")
ui.status_bar = leaf("status_bar")
ui.spacer = leaf("spacer")
ui.input = leaf("input")

--- A selectable list: ui.list({ "a", "b" }, { selected = 1 })
function ui.list(items, props)
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  p.items = items or {}
  return { type = "list", props = p }
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

--- The agent list: ui.agent_list(self.agents, { selected = self.selected })
--- Each row ends with what the pieces of the "agent_list.row" slot show for its agent
--- (row_slot names another slot; row_slot = false shows none).
function ui.agent_list(agents, props)
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  p.agents = agents or {}
  local slot = p.row_slot
  p.row_slot = nil
  if slot ~= false and __botster.placed_slots then __botster.placed_slots[slot or "agent_list.row"] = true end
  if slot ~= false and __botster.slot_output and type(p.agents) == "table" then
    local ids = {}
    for i, a in ipairs(p.agents) do ids[i] = type(a) == "table" and tostring(a.id) or "" end
    local out = __botster.slot_output(slot or "agent_list.row", ids)
    if out then
      local extra = {}
      for i = 1, #ids do extra[i] = joined(out[i], " ") end
      p.extra = extra
    end
  end
  return { type = "agent_list", props = p }
end

--- A named slot: what the pieces registered for it (layout.piece) show, in place. A text slot
--- (status.right, header.left, panel.title, ...) is one line of text, usable wherever text is
--- (status bar parts, titles); any other slot stacks its pieces' widgets in a column. Empty, it
--- takes no space. Props: those of ui.text or ui.column, plus `agent` (whose pieces, for per-agent
--- slots), `sep` (between text pieces, default " "), `before` and `after` (only when not empty).
function ui.slot(name, props)
  if type(name) ~= "string" then error(("ui.slot expects a slot name, got %s"):format(type(name)), 2) end
  if props ~= nil and type(props) ~= "table" then error(("ui.slot expects props as a table, got %s"):format(type(props)), 2) end
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
    return { type = "text", props = p, text = text }
  end
  if #items == 0 then p.visible = false end
  return { type = "column", props = p, children = items }
end

--- A live terminal view of an agent: ui.terminal(self.focused, { scroll = 0 })
function ui.terminal(agent, props)
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  if type(agent) == "table" then p.agent = agent.id else p.agent = agent end
  return { type = "terminal", props = p }
end

--- An agent's changes, the review panel: ui.diff(self.focused, { mode = "all" })
function ui.diff(agent, props)
  if props ~= nil and type(props) ~= "table" then
    error(("ui.diff expects props as a table, got %s"):format(type(props)), 2)
  end
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  if type(agent) == "table" then p.agent = agent.id else p.agent = agent end
  return { type = "diff", props = p }
end

_G.ui = setmetatable(ui, {
  __index = function(_, name)
    error(("unknown widget ui.%s"):format(tostring(name)), 2)
  end,
})
