-- An account's limits as its CLI's own usage endpoint says them (a CLI file's `limits`: Claude
-- Code's is what its /usage shows), asked by the hub with the account's login, outside any box.
-- What an agent reports of itself (its status line, its hooks) it can make up; this it cannot,
-- so a move resting on it needs nobody's yes (lua/default/accounts.lua; docs/accounts.md).

accounts = accounts or {}

-- "${VAR:-default}" with the account's env (else the hub's), then $HOME and a leading ~.
local function expand(s, env)
  s = s:gsub("%${([%w_]+):%-([^}]*)}", function(k, d) return env[k] or os.getenv(k) or d end)
  local home = os.getenv("HOME") or ""
  return (s:gsub("%$HOME", home):gsub("^~/", home .. "/"))
end

local function dig(t, path)
  for part in path:gmatch("[^%.]+") do
    if type(t) ~= "table" then return nil end
    t = t[part]
  end
  return t
end

-- A small JSON file (a login), decoded; nil and why.
local function read_json(path)
  local lines = {}
  for n = 1, 200 do
    local line = files.read_line(path, n)
    if not line then break end
    lines[#lines + 1] = line
  end
  if #lines == 0 then return nil, "no login in " .. path end
  local ok, v = pcall(json.decode, table.concat(lines, "\n"))
  if not ok or type(v) ~= "table" then return nil, path .. " is not JSON" end
  return v
end

--- accounts.epoch("2026-01-28T07:59:59.57+00:00"): an ISO 8601 time (or a number) in seconds
--- since the epoch; nil when it is neither.
---@param v string|number|nil
---@return integer|nil
function accounts.epoch(v)
  if type(v) == "number" then return math.floor(v) end
  if type(v) ~= "string" then return nil end
  local y, mo, d, h, mi, s, rest = v:match("^(%d%d%d%d)-(%d%d)-(%d%d)[T ](%d%d):(%d%d):(%d%d)(.*)$")
  if not y then return nil end
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  -- (days from 1970-01-01 of a civil date, any calendar year)
  local yy = mo <= 2 and y - 1 or y
  local era = yy // 400
  local yoe = yy - era * 400
  local doy = (153 * ((mo + 9) % 12) + 2) // 5 + d - 1
  local days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
  local t = days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s)
  local sign, oh, om = rest:match("([%+%-])(%d%d):?(%d%d)$")
  if sign then
    local off = tonumber(oh) * 3600 + tonumber(om) * 60
    t = sign == "+" and t - off or t + off
  end
  return t
end

--- accounts.measure(cli, account): the account's limits as its CLI's usage endpoint says them
--- ({ five_hour = { used_pct, resets_at }, ... }), asked with its login (nil: the CLI's default
--- folder); nil and why when the CLI has no `limits`, the login is missing or the answer is not
--- one. Waits for the answer (call it from a hook, a timer or a key).
---@param c botster.Cli
---@param account? botster.Account
---@return table<string, botster.UsageLimit>|nil limits
---@return string|nil why
function accounts.measure(c, account)
  local l = c and c.limits
  if not l then return nil, ("%s reports no limits the hub can ask"):format(c and c.name or "its CLI") end
  local path = expand(l.token.file, account and account.env or {})
  local login, why = read_json(path)
  if not login then return nil, why end
  local token = dig(login, l.token.field)
  if type(token) ~= "string" or token == "" then return nil, ("no %s in %s"):format(l.token.field, path) end
  local headers = { authorization = "Bearer " .. token, accept = "application/json" }
  for k, v in pairs(l.headers or {}) do headers[k] = v end
  local res = http.get(l.url, { headers = headers, timeout = 5000 })
  if not res.ok then return nil, ("%s: %s"):format(l.url, res.error or ("HTTP " .. tostring(res.status))) end
  local ok, answer = pcall(json.decode, res.body)
  if not ok or type(answer) ~= "table" then return nil, l.url .. ": the answer is not JSON" end
  local limits = l.read(answer)
  if type(limits) ~= "table" or next(limits) == nil then return nil, l.url .. ": the answer names no limits" end
  return limits
end
