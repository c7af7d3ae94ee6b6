-- Kimi CLI. While it works the status line starts with what it does ("thinking", "generating",
-- "processing", "waiting for response …") and offers "ctrl+c to cancel"; approvals ask a short
-- question ("Allow?", "Approve?", "Confirm?", "Proceed?") or "[y/n]".

clis.define({
  name = "kimi",
  title = "Kimi Code",
  programs = { "kimi*" },
  command = "kimi",
  packages = { "@moonshot-ai/kimi-code", "kimi-cli" },
  version = "2.1.0",
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
  detect = function(screen)
    local live = screen:last(8)
    local asks = screen:ifind({ "^%W*allow%?", "^%W*approve%?", "^%W*confirm%?", "^%W*proceed%?", "%[y/n%]", "%(y/n%)" }, live)
    if asks then return "waiting", screen:question(live) or status.clean(asks), "approval" end
    local reason, rule = screen:dialog(screen:last(15))
    if reason then return "waiting", reason, rule end
    local work = screen:ifind({ "ctrl[%+%-]c to cancel", "press ctrl%+c", "^%W*thinking", "^%W*generating", "^%W*processing", "^%W*waiting for response" }, screen:last(5))
    if work then return "running", status.clean(work), "status line" end
    return screen:settle()
  end,
})
