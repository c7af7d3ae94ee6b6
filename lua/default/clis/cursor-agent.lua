-- Cursor Agent (`cursor-agent`, also installed as `agent`). While it works it shows a hexagon
-- spinner with what it does ("⬡ Grepping..", "⬢ Reading...") and "ctrl+c to stop". It asks with a
-- question ("Run this command?", "Write to this file?", "Allow this web search?") over choices
-- that name their keys: "→ Run (once) (y)", "Run Everything (shift+tab)", "Skip (esc or n)".

-- A choice offered with its key in parentheses: "Run (once) (y)", "Skip (esc or n)", "Run
-- Everything (shift+tab)". The key stands alone after a space or at the line's start, so "O(n)"
-- in an answer is not one.
local KEYED = { "%s%(y%)", "^%s*%(y%)", "%s%(n%)", "%(esc or n[^)]*%)", "%s%(shift%+tab%)%s*$" }

clis.define({
  name = "cursor-agent",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "CURSOR_*" } },
  title = "Cursor Agent",
  programs = { "cursor-agent*", "agent" },
  command = "cursor-agent",
  -- Its choices name their keys: "Run (once) (y)", "Skip (esc or n)".
  answers = { yes = { text = "y" }, no = { text = "n" } },
  resume = { args = { "--resume", "{session}" } },
  detect = function(screen)
    local live = screen:last(15)
    local keyed = screen:ifind(KEYED, live)
    local asks = screen:find({ "Run this command%?", "Write to this file%?", "^%s*Allow .*%?" }, live)
    if keyed or asks then
      return "waiting", screen:question(live) or status.clean(keyed or asks), keyed and "keyed choice" or "question"
    end
    local reason, rule = screen:dialog(screen:last(15))
    if reason then return "waiting", reason, rule end
    if screen:ifind("ctrl%+c to stop", screen:last(10)) then return "running", nil, "stop hint" end
    local spin, _, activity = screen:spinner(screen:last(10))
    if spin then return "running", activity, "spinner" end
    return screen:settle()
  end,
})
