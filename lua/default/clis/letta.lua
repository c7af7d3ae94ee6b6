-- Letta Code. Its hooks are read only from its own settings files: its screens are read by the
-- structural rules (lua/default/status.lua) and the rule below. At rest its input line ("› …")
-- sits between two rules; a dialog takes its place under one rule ("Run this command?" over "❯ 1.
-- Yes", its questions, /connect and /model) with a footer ("Enter to select · Esc to cancel"),
-- and while it asks the title says "[ ! ] Action Required | <agent>". Started again in a folder it
-- goes on with that folder's last conversation by itself; it prints `letta -n "<agent>"` on exit;
-- with an id, `letta --conversation <id>`.
clis.define({
  name = "letta",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "LETTA_*", "ANTHROPIC_*", "OPENAI_*" } },
  title = "Letta Code",
  programs = { "letta" },
  packages = { "@letta-ai/letta-code" },
  version = "0.32.18",
  resume = { args = { "--conversation", "{session}" } },
  -- Its approvals preselect "1. Yes" (Enter takes it); Escape cancels the tool call.
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  detect = function(screen)
    local after = screen:after()
    if #after == 0 then return nil end
    -- Its input line between the last two rules: no dialog.
    for _, row in ipairs(screen:box()) do
      if status.clean(screen.lines[row] or ""):find("^›") then return nil end
    end
    local reason, rule = screen:dialog(after)
    if not (reason or screen:title_find("Action Required") or screen:ifind({ "esc to cancel", "esc cancel" }, after)) then return nil end
    local head
    for _, row in ipairs(after) do
      if (screen.lines[row] or ""):find("%a") then head = status.clean(screen.lines[row]) break end
    end
    local q = screen:question(after)
    local cmd = screen:find("^%s*%$ ", after)
    local what = q or head or reason
    if cmd then what = what .. " " .. status.clean(cmd) end
    return "waiting", what, rule or "dialog under a rule"
  end,
})
