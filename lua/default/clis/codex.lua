-- Codex CLI. While it works its status line says "• Working (12s • esc to interrupt)". It asks
-- for approval with a numbered menu under a › cursor ("› 1. Yes, proceed (y)") ending in
-- "Press enter to confirm or esc to cancel" / "enter to submit"; plan questions end in
-- "enter to submit answer" (their footer also says "esc to interrupt": the question wins). It
-- Signals it uses (checked against 0.120.0, 0.130.0, 0.150.0, 0.160.0, 0.169.0, 0.171.0):
--   work:   the live status row over the input line, by its shape: a glyph (• ◦), any header
--           (Working, a reasoning summary's own header, Exploring, Calling a tool), "(" and an
--           elapsed time, and the interrupt hint in any wording or none (hidden, cut at the width);
--           queued input ("↳ …") and details ("└ …") may sit between; the title's braille spinner.
--   asking: the approval menu and its footer (also a parallel call's or an MCP tool's, while the
--           turn runs), "Action Required" in the title, OSC 7501 "blocked".
--   never:  the same row in history (more transcript under it), a finished turn ("Worked for 12s").
-- It reports each finished turn to its `notify` program (wired per launch with -c notify=...), takes
-- the hub's MCP server with -c mcp_servers.botster=... and resumes with `codex resume <id>`.

-- The command an approval is about ("$ rm -rf build" in the dialog), as the reason.
local function command(screen, region)
  for _, line in ipairs(screen:text(region)) do
    local cmd = status.clean(line):match("^%$ (.+)")
    if cmd then
      screen:evidence(line)
      return ("run `%s`?"):format(cmd)
    end
  end
  return nil
end

-- The newest rollout written since the agent started whose first line (session_meta) records this
-- folder, when notify reported no id: $CODEX_HOME (~/.codex)/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl.
local function rollout(agent, restore)
  local home = profiles.env(agent, "CODEX_HOME") or "~/.codex"
  for _, f in ipairs(files.glob(home .. "/sessions/*/*/*/rollout-*.jsonl", { limit = 200 })) do
    if not profiles.since_start(f, agent) then return nil end
    local meta = files.json_line(f.path)
    local p = type(meta) == "table" and (type(meta.payload) == "table" and meta.payload or meta) or {}
    local id = p.id or p.session_id or f.name:match("(%x+%-%x+%-%x+%-%x+%-%x+)%.jsonl$")
    if id and p.cwd == agent.cwd and not restore.taken[id] then return id end
  end
  return nil
end

-- Whether the row of an interrupt hint is Codex's live status line: under it, before its input
-- line ("› "), only blank rows, the status line's own details ("└ …"), queued messages ("↳ …")
-- under their header ("• Queued follow-up inputs", 0.120: "… messages") and its "edit last queued
-- message" hint. An answer quoting such a row has more of the answer, or the turn's end ("Worked
-- for 3s"), under it. Without an input line on the screen (cut, or another layout) the hint counts as before.
local function live_status(screen, row)
  for r = row + 1, #screen.lines do
    local t = status.clean(screen.lines[r] or "")
    if t:find("^›") then return true end
    if t:find("Worked for %d") then return false end
    if t ~= "" and not (t:find("^└") or t:find("^↳") or t:lower():find("queued", 1, true)) then
      for r2 = r + 1, #screen.lines do
        if status.clean(screen.lines[r2] or ""):find("^›") then return false end
      end
      return true
    end
  end
  return true
end

-- The live status row by its shape: a glyph, a header, then "(" and an elapsed time (12s, 1m 05s,
-- 1h 02m 03s) right over the input line (live_status). A finished turn's "Worked for 12s" has no
-- parenthesis; a history row ("• Ran make", "• Explored") has no elapsed time and sits higher up.
local function status_row(screen)
  for _, r in ipairs(screen:last(10)) do
    local t = status.clean(screen.lines[r] or "")
    local glyph, head = t:match("^([^%w%s]+)%s+(.-)%s*%(%d+[hms]")
    -- Not the input line, a detail, a queued message or a box's side.
    local other = glyph == "›" or glyph == "└" or glyph == "↳" or glyph == "│" or glyph == ">"
    if head and head ~= "" and not other and not t:find("Worked for") and live_status(screen, r) then
      screen:evidence(screen.lines[r], "live status row")
      return head
    end
  end
  return nil
end

clis.define({
  name = "codex",
  title = "Codex CLI",
  programs = { "codex*" },
  command = "codex",
  packages = { "@openai/codex" },
  version = "0.169.0",
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 0.171.0:
  -- $CODEX_HOME (~/.codex): its SQLite state (without it: "Codex couldn't start because its local
  -- database appears to be damaged ... unable to open database file"), sessions, history,
  -- auth.json (a file, not the keyring), config.toml, and, started without -c, its shared
  -- background server (app-server-daemon/, app-server-control/*.sock, a copy of its binary in
  -- packages/; without them: "failed to create daemon state directory ... Read-only file
  -- system"). The hub's launches pass -c (notify, MCP), which keeps that server inside Codex
  -- ("Running without the shared background server: command-line configuration overrides ...
  -- requires embedded mode"); `codex --no-daemon` does too.
  -- (Your own CODEX_HOME, set, is the folder its box writes instead.)
  -- The hosts it reaches through the hub's proxy unasked: OpenAI's API, ChatGPT's sign-in and backend.
  -- Its own sandbox (bubblewrap or landlock, for the commands it runs) still starts in the box, in a
  -- user namespace of its own (docs/security.md): left on, as you set it.
  sandbox = {
    write = { "~/.codex/" }, env = { CODEX_HOME = "~/.codex" },
    -- its login (`codex login`): no other CLI's box sees it
    secrets = { "~/.codex/auth.json" },
    vars = { "OPENAI_*", "CODEX_*", "AZURE_OPENAI_*" },
    network = { allow = { "api.openai.com", "auth.openai.com", "chatgpt.com", "*.chatgpt.com" } },
  },
  -- Its approval takes "y" (Enter would take whatever is selected); Escape declines.
  -- A prompt of several lines goes in as one bracketed paste (it asks for them), then Enter sends it.
  multiline = "paste",
  -- What stops its turn (botster-tui interrupt, ctrl+c in normal mode): "esc to interrupt" while it works.
  interrupt = "escape",
  answers = { yes = { text = "y" }, no = { keys = "escape" } },
  resume = { args = { "resume", "{session}" }, find = rollout },
  -- Its transcripts (what `botster-tui search` reads besides the screens): one JSONL per session
  -- (its thread id, which notify reports), in a folder per day.
  transcripts = { "${CODEX_HOME:-$HOME/.codex}/sessions/*/*/*/rollout-*-{session}.jsonl" },
  hooks = {
    -- One notify program, run with its JSON as the last argument (agent-turn-complete -> done).
    -- -c notify would replace a notify program of yours (ours included): yours stays.
    args = { "-c", "notify={notify}" },
    own_commands = { "-V", "--version", "-h", "--help" },
    unless_file_has = { file = "${CODEX_HOME:-$HOME/.codex}/config.toml", pattern = "^[[:space:]]*notify[[:space:]]*=" },
    -- What `botster-tui hooks codex --install` writes into your config instead (it runs one notify program).
    user_toml = { file = "${CODEX_HOME:-$HOME/.codex}/config.toml", key = "notify", value = "{notify}" },
  },
  -- The hub's MCP server for this launch (docs/mcp.md), a whole [mcp_servers.botster] table in
  -- one -c; its read-only tools need no approval, the rest Codex asks for as its annotations say.
  -- Codex starts a server with a few variables of its own only (HOME, PATH, ...): env_vars passes
  -- on the ones that say which hub it is in, or the server would look for ~/.botster's.
  mcp = {
    args = {
      "-c",
      'mcp_servers.botster={ command = {mcp_command}, args = {mcp_args}, env_vars = ["BOTSTER_HOME", "BOTSTER_SOCKET", "BOTSTER_AGENT_ID"], tools = { {read_tools} } }',
    },
    tool = '{tool} = { approval_mode = "approve" }',
  },
  detect = function(screen)
    local live = screen:last(20)
    -- /model: "Select Model and Effort" over numbered models, "enter select": the user's picker.
    if screen:picker(live) then return "idle", nil, "model picker (opened by the user)" end
    local footer = screen:ifind("press enter to confirm", live)
    if footer then return "waiting", command(screen, live) or screen:question(live) or status.clean(footer), "confirm footer" end
    local reason, rule = screen:dialog(live)
    if reason then return "waiting", command(screen, live) or reason, rule end
    -- Signing in: it waits for the user to finish in a browser.
    local signin = screen:ifind("finish signing in", live)
    if signin then return "waiting", status.clean(signin), "sign-in" end
    -- Its title says so too: "[ . ] Action Required | project".
    if screen:title_find("Action Required") then return "waiting", command(screen, live) or "action required", "title" end
    -- Older versions and plain questions: "Allow command?", "[y/n]", "yes (y) / no (n)".
    local yn = screen:ifind({ "allow command%?", "%[y/n%]", "%(y/n%)", "yes %(y%)" }, screen:last(5))
    if yn then return "waiting", screen:question(screen:last(5)) or status.clean(yn) end

    -- Codex announces its state itself (OSC 7501 "state=working:app=codex"); the screen above
    -- still names what a dialog asks.
    local mark = screen.osc and screen.osc["7501"]
    local said = mark and mark:match("state=(%a+)")
    if said == "blocked" then
      screen:evidence("OSC 7501 " .. mark)
      return "waiting", command(screen, live) or screen:question(live) or "approval", "OSC 7501 blocked"
    elseif said == "working" or said == "idle" or said == "done" then
      screen:evidence("OSC 7501 " .. mark)
      return said == "working" and "running" or "idle", nil, "OSC 7501 " .. said
    end
    -- Its status line ("• Working (5s • esc to interrupt)") sits right over the input line ("›"),
    -- queued messages between; an answer quoting such a row is followed by more of the answer or
    -- by the turn's end ("Worked for 3s").
    -- Structure before words: the hint in any wording (a rebound key: "ctrl+c to interrupt"; cut
    -- at a narrow width: "esc to interr…"), or the row's elapsed time ("• Exploring (12s", "(1m 05s")
    -- with no hint at all (hidden while a parallel call's approval or an MCP tool is pending), in
    -- the live status's place: whatever the header says (Working, Exploring, Searching, Running a
    -- tool, a reasoning summary's own header), it is work.
    local hint, hrow = screen:ifind({ "to interrupt", "esc to interr", "to interr…" }, screen:last(10))
    if hint and live_status(screen, hrow) then
      local _, _, activity = screen:spinner(screen:last(10))
      return "running", activity, "interrupt hint"
    end
    local row = status_row(screen)
    if row then return "running", row, "live status row" end
    -- Its terminal title carries a braille spinner while a turn runs ("⠸ project").
    if screen:title_spinner() then return "running", nil, "title spinner" end
    return screen:settle()
  end,
})
