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

--- The agent list: ui.agent_list(self.agents, { selected = self.selected })
function ui.agent_list(agents, props)
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  p.agents = agents or {}
  return { type = "agent_list", props = p }
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
