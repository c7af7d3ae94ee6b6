-- Qwen Code (a Gemini CLI fork). Its hooks are Claude Code's (names, JSON on stdin, timeouts in
-- seconds), read from a system defaults file as well as yours: the hub names its own for each
-- launch (QWEN_CODE_SYSTEM_DEFAULTS_PATH; the hook lists add up). It resumes with
-- `qwen --resume <id>`. Its screens are read by the structural rules (lua/default/status.lua).

clis.define({
  name = "qwen",
  title = "Qwen Code",
  programs = { "qwen*" },
  command = "qwen",
  packages = { "@qwen-code/qwen-code" },
  version = "0.24.4",
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 0.24.4: ~/.qwen/
  -- ($QWEN_HOME; QWEN_RUNTIME_DIR moves its chats and logs): settings.json (by rename, a .orig
  -- beside it), projects/<folder>/chats, sessions/, tmp/, extension-store/. Without it it never gets
  -- past "Initializing..." and says nothing. (Its update check runs npm, which cannot write ~/.npm
  -- in a box: "Update check skipped".)
  -- The hosts it reaches through the hub's proxy unasked: Qwen's sign-in and DashScope's API.
  sandbox = {
    write = { "~/.qwen/" }, secrets = { "~/.qwen/oauth_creds.json" }, vars = { "QWEN_*", "DASHSCOPE_*", "OPENAI_*" },
    network = { allow = { "chat.qwen.ai", "portal.qwen.ai", "dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com" } },
  },
  -- Its approvals preselect "Allow once": Enter takes it, Escape declines.
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  resume = { args = { "--resume", "{session}" }, last = { "--continue" } },
  hooks = {
    settings = {
      file = "qwen-system-defaults.json",
      style = "claude",
      events = {
        { event = "SessionStart", state = "idle", why = "records the session id" },
        { event = "UserPromptSubmit", state = "running", why = "you sent a prompt" },
        { event = "PreToolUse", matcher = "*", state = "running", why = "runs a tool (the reason names it)" },
        -- Not auth_success or idle_prompt: they ask nothing.
        { event = "Notification", matcher = "permission_prompt", state = "waiting", why = "asks for a tool permission (the reason is its message)" },
        { event = "Stop", state = "done", why = "finished its turn" },
      },
      user_file = "$HOME/.qwen/settings.json",
    },
    env = { QWEN_CODE_SYSTEM_DEFAULTS_PATH = "{hooks}/qwen-system-defaults.json" },
    unless_env = { "QWEN_CODE_SYSTEM_DEFAULTS_PATH" },
    own_commands = { "-v", "--version", "-h", "--help", "mcp", "extensions" },
  },
  -- The hub's MCP server for this launch (docs/mcp.md): a system settings file of its own
  -- (QWEN_CODE_SYSTEM_SETTINGS_PATH; its mcpServers add to yours, its permissions.allow to yours)
  -- naming the read-only tools as allowed; the rest Qwen asks for.
  mcp = {
    files = {
      ["qwen-mcp-settings.json"] = '{ "mcpServers": { "botster": {mcp_server} }, "permissions": { "allow": [{read_tools}] } }\n',
    },
    tool = '"mcp__botster__{tool}"',
    env = { QWEN_CODE_SYSTEM_SETTINGS_PATH = "{hooks}/qwen-mcp-settings.json" },
    unless_env = { "QWEN_CODE_SYSTEM_SETTINGS_PATH" },
  },
})
