-- Factory Droid. Its hooks are Claude Code's (names, JSON on stdin); `--settings FILE` merges a
-- settings file for this process only, so the hub names its own for each launch (the TUI lists
-- each hook run in its transcript: "Hooks Stop └─ …"). It resumes with `droid --resume <id>`.
-- Its screen: the transcript, the mode line ("Auto (Off) · all actions require approval"), its
-- input box (╭ │ > … │ ╰) and a line under it ("[⏱ 1m] ? for help": the timer stays after a turn).
-- While it works the block over the mode line turns a spinner ("⠃ Streaming...  (Press ESC to
-- stop)"), also while a next message is typed in the box ("Enter to steer · Ctrl+Enter to
-- queue"). Its questions replace the box: "Command to approve" over choices in a box ("Enter
-- select"), the trust dialog, "Ask User" over numbered choices with a footer of keys ("↑/↓
-- Navigate • Space/Enter/1–9 Select"). The rest is read by the structural rules.

-- The block just over its mode line (the line over the input box): where its spinner turns.
local function over_mode_line(screen)
  local rules = screen:rules()
  local rows = { name = "over the mode line" }
  local row = (rules[#rules - 1] or 1) - 1
  while row >= 1 and not screen.lines[row]:find("%S") do row = row - 1 end
  row = row - 1 -- the mode line
  while row >= 1 and not screen.lines[row]:find("%S") do row = row - 1 end
  while row >= 1 and screen.lines[row]:find("%S") and #rows < 4 do
    table.insert(rows, 1, row)
    row = row - 1
  end
  return rows
end

clis.define({
  name = "droid",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "FACTORY_*" } },
  title = "Factory Droid",
  programs = { "droid*" },
  command = "droid",
  packages = { "@factory/cli" },
  version = "0.225.2",
  resume = { args = { "--resume", "{session}" } },
  -- Its approvals preselect "Yes, allow" (Enter takes it); Escape cancels the tool call.
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  detect = function(screen)
    -- Working: a spinner over the mode line while its input box ("│ > …") shows.
    local box = screen:box()
    if #screen:rules() >= 2 and #box > 0 and status.clean(screen.lines[box[1]] or ""):find("^>") then
      local spin, _, activity = screen:spinner(over_mode_line(screen))
      if spin then return "running", activity, "spinner" end
    end
    -- A question with a footer of keys in place of the box: "↑/↓ Navigate • Space/Enter/1–9 Select",
    -- "↑↓ navigate   Enter select", "Enter to confirm · Esc to exit".
    local tail = screen:last(20)
    local keys = screen:ifind({ "navigate.*select", "enter to confirm" }, screen:last(1))
    if keys then
      local cmd, row = screen:ifind("^%s*command to approve", tail)
      local what = row and status.clean(screen.lines[row + 1] or ""):gsub("^↳%s*", "")
      if cmd and what ~= "" then return "waiting", "Command to approve: " .. what, "command approval" end
      return "waiting", screen:question(tail) or status.clean(keys), "footer of keys"
    end
    -- Without a login: "Please login with your Factory account to continue." over "> Login" / "Exit".
    local login = screen:ifind("please log ?in", tail)
    if login and screen:cursor_choice(screen:last(6)) then return "waiting", status.clean(login), "login menu" end
    return nil
  end,
  hooks = {
    settings = {
      file = "droid-settings.json",
      style = "claude",
      events = {
        { event = "SessionStart", matcher = "*", state = "idle", why = "records the session id" },
        { event = "UserPromptSubmit", state = "running", why = "you sent a prompt" },
        { event = "PreToolUse", matcher = "*", state = "running", why = "runs a tool (the reason names it)" },
        { event = "Notification", state = "waiting", why = "asks you (the reason is its message)" },
        { event = "Stop", state = "done", why = "finished its turn" },
      },
      user_file = "$HOME/.factory/settings.json",
    },
    args = { "--settings", "{hooks}/droid-settings.json" },
    -- A --settings of yours stays yours alone.
    unless_args = { "--settings" },
    unless_env = { "FACTORY_RUNTIME_SETTINGS_PATH" },
    own_commands = { "-v", "--version", "-h", "--help", "exec", "mcp", "update" },
  },
})
