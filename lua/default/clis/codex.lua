-- Codex CLI. While it works its status line says "• Working (12s • esc to interrupt)". It asks
-- for approval with a numbered menu under a › cursor ("› 1. Yes, proceed (y)") ending in
-- "Press enter to confirm or esc to cancel" / "enter to submit"; plan questions end in
-- "enter to submit answer" (their footer also says "esc to interrupt": the question wins). It
-- Signals it uses (checked against 0.120.0, 0.130.0, 0.150.0, 0.160.0, 0.169.0, 0.171.0):
--   work:   the live status row over the input line, by its shape: a glyph (• ◦), any header
--           (Working, a reasoning summary's own header, Exploring, Calling a tool), "(" and an
--           elapsed time, and the interrupt hint in any wording or none (hidden, cut at the width),
--           or the header alone cut with "…" at a narrow width; details ("└ …") and the messages
--           waiting for the turn (a header of any wording over "↳ …" rows: queued, or to be sent at
--           the next tool call) may sit between; those messages alone (the row hidden while an
--           answer streams, or off the screen); the title's braille spinner.
--   asking: the approval menu and its footer (also a parallel call's or an MCP tool's, while the
--           turn runs), "Action Required" in the title, OSC 7501 "blocked".
--   never:  the same row in history (more transcript under it), or with a turn's end under it
--           ("■ Conversation interrupted", "Worked for 12s"), even with no input line drawn.
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

-- Its interrupt hint in any wording: a rebound key ("ctrl+c to interrupt"), cut at a narrow
-- width ("esc to interr…").
local HINTS = { "to interrupt", "esc to interr", "to interr…" }

-- What a row of Codex's screen is, by its glyph: "input" (its input line "› ", or a message of
-- yours in the transcript), "ended" (a turn's end: "■ Conversation interrupted", an error, "Worked
-- for 3s"), "detail" ("└ …" under the status row), "queued" ("↳ …": a message waiting for the
-- turn), "blank", or "other".
local function kind(line)
  local t = status.clean(line or "")
  if t == "" then return "blank" end
  if t:find("^›") then return t:find("^›%s*%d+[%.%)]") and "other" or "input" end
  if t:find("^■") or t:find("Worked for %d") then return "ended" end
  if t:find("^└") then return "detail" end
  if t:find("^↳") then return "queued" end
  return "other"
end

local function indent(line)
  return ((line or ""):find("%S") or 1) - 1
end

-- Its input line: the last "› " row that is not a numbered choice; nil when none is drawn.
local function input_row(screen)
  for r = #screen.lines, 1, -1 do
    if kind(screen.lines[r]) == "input" then return r end
  end
  return nil
end

-- Whether row r starts the block of messages waiting for the turn: a header row of any wording
-- ("• Queued follow-up inputs", "• Messages to be submitted after next tool call …") right over
-- a "↳" row (or over its own wrapped rest), the messages under it (long ones wrapped, the "edit last queued message" hint, both
-- indented deeper than the "↳"). Returns the row after the block.
local function queued_block(screen, r)
  -- (A header wider than the screen wraps: its rest indented under its text.)
  local first = r + 1
  while kind(screen.lines[first]) == "other" and indent(screen.lines[first]) > indent(screen.lines[r]) do
    first = first + 1
  end
  if kind(screen.lines[first]) ~= "queued" then return nil end
  local row, deeper = first, nil
  while row <= #screen.lines do
    local k = kind(screen.lines[row])
    if k == "queued" then
      deeper = indent(screen.lines[row])
    elseif not (k == "other" and deeper and indent(screen.lines[row]) > deeper) then
      break
    end
    row = row + 1
  end
  return row
end

-- Whether the row of a status-shaped line is Codex's live status line: between it and its input
-- line only what Codex draws under that row while the turn runs: blank rows, the row's details
-- ("└ …") and the messages waiting for the turn (queued_block). Anything else under it (more of
-- an answer, a message of yours, a turn's end: "■ Conversation interrupted", "Worked for 3s")
-- makes it history. Without an input line on the screen (cut, or another layout) only a turn's
-- end does.
local function live_status(screen, row)
  local input = input_row(screen)
  if not input or input < row then
    for r = row + 1, #screen.lines do
      if kind(screen.lines[r]) == "ended" then return false end
    end
    return true
  end
  local r = row + 1
  while r < input do
    local k = kind(screen.lines[r])
    if k == "blank" or k == "detail" or k == "queued" then
      r = r + 1
    else
      local after = k == "other" and queued_block(screen, r)
      if not after then return false end
      r = after
    end
  end
  return true
end

-- Messages waiting for the turn (queued_block) right over the input line: Codex sends them when
-- the turn ends, so they show only while it runs, also when the status row is hidden (an answer
-- streaming: only "1 background terminal running" left of it) or cut off the screen.
local function waiting_messages(screen)
  local input = input_row(screen)
  if not input then return nil end
  local r = input - 1
  while r >= 1 and kind(screen.lines[r]) == "blank" do r = r - 1 end
  -- Up over the block's rows (indented: messages, hints, the header's wrapped rest) to its header,
  -- the row at the block's left edge.
  local left = indent(screen.lines[r])
  while r > 1 and kind(screen.lines[r]) ~= "blank" and indent(screen.lines[r]) > 0 do
    r = r - 1
    left = math.min(left, indent(screen.lines[r]))
  end
  if kind(screen.lines[r]) ~= "other" or indent(screen.lines[r]) > left then return nil end
  local after = queued_block(screen, r)
  if not after then return nil end
  while after < input and kind(screen.lines[after]) == "blank" do after = after + 1 end
  if after ~= input then return nil end
  screen:evidence(screen.lines[r], "messages waiting for the turn")
  return status.clean(screen.lines[r])
end

-- The live status row by its shape: a glyph, a header, then "(" and an elapsed time (12s, 1m 05s,
-- 1h 02m 03s), or the header cut with "…", right over the input line (live_status). A finished turn's "Worked for 12s" has no
-- parenthesis; a history row ("• Ran make", "• Explored") has no elapsed time and sits higher up.
local function status_row(screen)
  for _, r in ipairs(screen:last(16)) do
    local t = status.clean(screen.lines[r] or "")
    local glyph, head = t:match("^([^%w%s]+)%s+(.-)%s*%(%d+[hms]")
    -- Cut at a narrow width: the header ends in "…" and the elapsed time is gone ("• Looking at
    -- this part of the task…" at 50 columns).
    if not head and kind(screen.lines[r]) == "other" and indent(screen.lines[r]) == 0 then
      glyph, head = t:match("^([^%w%s]+)%s+(%S.-…)$")
    end
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
    -- (Every row with a hint is looked at: a stale one higher up does not hide the live one.)
    for _, r in ipairs(screen:last(16)) do
      local lower = (screen.lines[r] or ""):lower()
      for _, hint in ipairs(HINTS) do
        if lower:find(hint, 1, true) and live_status(screen, r) then
          screen:evidence(screen.lines[r], "interrupt hint")
          local _, _, activity = screen:spinner(screen:last(16))
          return "running", activity, "interrupt hint"
        end
      end
    end
    local row = status_row(screen)
    if row then return "running", row, "live status row" end
    if waiting_messages(screen) then return "running", nil, "messages waiting for the turn" end
    -- Its terminal title carries a braille spinner while a turn runs ("⠸ project").
    if screen:title_spinner() then return "running", nil, "title spinner" end
    return screen:settle()
  end,
})
