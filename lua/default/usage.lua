-- Usage per agent: what each CLI reports about its own cost and limits (agent.usage: tokens, cost,
-- context_pct, limits = { five_hour = { used_pct, resets_at }, ... }, account, model, source;
-- docs/usage-facts.md says which CLI reports what). Shown at the end of each agent's row and in the
-- focused panel's title; a notice when an account passes usage.threshold percent of a limit. Change
-- any of it in user/hooks.lua.

usage = usage or {}
-- The percent of a limit that brings a notice (usage.limit_passed), once per account, limit and window.
usage.threshold = usage.threshold or 80

-- A limit's short name: "5h", "7d", or its first letters.
local function limit_name(name)
  return name == "five_hour" and "5h" or name == "seven_day" and "7d" or name:sub(1, 6)
end

-- The account's limits, fullest first.
local function limits_by_use(u)
  local out = {}
  for name, l in pairs(u.limits or {}) do out[#out + 1] = { name = name, limit = l } end
  table.sort(out, function(a, b)
    if a.limit.used_pct ~= b.limit.used_pct then return a.limit.used_pct > b.limit.used_pct end
    return a.name < b.name
  end)
  return out
end

-- The usage's figures, what matters first: the fullest limit of the account (it stops every agent
-- on it), the context window, the cost; `full`: every limit.
local function figures(u, full)
  if type(u) ~= "table" then return {} end
  local parts = {}
  for i, l in ipairs(limits_by_use(u)) do
    if i == 1 or full then parts[#parts + 1] = ("%s %d%%"):format(limit_name(l.name), math.floor(l.limit.used_pct + 0.5)) end
  end
  if u.context_pct then parts[#parts + 1] = ("ctx %d%%"):format(math.floor(u.context_pct + 0.5)) end
  if u.cost then parts[#parts + 1] = ("$%.2f"):format(u.cost) end
  if #parts == 0 and u.tokens then parts[1] = ("%dk tok"):format(math.floor(u.tokens / 1000 + 0.5)) end
  return parts
end

--- The usage in a few cells, what matters first (a row too narrow cuts its end): the fullest limit
--- of the account (it stops every agent on it), the context window, the cost: "5h 82% ctx 45% $1.24".
--- `full`: every limit, as the focused agent's panel title shows it.
---@param u botster.Usage|nil
---@param full? boolean
---@return string|nil
function usage.short(u, full)
  local parts = figures(u, full)
  return #parts > 0 and table.concat(parts, " ") or nil
end

-- Past usage.threshold of a limit: drawn in the notice color.
local function hot(u)
  for _, l in pairs(u.limits or {}) do
    if l.used_pct >= usage.threshold then return true end
  end
  return false
end

layout.piece("agent_list.row", "usage", function(_, ctx)
  -- (a row drawn with no agent of its own, as a narrowed list's summary line: nothing to say)
  if not ctx.agent then return nil end
  local parts = figures(ctx.agent.usage)
  if #parts == 0 then return nil end
  -- The first figure a span of its own, first in the row's pieces (before the box's mark): a row
  -- too narrow for it cuts the agent's name to show it (ui.agent_list).
  local style = { fg = hot(ctx.agent.usage) and theme.notice or "gray" }
  local rest = #parts > 1 and ui.span(" " .. table.concat(parts, " ", 2), style) or nil
  return { ui.span(parts[1], style), rest }
end, { order = 5 })

-- The agent you look at: its usage in full in its panel's title, where a narrow list has no room.
layout.piece("panel.title", "usage", function(_, ctx)
  if type(ctx.agent) ~= "table" then return nil end
  local text = usage.short(ctx.agent.usage, true)
  if not text then return nil end
  return ui.span(text, { fg = hot(ctx.agent.usage) and theme.notice or "gray" })
end, { order = 50 })

--- What the hub does when an account passes usage.threshold of a limit: a notice (the shipped
--- one), once per account, limit and window. Replace it to be told otherwise.
---@param agent { id: string, name: string }
---@param name string the limit: five_hour, seven_day, ...
---@param limit botster.UsageLimit
---@param u botster.Usage
---@param app botster.AppActions
function usage.limit_passed(agent, name, limit, u, app)
  local ok, now = pcall(os.time)
  local left = ok and limit.resets_at and math.max(0, limit.resets_at - now) or nil
  local resets = left and (left >= 2 * 86400 and (" (resets in %dd%02dh)"):format(left // 86400, left % 86400 // 3600)
    or (" (resets in %dh%02dm)"):format(left // 3600, left % 3600 // 60)) or ""
  -- Whose account: the one the CLI named, else the CLI's own ("its Claude account").
  local cli = ({ statusline = "Claude ", session = "Codex " })[u.source] or ""
  local account = u.account and ("account " .. u.account) or ("its " .. cli .. "account")
  app:notify(("%s: %s limit at %d%%%s on %s"):format(agent.name, (name:gsub("_", " ")), math.floor(limit.used_pct + 0.5),
    resets, account))
end

usage.hook = hooks.on("agent_usage_changed", function(ev, app)
  local told = state.get("usage_notices", {})
  for name, l in pairs(ev.usage.limits or {}) do
    local was = ev.from and ev.from.limits and ev.from.limits[name]
    local key = (ev.usage.account or ev.usage.source or "?") .. "/" .. name .. "/" .. tostring(l.resets_at or "")
    -- passed now (or first heard of above it), and not said yet for this window
    if l.used_pct >= usage.threshold and not told[key] and (not was or was.used_pct < usage.threshold or ev.from == nil) then
      told[key] = true
      usage.limit_passed(ev.agent, name, l, ev.usage, app)
    end
  end
end, { name = "usage.limits" })
