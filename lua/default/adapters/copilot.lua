-- GitHub Copilot CLI. While it works: a spinner line with "Esc to cancel". It asks in a box ("Do
-- you want to run this command?") with numbered choices and "Confirm with number keys or ↑↓ keys
-- and Enter, Cancel with Esc".

status.adapter({
  name = "copilot",
  match = function(agent)
    for _, s in ipairs({ agent.program, agent.command, agent.name }) do
      local first = type(s) == "string" and (s:match("^%s*(%S+)") or ""):match("([^/]+)$") or ""
      if first:find("^copilot") or first:find("^github%-copilot") then return true end
    end
    return false
  end,
  detect = function(screen)
    local live = screen:last(20)
    local confirm = screen:ifind("confirm with .* enter", live)
    if confirm then return "waiting", screen:question(live) or status.clean(confirm), "confirm footer" end
    -- Its questions are drawn in a box (│ …) or over numbered choices; prose is neither.
    local _, _, count = screen:menu(live)
    for _, row in ipairs(live) do
      local line = screen.lines[row]
      if status.clean(line):lower():find("do you want") and (line:find("^%s*[│┃]") or (count or 0) > 1) then
        screen:evidence(line, "do you want")
        return "waiting", status.clean(line), "question"
      end
    end
    if screen:ifind("esc to cancel", screen:last(10)) then
      local _, _, activity = screen:spinner(screen:last(10))
      return "running", activity, "cancel hint"
    end
    return screen:settle()
  end,
})
