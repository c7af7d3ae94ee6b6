-- Shells and any other program (asked last, priority 100). A program that rang the bell as its
-- last word or asks a yes/no question is waiting; a shell showing its prompt (OSC 133 marks) is
-- idle; a progress bar (OSC 9;4) or fresh output means running; otherwise idle once quiet.

status.adapter({
  name = "generic",
  priority = 100,
  detect = function(screen)
    if screen.bell then
      local line = screen:last(1)[1]
      if line then screen:evidence(screen.lines[line]) end
      return "waiting", "rang the bell", "bell"
    end
    if screen.at_prompt then return "idle", nil, "shell prompt (OSC 133)" end
    -- A question is asked now only on the last line (where the program waits for the answer):
    -- once answered ("Proceed? (y/n) y" then "got y") it is history. A menu spans a few lines.
    local tail = screen:last(3)
    local last = screen:last(1)
    local asks = screen:find({ "%(y/n%)", "%[y/N%]", "%[Y/n%]", "%[y/n%]", "%(yes/no%)", "Press [Ee]nter", "%?%s*$" }, last)
      or (screen:menu(tail) and last)
    if asks then return "waiting", screen:question(last) or screen:question(tail) or status.clean(type(asks) == "string" and asks or ""), "question" end
    local p = screen.progress
    if p and (p.state == "normal" or p.state == "indeterminate") then
      screen:evidence(("progress: %s %s%%"):format(p.state, tostring(p.value or 0)))
      return "running", nil, "progress (OSC 9;4)"
    end
    if (screen.quiet or 0) < 1.5 then return "running", nil, "output in the last 1.5s" end
    return "idle", nil, "quiet 1.5s"
  end,
})
