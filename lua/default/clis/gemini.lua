-- Gemini CLI. While it works a spinner line says "⠋ Thinking… (esc to cancel, 3s)"; a tool call
-- that needs approval draws a box asking "Allow execution of …?", "Apply this change?" or "Do you
-- want to proceed?" with numbered choices, and the status line says "Waiting for user
-- confirmation…". On a first run it asks "Do you trust this folder?" the same way. It also sets
-- the terminal title to its state: "◇  Ready (folder)", "✋  Action Required (folder)", or the
-- spinner and what it is thinking about while it works. Its own hooks say it first (a system
-- settings file named for this launch; no hook runs in a folder it does not trust), the hub's MCP
-- server comes in a system defaults file; it resumes
-- with `gemini --resume <id>`.

-- Questions its dialogs ask. Its answers are prose without a frame: a question counts when it is
-- drawn inside a box (│ …) or offers choices, so "Do you want me to …?" in an answer does not.
local ASKS = { "apply this change", "allow execution", "do you want to", "do you trust", "^allow .*%?$" }

local function framed(line)
  return status.framed(line) and not status.clean(line):find("^>")
end

local function choices(screen, region)
  local _, _, count = screen:menu(region)
  if (count or 0) > 1 then return true end
  for _, line in ipairs(screen:text(region)) do
    if status.clean(line):lower() == "yes" then return true end
  end
  return false
end

-- The first text inside the dialog box at the bottom ("Enter Gemini API Key").
local function dialog_title(screen, region)
  for _, row in ipairs(region) do
    local line = screen.lines[row]
    if line:find("^%s*│") and status.clean(line) ~= "" and not line:find("─") then return status.clean(line) end
  end
  return nil
end

-- The newest session written since the agent started in the folder Gemini keeps for this
-- project, when no hook reported the id: ~/.gemini/tmp/<project>/.project_root names the
-- project's folder, chats/session-*.jsonl its sessions (the first line records sessionId).
local function session(agent, restore)
  local home = profiles.env(agent, "GEMINI_CLI_HOME") or "~"
  for _, marker in ipairs(files.glob(home .. "/.gemini/tmp/*/.project_root", { limit = 1000 })) do
    if files.read_line(marker.path) == agent.cwd then
      local dir = marker.path:gsub("/%.project_root$", "")
      for _, f in ipairs(files.glob(dir .. "/chats/session-*.json*")) do
        if not profiles.since_start(f, agent) then break end
        local first = files.json_line(f.path)
        local id = type(first) == "table" and first.sessionId
        if id and not restore.taken[id] then return id end
      end
    end
  end
  return nil
end

clis.define({
  name = "gemini",
  title = "Gemini CLI",
  programs = { "gemini*" },
  command = "gemini",
  packages = { "@google/gemini-cli" },
  version = "0.61.0",
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 0.61.0:
  -- ~/.gemini/ ($GEMINI_CLI_HOME/.gemini): projects.json (by rename), chats and logs in tmp/,
  -- history/, state.json, settings.json (in place). Without it it stops at start: "An unexpected
  -- critical error occurred:Error: EROFS: read-only file system, open
  -- '~/.gemini/projects.json.<uuid>.tmp'".
  -- The hosts it reaches through the hub's proxy unasked: Gemini's API, Code Assist's, Google's sign-in.
  sandbox = {
    write = { "~/.gemini/" },
    secrets = { "~/.gemini/oauth_creds.json", "~/.gemini/google_accounts.json" },
    vars = { "GEMINI_*", "GOOGLE_*" },
    network = { allow = { "generativelanguage.googleapis.com", "cloudcode-pa.googleapis.com",
      "oauth2.googleapis.com", "www.googleapis.com", "accounts.google.com", "play.googleapis.com" } },
  },
  -- Its dialogs preselect "Allow once": Enter takes it, Escape declines.
  -- A prompt of several lines goes in as one bracketed paste (it asks for them), then Enter sends it.
  multiline = "paste",
  -- What stops its turn (botster-tui interrupt, ctrl+c in normal mode): "(esc to cancel, 3s)" while it answers.
  interrupt = "escape",
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  resume = { args = { "--resume", "{session}" }, find = session },
  hooks = {
    -- Its system settings file is the one it reads besides yours (hook lists add up).
    settings = {
      file = "gemini-system-settings.json",
      style = "gemini",
      events = {
        { event = "SessionStart", state = "idle", why = "records the session id" },
        { event = "BeforeAgent", state = "running", why = "you sent a prompt" },
        { event = "BeforeTool", matcher = "*", state = "running", why = "runs a tool (the reason names it)" },
        { event = "Notification", state = "waiting", why = "asks for a tool permission (the reason is its message)" },
        { event = "AfterAgent", state = "done", why = "finished its turn" },
      },
      user_file = "${GEMINI_CLI_HOME:-$HOME}/.gemini/settings.json",
    },
    env = { GEMINI_CLI_SYSTEM_SETTINGS_PATH = "{hooks}/gemini-system-settings.json" },
    -- One of yours already there is kept, and this launch goes unwired.
    unless_env = { "GEMINI_CLI_SYSTEM_SETTINGS_PATH" },
    unless_files = { "/etc/gemini-cli/settings.json" },
    -- It skips a settings file below a folder others may write.
    private_dir = true,
  },
  -- The hub's MCP server for this launch (docs/mcp.md): a system defaults file, the settings it
  -- reads under yours (its mcpServers add up, a "botster" of yours wins), whose tools.allowed
  -- names the read-only tools; the rest Gemini asks for.
  mcp = {
    files = {
      ["gemini-mcp-defaults.json"] = '{ "mcpServers": { "botster": {mcp_server} }, "tools": { "allowed": [{read_tools}] } }\n',
    },
    tool = '"mcp_botster_{tool}"',
    env = { GEMINI_CLI_SYSTEM_DEFAULTS_PATH = "{hooks}/gemini-mcp-defaults.json" },
    unless_env = { "GEMINI_CLI_SYSTEM_DEFAULTS_PATH" },
  },
  detect = function(screen)
    local live = screen:last(25)
    -- Restarting (after a trust answer or a sign-in): the answered dialog may still be drawn.
    local restart = screen:ifind({ "is restarting", "restarting gemini cli" }, screen:last(6))
    if restart then return "running", status.clean(restart), "restarting" end
    local confirm = screen:ifind("waiting for user confirmation", screen:last(10))
    if confirm then return "waiting", screen:question(live) or "waiting for confirmation", "confirmation status" end
    for _, row in ipairs(live) do
      local line = screen.lines[row]
      local bare = status.clean(line):lower()
      for _, p in ipairs(ASKS) do
        if bare:find(p) and (framed(line) or choices(screen, live)) then
          screen:evidence(line, p)
          return "waiting", status.clean(line), "dialog"
        end
      end
    end
    -- Its dialogs (questions, API key entry, sign-in choice) end with "Enter to select" / "Enter
    -- to submit" or show numbered choices; its title says "Action Required" meanwhile.
    -- /model: "Select Model" heads a tall box (0.20: choices with descriptions, a notice between).
    if screen:picker(live) then return "idle", nil, "model picker (opened by the user)" end
    local reason, rule = screen:dialog(screen:last(15))
    if reason then return "waiting", screen:question(live) or dialog_title(screen, live) or reason, rule end
    if screen:title_find({ "Action Required", "✋" }) then
      return "waiting", screen:question(live) or dialog_title(screen, live) or "action required", "title"
    end

    -- Working: its spinner line offers "(esc to cancel, 3s)" (outside any box; inside one it is
    -- a dialog's footer).
    if screen:unframed("esc to cancel", screen:last(10)) then
      local _, _, activity = screen:spinner(screen:last(10))
      return "running", activity, "cancel hint"
    end
    if screen:title_find({ "^◇", "Ready" }) then return "idle", nil, "title" end
    -- Its title while working is the spinner (braille, or ✦) and the thought's subject.
    local ok, cp = pcall(utf8.codepoint, screen.title or "", 1)
    if ok and cp and ((cp >= 0x2800 and cp <= 0x28FF) or cp == 0x2726) then
      screen:evidence("title: " .. screen.title, "title spinner")
      return "running", status.clean(screen.title:sub(utf8.offset(screen.title, 2) or 1)), "title spinner"
    end
    return screen:settle()
  end,
})
