-- MiniMax Code (mcode). Its status line reports the session and turn ("turn: turn_123 running
-- 3s"), pending questions ("permission: pending", "ask_user: pending", or the event names
-- "[permission] permission.ask", "[ask_user] questionnaire.ask"); its input box's top edge says
-- "● Ready" when it waits for a message.

clis.define({
  name = "mcode",
  title = "MiniMax Code",
  programs = { "mcode*" },
  command = "mcode",
  detect = function(screen)
    local live = screen:last(10)
    local asks = screen:find({ "permission: pending", "%[permission%] permission%.ask", "ask_user: pending", "%[ask_user%] questionnaire%.ask" }, live)
    if asks then
      return "waiting", asks:find("permission") and "permission requested" or "asks you a question", "pending request"
    end
    if screen:find({ "turn: %S+ running", "turn: running" }, live) then return "running", nil, "turn running" end
    if screen:find("● Ready", live) then return "idle", nil, "ready footer" end
    return screen:settle()
  end,
})
