-- Crush (Charm). Learnt from its source (internal/tui/components/dialogs/permissions); not run
-- here: its npm package downloads the binary from GitHub at install (`@charmland/crush`
-- postinstall), which this machine cannot reach. It asks for a tool in a dialog drawn over the
-- middle of the screen, not at the bottom: a "Permission Required" title, "Tool bash", "Path …",
-- for a command "Desc …" and the command, and the buttons "Allow", "Allow for Session", "Deny"
-- (keys a, s, d; Esc denies). It has no per-launch hook file (only a PreToolUse hook, read from its
-- own config), so nothing is wired. It resumes with `crush --session <id>`, or its newest session
-- with `--continue`.

-- The value of a "Key value" row of the dialog's header ("Tool bash", "Desc Run the tests").
local function field(screen, name, rows)
  for _, r in ipairs(rows) do
    local v = status.clean(screen.lines[r] or ""):match("^" .. name .. "%s+(.+)$")
    if v then return v end
  end
  return nil
end

clis.define({
  name = "crush",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "CRUSH_*", "ANTHROPIC_*", "OPENAI_*", "GEMINI_*", "OPENROUTER_*", "GROQ_*", "XAI_*" } },
  title = "Crush",
  programs = { "crush" },
  packages = { "@charmland/crush" },
  answers = { yes = { text = "a" }, no = { text = "d" } },
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
  detect = function(screen)
    -- A modal dialog: the whole screen is live while it shows.
    local all = screen:all()
    if screen:find("Permission Required", all) and screen:find("Allow for Session", all) then
      local tool, desc = field(screen, "Tool", all), field(screen, "Desc", all)
      local reason = desc and ("%s: %s"):format(tool or "tool", desc) or tool and ("allow %s?"):format(tool) or "permission required"
      return "waiting", reason, "permission dialog"
    end
    return nil
  end,
})
