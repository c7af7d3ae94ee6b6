-- Factory Droid. Its hooks are Claude Code's (names, JSON on stdin); `--settings FILE` merges a
-- settings file for this process only, so the hub names its own for each launch. It resumes with
-- `droid --resume <id>`. Its screens are read by the structural rules (lua/default/status.lua).

clis.define({
  name = "droid",
  title = "Factory Droid",
  programs = { "droid*" },
  command = "droid",
  packages = { "@factory/cli" },
  version = "0.225.2",
  resume = { args = { "--resume", "{session}" } },
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
