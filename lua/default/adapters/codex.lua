-- Codex CLI. While it works its status line says "• Working (12s • esc to interrupt)". It asks
-- for approval with a numbered menu under a › cursor ("› 1. Yes, proceed (y)") ending in
-- "Press enter to confirm or esc to cancel" / "enter to submit"; plan questions end in
-- "enter to submit answer" (their footer also says "esc to interrupt": the question wins).

status.adapter({
  name = "codex",
  match = "codex*",
  detect = function(screen)
    local live = screen:last(20)
    local footer = screen:ifind({ "press enter to confirm", "enter to submit", "confirm with .* enter", "press enter to continue" }, live)
    local choice, _, count = screen:menu(live)
    if footer or (choice and count > 1) then
      return "waiting", screen:question(live) or (footer and status.clean(footer)), footer and "confirm footer" or "numbered choice"
    end
    -- Older versions and plain questions: "Allow command?", "[y/n]", "yes (y) / no (n)".
    local yn = screen:ifind({ "allow command%?", "%[y/n%]", "%(y/n%)", "yes %(y%)" }, screen:last(5))
    if yn then return "waiting", screen:question(screen:last(5)) or status.clean(yn) end

    if screen:ifind("esc to interrupt", screen:last(10)) then
      local _, _, activity = screen:spinner(screen:last(10))
      return "running", activity, "interrupt hint"
    end
    return screen:settle()
  end,
})
