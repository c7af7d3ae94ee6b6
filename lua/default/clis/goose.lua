-- Goose (Block). Learnt from its source (crates/goose-cli/src/session); not run here: it installs
-- as a binary from its GitHub releases (not on npm), which this machine cannot fetch. Its session
-- prompt is "( O)> "; while it works a cliclack spinner turns circle frames (◐◓◑◒) before a
-- thinking message; in approve mode it asks before a tool with a cliclack select under the tool's
-- header ("─── shell | developer ───", "command: make test"): "◆  Goose would like to call the
-- above tool, do you allow?" (after a security note: "Do you allow this tool call?") over
-- "● Allow / ○ Always Allow / ○ Deny / ○ Cancel". cliclack redraws an answered prompt with "◇"
-- and the choice: history, not a question. Its plugin hooks load only from its own folders and have
-- no permission event, so nothing is wired per launch. It resumes with
-- `goose session --resume --session-id <id>`.

local ASKS = { "Goose would like to call the above tool", "Do you allow this tool call%?" }
-- cliclack's spinner frames (each a pattern: Lua classes are bytes, not characters).
local FRAMES = { "^%s*◐%s+(%S.*)", "^%s*◓%s+(%S.*)", "^%s*◑%s+(%S.*)", "^%s*◒%s+(%S.*)" }

clis.define({
  name = "goose",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "GOOSE_*", "ANTHROPIC_*", "OPENAI_*", "GOOGLE_*", "OPENROUTER_*" } },
  title = "Goose",
  programs = { "goose" },
  resume = { args = { "session", "--resume", "--session-id", "{session}" }, last = { "session", "--resume" } },
  -- The select preselects "Allow": Enter takes it; Escape cancels the tool call and the answer.
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  detect = function(screen)
    local live = screen:last(12)
    -- An active cliclack prompt starts with ◆ (an answered one with ◇).
    local asks, row = screen:find(ASKS, live)
    if asks and status.clean(asks):find("^◆") then
      for r = row - 1, math.max(1, row - 12), -1 do
        local cmd = status.clean(screen.lines[r] or ""):match("^command:%s*(.+)")
        if cmd then return "waiting", ("run `%s`?"):format(cmd), "tool approval" end
      end
      return "waiting", (status.clean(asks):gsub("^◆%s*", "")), "tool approval"
    end
    -- Its thinking spinner: a circle frame, then the message.
    local spin = screen:find(FRAMES, screen:last(4))
    if spin then
      for _, f in ipairs(FRAMES) do
        local msg = spin:match(f)
        if msg then return "running", status.clean(msg), "thinking spinner" end
      end
    end
    if screen:find("^%( O%)>", screen:last(1)) then return "idle", nil, "prompt" end
    return screen:settle()
  end,
})
