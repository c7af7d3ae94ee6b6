-- Kiro CLI (Amazon Q Developer CLI's successor). Learnt from Q CLI's transcripts and docs; not run
-- here: it installs from its own download site, not from npm. Before a tool runs it prints what
-- the tool will do ("🛠️  Using tool: execute_bash", "● I will run the following shell command:",
-- the command) and asks on its own line "Allow this action? Use 't' to trust (always allow) this
-- tool for the session. [y/n/t]:" with its input prompt ("> ") under it. Its hooks live in agent
-- files under your ~/.kiro, so nothing is wired per launch. It resumes with
-- `kiro-cli chat --resume-id <id>`, or the folder's newest chat with `--resume`.

clis.define({
  name = "kiro",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "KIRO_*" } },
  title = "Kiro CLI",
  programs = { "kiro-cli", "kiro" },
  command = "kiro-cli",
  resume = { args = { "chat", "--resume-id", "{session}" }, last = { "chat", "--resume" } },
  -- "[y/n/t]": the letter, then Enter.
  answers = { yes = { text = "y", keys = "enter" }, no = { text = "n", keys = "enter" } },
  detect = function(screen)
    -- The question with at most its input prompt under it (a narrow panel wraps it: the rows are
    -- joined as the terminal cut them). Once answered, the tool's output follows and it is history.
    local live = screen:last(3)
    local text = {}
    for _, r in ipairs(live) do text[#text + 1] = status.clean(screen.lines[r] or "") end
    local joined = table.concat(text, "")
    local last = text[#text] or ""
    local under_prompt = last == ">" or last:find("^> ?%S?$") or last:find("%]:%s*$")
    if not (joined:find("Allow this action%?") and joined:find("[y/n/t]", 1, true) and under_prompt) then return nil end
    local first = live[1] or #screen.lines
    for r = first - 1, math.max(1, first - 12), -1 do
      local line = status.clean(screen.lines[r] or "")
      if line:find("following shell command:") then
        local cmd = line:match("following shell command:%s*(%S.*)") or status.clean(screen.lines[r + 1] or "")
        if cmd ~= "" then return "waiting", ("run `%s`?"):format(cmd), "tool approval" end
      end
      local tool = line:match("Using tool:%s*(%S+)")
      if tool then return "waiting", ("allow %s?"):format(tool), "tool approval" end
    end
    return "waiting", "allow this action?", "tool approval"
  end,
})
