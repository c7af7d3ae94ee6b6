-- GitHub Copilot CLI. While it works: a spinner line with "Esc to cancel". It asks in a box
-- ("Do you want to run this command?", "Do you trust the files in this folder?") with numbered
-- choices under ❯ and a footer ("enter to select · esc to cancel", or "Confirm with number keys
-- or ↑↓ keys and Enter, Cancel with Esc"). It says its state itself through a plugin the hub
-- names for each launch, and resumes with `copilot --resume=<id>`.

clis.define({
  name = "copilot",
  title = "GitHub Copilot CLI",
  programs = { "copilot*", "github-copilot*" },
  command = "copilot",
  packages = { "@github/copilot" },
  version = "1.0.102",
  -- Its dialogs preselect "1. Yes": Enter takes it, Escape cancels.
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  resume = { args = { "--resume={session}" }, last = { "--continue" } },
  -- Its hooks load from a plugin folder named for this launch (--plugin-dir; yours load too).
  -- The hooks name no event: each says its state; the hook's JSON gives the session and reason.
  hooks = {
    files = {
      ["copilot-plugin/plugin.json"] = '{"name":"botster-report","description":"reports to the botster-tui hub it runs in","version":"1.0.0","hooks":"hooks.json"}\n',
      ["copilot-plugin/hooks.json"] = [[{
  "version": 1,
  "hooks": {
    "sessionStart": [{ "type": "command", "bash": {report_json:idle}, "timeoutSec": 5 }],
    "userPromptSubmitted": [{ "type": "command", "bash": {report_json:running}, "timeoutSec": 5 }],
    "preToolUse": [{ "type": "command", "bash": {report_json:running}, "timeoutSec": 5 }],
    "notification": [{ "type": "command", "bash": {report_json:waiting}, "timeoutSec": 5 }],
    "agentStop": [{ "type": "command", "bash": {report_json:done}, "timeoutSec": 5 }]
  }
}
]],
    },
    args = { "--plugin-dir", "{hooks}/copilot-plugin" },
    own_commands = { "-v", "--version", "-h", "--help", "help", "login", "logout", "update", "plugin", "mcp" },
  },
  detect = function(screen)
    local live = screen:last(20)
    local reason, rule = screen:dialog(live)
    if reason then return "waiting", reason, rule end
    -- Its questions are drawn in a box (│ …) or over numbered choices; prose is neither.
    for _, row in ipairs(live) do
      local line = screen.lines[row]
      if status.clean(line):lower():find("do you want") and status.framed(line) then
        screen:evidence(line, "do you want")
        return "waiting", status.clean(line), "question"
      end
    end
    -- "Esc to cancel" outside a box is its working line; inside one it ends a dialog.
    if screen:unframed("esc to cancel", screen:last(10)) then
      local _, _, activity = screen:spinner(screen:last(10))
      return "running", activity, "cancel hint"
    end
    -- Its ask_user tool: "Copilot needs information." over choices under a cursor ("❯ Red").
    local chosen = screen:cursor_choice(screen:last(8))
    if chosen then return "waiting", screen:question(screen:last(10)) or status.clean(chosen), "choices under a cursor" end
    return screen:settle()
  end,
})
