-- App: the hub as Lua sees it. Layouts define App:render(); the hub calls it with `self`
-- carrying agents, focused, selected, mode, size, error and state.
App = App or {}

-- The user's table that survives reloads (the hub hands it to each new configuration).
__botster = __botster or {}
__botster.user_state = __botster.user_state or {}
__botster.namespaces = __botster.namespaces or {}

-- "file:line" of the code `level` calls up from the caller (for messages and `source` fields).
function __botster.where(level)
  local info = debug.getinfo(level + 1, "Sl")
  if not info then return "?" end
  local src = info.source:sub(1, 1) == "@" and info.source:sub(2) or info.short_src
  return src .. ":" .. tostring(info.currentline)
end

-- "file:line" where the function at a dotted global path is defined (for errors Lua gave no
-- position, such as running out of memory).
function __botster.defined_at(path)
  local fn = _G
  for part in path:gmatch("[^.]+") do
    if type(fn) ~= "table" then return nil end
    fn = fn[part]
  end
  if type(fn) ~= "function" then return nil end
  local info = debug.getinfo(fn, "S")
  local src = info.source:sub(1, 1) == "@" and info.source:sub(2) or info.short_src
  return src .. ":" .. tostring(info.linedefined)
end

-- What Lua makes of the host's facts, before anything sees the app: each agent's `attention`
-- (App:attention, lua/default/attention.lua) and the status-bar `hint` (App:status_hint,
-- lua/default/hint.lua); a user file may define its own of either.
function __botster.derive(self)
  local rule = rawget(App, "attention")
  if type(rule) == "function" then
    for _, agent in ipairs(self.agents or {}) do agent.attention = rule(self, agent) and true or false end
  end
  local hint = rawget(App, "status_hint")
  if rawget(self, "hint") == nil and type(hint) == "function" then
    local text = hint(self)
    rawset(self, "hint", text ~= nil and tostring(text) or "")
  end
end

function __botster.render(data)
  if type(App.render) ~= "function" then
    error("no App:render() defined (lua/default/layout.lua or user/layout.lua must define it)", 0)
  end
  data.state = __botster.user_state
  local self = setmetatable(data, { __index = App })
  for _, agent in ipairs(self.agents) do
    if agent.id == data.focused_id then self.focused = agent end
  end
  __botster.derive(self)
  -- ui.slot asks the host for this frame's pieces (lua/core/layout.lua); they see this self.
  __botster.frame_self = self
  __botster.frame_facts_sent = false
  __botster.placed_slots = {}
  local tree = App.render(self)
  -- A mode's panel (review, compare) is shown whatever the layout returned (lua/default/layout.lua).
  if (self.review or self.compare) and type(App.place_mode_panels) == "function" then tree = App.place_mode_panels(self, tree) end
  __botster.frame_self = nil
  return tree
end

-- The derived facts as plain data, for improvements (their sandboxes have no App): attention by
-- agent index, and the hint.
function __botster.derived_facts(data)
  local app = __botster.app_of(data)
  local attention = {}
  for i, agent in ipairs(app.agents or {}) do attention[i] = agent.attention == true end
  return { attention = attention, hint = rawget(app, "hint") }
end
