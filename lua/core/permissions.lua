-- The hub asks the permission policy (lua/default/permissions.lua, docs/permissions.md): one
-- agent's question in, { decision, reason, rule } out, or { error = "file:line: message" } (the hub
-- then leaves the question to you). The policy reads the hub (`app`: its agents, its state); what
-- acts on it belongs in a permission_decided handler, which every answer is an event for.

permissions = {}

local ACTS = 'permissions.decide only reads the hub: app:%s acts (do it in hooks.on("permission_decided", fn))'
local DECISIONS = { allow = true, deny = true, ask = true }

local function reading(app)
  return setmetatable({}, {
    __index = function(_, k)
      if __botster.actions[k] ~= nil then
        return function() error(ACTS:format(k), 2) end
      end
      return app[k]
    end,
  })
end

local function shown(v)
  if type(v) == "table" then return "a table with decision " .. tostring(v.decision) end
  return type(v) == "string" and ("%q"):format(v) or tostring(v)
end

function __botster.permission_decide(q, data)
  if type(permissions) ~= "table" or type(permissions.decide) ~= "function" then
    return { error = "permissions.decide is not a function (lua/default/permissions.lua defines one)" }
  end
  local ok, r = pcall(permissions.decide, q, reading(__botster.app_of(data)))
  if not ok then return { error = tostring(r) } end
  if r == nil then return { decision = "ask", reason = "permissions.decide answered nothing: its CLI asks you" } end
  if type(r) ~= "table" or not DECISIONS[r.decision] then
    return { error = ('permissions.decide returned %s; expected { decision = "allow"|"deny"|"ask", reason = "...", rule = "..." }'):format(shown(r)) }
  end
  return {
    decision = r.decision,
    reason = r.reason ~= nil and tostring(r.reason) or nil,
    rule = r.rule ~= nil and tostring(r.rule) or nil,
  }
end
