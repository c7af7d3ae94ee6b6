-- Auggie (Augment Code). Its hooks load from a plugin folder or its settings, but run only where
-- Augment's service turns them on (a feature flag): the hub wires nothing; its screens are read by
-- the structural rules (lua/default/status.lua) and the rule below. Its dialogs end with their
-- keys in brackets: "[↑↓] Navigate • [Enter] Confirm" under a numbered "[1] …" list (workspace
-- indexing, /permissions), "[A]llow [D]eny" under a "Tool Approval Required" box. It resumes with
-- `auggie --resume <id>` (it prints `auggie session resume <id>` on exit), or its newest
-- conversation with `--continue`.

-- The text of the framed line after `row` that says something ("│  Terminal: mkdir … │").
local function next_text(screen, row)
  for r = row + 1, math.min(row + 4, #screen.lines) do
    local t = status.clean(screen.lines[r] or "")
    if t:find("%w") then return t end
  end
  return nil
end

clis.define({
  name = "auggie",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "AUGMENT_*" } },
  title = "Auggie",
  programs = { "auggie" },
  packages = { "@augmentcode/auggie" },
  version = "0.36.0",
  resume = { args = { "--resume", "{session}" }, last = { "--continue" } },
  -- Its tool approval takes "a" (allow) or "d" (deny), no Enter.
  answers = { yes = { text = "a" }, no = { text = "d" } },
  detect = function(screen)
    local keys = screen:ifind({ "%[a%]llow", "%[d%]eny", "%[enter%] confirm", "^%s*press return to" }, screen:last(2))
    if not keys then return nil end
    local tail = screen:last(25)
    local approval, row = screen:ifind("tool approval required", tail)
    if approval then return "waiting", "Tool Approval Required: " .. (next_text(screen, row) or ""), "tool approval" end
    -- Else the dialog's title in its box ("│ 🔍 Workspace Indexing Permission │"), or the choice
    -- under its cursor ("→ Login to continue").
    local title = screen:find("^%s*│%s*%S", screen:all())
    local chosen = screen:find("^%s*→%s+%a", tail)
    local reason = (title and status.clean(title)) or (chosen and status.clean(chosen):gsub("^→%s*", "")) or screen:question(tail)
    return "waiting", reason or status.clean(keys), "keys in brackets"
  end,
})
