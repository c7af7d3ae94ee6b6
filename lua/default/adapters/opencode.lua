-- OpenCode. While it works its footer says "esc interrupt" (or "esc to interrupt"); a tool call
-- that needs approval shows "△ Permission required" with what it wants to do and "Enter to allow".

status.adapter({
  name = "opencode",
  match = "opencode*",
  detect = function(screen)
    local live = screen:last(15)
    if screen:ifind({ "permission required", "press enter to allow" }, live) then
      -- The line under "Permission required" says what it wants to do.
      local _, row = screen:ifind("permission required", live)
      for _, line in ipairs(screen:text(live)) do
        local cmd = status.clean(line):match("^%$ (.+)")
        if cmd then return "waiting", ("run `%s`?"):format(cmd), "permission" end
      end
      local what = row and screen.lines[row + 1] and status.clean(screen.lines[row + 1]):gsub("^#%s*", ""):gsub("^→%s*", "") or ""
      return "waiting", what ~= "" and what or "permission required", "permission"
    end
    local reason, rule = screen:dialog(screen:last(15))
    if reason then return "waiting", reason, rule end
    if screen:ifind("esc.-interrupt", screen:last(10)) then return "running", nil, "interrupt hint" end
    -- A request that failed and is tried again: "[retrying in 13s attempt #2]".
    local retry = screen:ifind("retrying in %d", screen:last(5))
    if retry then return "running", "retrying", "retrying" end
    -- Once started it always draws its input box: a blank screen is it starting up.
    if #screen:last(1) == 0 then return "running", "starting", "blank screen" end
    return screen:settle()
  end,
})
