-- state.get(namespace, default): a table that survives reloads (the hub carries it over), and the
-- namespaces saved to $BOTSTER_HOME/state/. Loaded by the trusted configuration and by every
-- improvement's sandbox alike.
__botster.user_state = __botster.user_state or {}
__botster.namespaces = __botster.namespaces or {}

state = {}
__botster.persist_ns = __botster.persist_ns or {}

function state.get(namespace, default, opts)
  if type(namespace) ~= "string" or not namespace:match("^[%w_%-%.]+$") then
    error("state.get: namespace must be a word (letters, digits, _ - .)", 2)
  end
  if opts ~= nil and type(opts) ~= "table" then error("state.get: options must be a table", 2) end
  if opts and opts.persist then __botster.persist_ns[namespace] = true end
  local t = __botster.namespaces[namespace]
  if t == nil then
    t = default or {}
    if type(t) ~= "table" then error("state.get: default must be a table", 2) end
    __botster.namespaces[namespace] = t
  end
  return t
end

-- The namespaces to save to $BOTSTER_HOME/state/ (plain data).
function __botster.persisted_namespaces()
  local out = {}
  for ns in pairs(__botster.persist_ns) do out[ns] = __botster.namespaces[ns] or {} end
  return out
end
