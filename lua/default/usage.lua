-- Usage per agent: what each CLI reports about its own cost and limits (agent.usage: tokens, cost,
-- context_pct, limits = { five_hour = { used_pct, resets_at }, ... }, account, model, source;
-- docs/usage-facts.md says which CLI reports what). Shown at the end of each agent's row; a notice
-- when an account passes usage.threshold percent of a limit. Change any of it in user/hooks.lua.

usage = usage or {}
-- The percent of a limit that brings a notice (usage.limit_passed), once per account, limit and window.
usage.threshold = usage.threshold or 80

--- The usage in a few cells: "$1.24 ctx 45% 5h 82%" (the cost, the context window, the fullest limit).
---@param u botster.Usage|nil
---@return string|nil
function usage.short(u)
  if type(u) ~= "table" then return nil end
  local parts = {}
  if u.cost then parts[#parts + 1] = ("$%.2f"):format(u.cost) end
  if u.context_pct then parts[#parts + 1] = ("ctx %d%%"):format(math.floor(u.context_pct + 0.5)) end
  local top_name, top
  for name, l in pairs(u.limits or {}) do
    if not top or l.used_pct > top.used_pct then top_name, top = name, l end
  end
  if top then
    local short = top_name == "five_hour" and "5h" or top_name == "seven_day" and "7d" or top_name:sub(1, 6)
    parts[#parts + 1] = ("%s %d%%"):format(short, math.floor(top.used_pct + 0.5))
  end
  if #parts == 0 and u.tokens then parts[1] = ("%dk tok"):format(math.floor(u.tokens / 1000 + 0.5)) end
  return #parts > 0 and table.concat(parts, " ") or nil
end

layout.piece("agent_list.row", "usage", function(_, ctx)
  -- (a row drawn with no agent of its own, as a narrowed list's summary line: nothing to say)
  if not ctx.agent then return nil end
  local text = usage.short(ctx.agent.usage)
  if not text then return nil end
  local hot = false
  for _, l in pairs(ctx.agent.usage.limits or {}) do
    if l.used_pct >= usage.threshold then hot = true end
  end
  return ui.span(text, { fg = hot and theme.notice or "gray" })
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
  local resets = left and (" (resets in %dh%02dm)"):format(left // 3600, left % 3600 // 60) or ""
  app:notify(("%s: %s limit at %d%%%s, account %s"):format(agent.name, name:gsub("_", " "), math.floor(limit.used_pct + 0.5),
    resets, u.account or "of " .. (u.source == "session" and "Codex" or "Claude")))
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
