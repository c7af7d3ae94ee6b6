-- status: adapters tell when an agent is waiting for the user. When an agent goes quiet the hub
-- hands its last screen lines to every adapter that matches it; the first that answers wins.
status = { adapters = {} }

local function glob(pattern)
  return "^" .. pattern:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
end

--- status.adapter({ name = "aider", match = "aider*", detect = function(lines, agent) ... end, priority = 0 })
--- `match` is a glob on the agent's command or name (or a function(agent) -> boolean; nil = every
--- agent); `detect` gets the last non-empty screen lines (top to bottom) and returns "waiting",
--- "idle" or nil (no opinion). Lower priority asks first; a later adapter with the same name replaces it.
function status.adapter(def)
  if type(def) ~= "table" then error("status.adapter needs a table", 2) end
  if type(def.name) ~= "string" or def.name == "" then error("status.adapter: name must be a string", 2) end
  if type(def.detect) ~= "function" then error(("status.adapter %q: detect must be a function"):format(def.name), 2) end
  if def.match ~= nil and type(def.match) ~= "string" and type(def.match) ~= "function" then
    error(("status.adapter %q: match must be a glob string or a function"):format(def.name), 2)
  end
  local a = { name = def.name, detect = def.detect, priority = def.priority or 0, source = __botster.where(2) }
  if type(def.match) == "string" then
    local p = glob(def.match)
    a.match = function(agent) return (agent.command or ""):match(p) ~= nil or (agent.name or ""):match(p) ~= nil end
  else
    a.match = def.match
  end
  for i, old in ipairs(status.adapters) do
    if old.name == a.name then status.adapters[i] = a; return end
  end
  status.adapters[#status.adapters + 1] = a
end

-- Called by the hub with the agent and its screen facts; returns the first adapter's verdict.
function __botster.detect_status(agent, screen, explain)
  local lines = {}
  for _, l in ipairs(screen.lines or {}) do if l ~= "" then lines[#lines + 1] = l end end
  local view = setmetatable({ at_prompt = screen.at_prompt, rang_bell = screen.bell }, { __index = agent })
  local list = {}
  for _, a in ipairs(status.adapters) do list[#list + 1] = a end
  table.sort(list, function(x, y) return x.priority < y.priority end)
  local tried = {}
  for _, a in ipairs(list) do
    if a.match == nil or a.match(agent) then
      local ok, verdict, reason = pcall(a.detect, lines, view)
      if not ok then
        __host_log("error", ("%s (status adapter %s): %s"):format(a.source, a.name, tostring(verdict)))
        tried[#tried + 1] = { adapter = a.name, error = tostring(verdict) }
      else
        tried[#tried + 1] = { adapter = a.name, state = verdict }
        if verdict == "waiting" or verdict == "idle" or verdict == "running" then
          return { state = verdict, reason = reason, adapter = a.name, tried = explain and tried or nil }
        end
      end
    end
  end
  return nil
end
