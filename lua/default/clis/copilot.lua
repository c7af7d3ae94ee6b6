-- GitHub Copilot CLI. While it works: a spinner line with "Esc to cancel" over its input box
-- (0.0.x), or a working row with "esc esc interrupt" under it (1.0). It asks in a box
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
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 1.0.102:
  -- ~/.copilot/ ($COPILOT_HOME: config.json by rename, session-state/, logs/) and ~/.cache/copilot/
  -- ($COPILOT_CACHE_HOME: the binary unpacks its JavaScript there on a first run, 235 MB, and locks
  -- it in use on every run). Without the cache: "Failed to extract bundled package: Error: ENOENT:
  -- no such file or directory, mkdir '~/.cache'"; without ~/.copilot/ it exits 1 saying nothing.
  -- A token /login kept in your keychain (D-Bus, which a box hides) is not there: COPILOT_GITHUB_TOKEN
  -- or GH_TOKEN is.
  -- Its login: the keychain, or ~/.copilot/config.json without one; COPILOT_GITHUB_TOKEN (your
  -- GH_TOKEN and GITHUB_TOKEN stay out of its box: set COPILOT_GITHUB_TOKEN for it).
  -- The hosts it reaches through the hub's proxy unasked: GitHub's API and sign-in, Copilot's API.
  sandbox = {
    write = { "~/.copilot/", "~/.cache/copilot/" }, secrets = { "~/.copilot/config.json" }, vars = { "COPILOT_*" },
    network = { allow = { "github.com", "api.github.com", "githubcopilot.com", "*.githubcopilot.com",
      "copilot-proxy.githubusercontent.com" } },
  },
  -- Its dialogs preselect "1. Yes": Enter takes it, Escape cancels.
  -- What stops its turn (botster-tui interrupt, ctrl+c in normal mode): 1.0's working row says "esc esc interrupt".
  interrupt = "escape escape",
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
    -- --plugin-dir came in 1.0.11: an older release (0.0.354 stops at "unknown option") runs as it is.
    since = "1.0.11",
    own_commands = { "-v", "--version", "-h", "--help", "help", "login", "logout", "update", "plugin", "mcp" },
  },
  -- The hub's MCP server for this launch (docs/mcp.md): --additional-mcp-config adds it to your
  -- servers for this session, --allow-tool lets its read-only tools run unasked; the rest it asks for.
  mcp = {
    args = {
      '--additional-mcp-config={"mcpServers":{"botster":{"type":"local","command":{mcp_command},"args":{mcp_args},"tools":["*"]}}}',
      "--allow-tool={read_tools}",
    },
    tool = "botster({tool})",
  },
  detect = function(screen)
    local live = screen:last(20)
    -- A model picker the user opened (/model) asks nothing, whatever its footer offers.
    if screen:picker(live) then return "idle", nil, "model picker (opened by the user)" end
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
    -- "Esc to cancel" outside a box is its working line ("◉ Thinking (Esc to cancel · 92 B)");
    -- inside one it ends a dialog, and in a row of keys ("↑/↓ to navigate · … · enter to select ·
    -- esc to cancel", or its filter's "No matches" row without "enter to select") a picker's footer.
    local cancel = screen:unframed("esc to cancel", screen:last(10))
    local keys = cancel and cancel:lower():find("to select") or (cancel and cancel:lower():find("rescan providers"))
    if cancel and not keys then
      local _, _, activity = screen:spinner(screen:last(10))
      return "running", activity, "cancel hint"
    end
    -- 1.0 draws its working row under the input box instead, where its mode line is at rest:
    -- "◉ Working · 138 B esc esc interrupt" (0.0.x: "◎ Thinking (Esc to cancel · 115 B)" above it).
    if screen:unframed("esc interrupt", screen:last(4)) then return "running", nil, "interrupt hint" end
    -- The same row in a panel too narrow for its hint: the pulse, "Working" and the bytes so far.
    for _, pulse in ipairs({ "◉", "◎", "○", "●" }) do
      local row = screen:find("^%s*" .. pulse .. "%s+Working%s+·%s+[%d%.]+%s*[kKM]?B", screen:last(4))
      if row and not status.framed(row) then return "running", nil, "working row" end
    end
    -- Its ask_user tool: "Copilot needs information." over choices under a cursor ("❯ Red").
    local chosen = screen:cursor_choice(screen:last(8))
    if chosen then return "waiting", screen:question(screen:last(10)) or status.clean(chosen), "choices under a cursor" end
    -- Its input line between two rules at the bottom, quiet, nothing working: at rest. Its working
    -- row animates while it works, so a quiet screen with the box shows a turn that ended (also
    -- one cancelled with Esc, which no hook reports).
    local rules = screen:rules()
    local top, bottom = rules[#rules - 1], rules[#rules]
    if top and bottom == top + 2 and (screen.quiet or 0) >= 1.5 and #screen:last(3) > 0 and bottom >= screen:last(3)[1] then
      local input = screen.lines[top + 1]
      -- (Unless its title or a progress bar says it works: screen:settle reads those.)
      if status.clean(input):find("^[>❯]") and not screen:title_spinner() and not screen:progress_running() then
        screen:evidence(input, "input box at rest")
        return "idle", nil, "input box at rest"
      end
    end
    return screen:settle()
  end,
})
