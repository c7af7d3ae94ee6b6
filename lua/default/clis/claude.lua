-- Claude Code. It draws its input box between two ─ rules at the bottom; while it works, a
-- spinner line ("✻ Kneading… (12s · ↓ 300 tokens · esc to interrupt)") sits in the block just
-- above the box. A permission dialog ("Do you want to proceed?" with "❯ 1. Yes" choices and
-- "Esc to cancel") replaces the box or sits above it. Higher up is history: a spinner or
-- question there is over. Signals it uses (checked against 1.0.30, 1.0.128, 2.0.77, 2.1.197,
-- 2.1.330-2.1.332): work: the spinner row over the box by its shape ("✻ <any word>… (" with an
-- elapsed time, a token count, the interrupt hint in any wording, or cut short), a background
-- agent listed under the footer with its elapsed time and tokens streaming, a title spinner;
-- asking: a numbered menu under ❯ (the trust prompt of 1.0.30 ends "Enter to confirm · Esc to
-- exit"), "Esc to cancel" dialogs. Its own hooks say it first (wired per launch with --settings), the hub's MCP
-- server comes with --mcp-config; it resumes
-- with `claude --resume <id>`. Override any part from user/ with clis.define({ name = "claude", ... }).

-- A dashed rule (╌╌╌): 2.1.331 frames the command between two, under a tip and its description.
local function dashed(line)
  return status.clean(line):find("^╌╌╌╌╌") ~= nil
end

-- What the dialog asks: for a shell command ("Bash command" header) the command itself: the first
-- line inside the dashed frame when it draws one, else the first line under the header (2.1.197).
local function question(screen, region)
  local lines = screen:text(region)
  for i, line in ipairs(lines) do
    if status.clean(line):find("^Bash command") then
      local from = i + 1
      for j = i + 1, math.min(#lines, i + 6) do
        if dashed(lines[j]) then from = j + 1 break end
      end
      for j = from, #lines do
        local cmd = status.clean(lines[j])
        if cmd ~= "" then
          screen:evidence(line)
          screen:evidence(lines[j])
          return ("run `%s`?"):format(cmd)
        end
      end
    end
  end
  local q = screen:question(region)
  if q then return q end
  local line = screen:find({ "wants to", "Do you want", "Would you like" }, region)
  return line and status.clean(line) or nil
end

-- Its newest transcript for this folder written since the agent started, when no hook reported
-- the id: <config>/projects/<folder with every non-alphanumeric character as ->/<id>.jsonl.
local function transcript(agent, restore)
  local dir = profiles.env(agent, "CLAUDE_CONFIG_DIR") or "~/.claude"
  local slug = (agent.cwd:gsub("[^%w]", "-"))
  -- Claude shortens long names and adds a hash of the path.
  if #slug > 200 then slug = slug:sub(1, 200) .. "-*" end
  for _, f in ipairs(files.glob(dir .. "/projects/" .. slug .. "/*.jsonl")) do
    if not profiles.since_start(f, agent) then return nil end
    local id = f.name:gsub("%.jsonl$", "")
    if not restore.taken[id] then return id end
  end
  return nil
end

clis.define({
  name = "claude",
  title = "Claude Code",
  programs = { "claude*" },
  command = "claude",
  packages = { "@anthropic-ai/claude-code" },
  version = "2.1.331",
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 2.1.332: its
  -- config folder, with .claude.json inside it. Unboxed it keeps ~/.claude.json in your home and
  -- writes it by rename (a temp file beside it, a mkdir lock ~/.claude.json.lock), so no mount of
  -- that one file can hold it; with CLAUDE_CONFIG_DIR set it keeps it in that folder. Without a
  -- .claude.json it can write it still answers, but on every start offers its first-run choices
  -- again and then turns auto mode on, writing permissions.defaultMode = "auto" into your
  -- settings.json (what it did is never saved); without ~/.claude/ it says "Transcript writes are
  -- failing (read-only filesystem — EROFS)" (nothing to resume). Your ~/.claude.json (onboarding,
  -- trusted folders, user MCP servers) is not read there: the box needs a copy of it as
  -- ~/.claude/.claude.json, or Claude onboards again: the box keeps its copy there (seed: made when
  -- missing, and what you change in yours later, a folder trusted, an MCP server, reaches it at the
  -- next start; what the boxed Claude wrote stays). Your own CLAUDE_CONFIG_DIR, set, is the folder it
  -- writes instead, with nothing copied. What else it tries (MCP logs in
  -- ~/.cache/claude-cli-nodejs, its claude:// handler in ~/.local/share/applications and
  -- ~/.config/mimeapps.list) fails quietly.
  sandbox = {
    write = { "~/.claude/" },
    env = { CLAUDE_CONFIG_DIR = "~/.claude" },
    seed = { ["~/.claude/.claude.json"] = "~/.claude.json" },
    -- Its login on Linux (macOS keeps it in the keychain): no other CLI's box sees it.
    secrets = { "~/.claude/.credentials.json" },
    -- Your variables its box gets (the rest of yours stay out): its API key and settings. On
    -- Bedrock or Vertex add yours: table.insert(sandbox.vars, "AWS_*") in user/hooks.lua.
    vars = { "ANTHROPIC_*", "CLAUDE_*", "DISABLE_*", "MCP_*", "MAX_THINKING_TOKENS", "MAX_MCP_OUTPUT_TOKENS",
      "BASH_DEFAULT_TIMEOUT_MS", "BASH_MAX_TIMEOUT_MS", "BASH_MAX_OUTPUT_LENGTH", "USE_BUILTIN_RIPGREP" },
    -- The hosts it reaches through the hub's proxy unasked: the API, sign-in, its feature flags and
    -- error reports. (Its updater, downloads.claude.ai, and its plugin marketplace on github.com are
    -- a question to you.) ANTHROPIC_BASE_URL elsewhere: add that host to the box's network.allow.
    -- Its own sandbox (settings' sandbox.enabled, off unless you turned it on) is left as you set
    -- it: the box is the sandbox. Tried in a box here: a nested bwrap with its own /proc starts
    -- (as root and as another user). Read in 2.1.332 and @anthropic-ai/sandbox-runtime, which it
    -- runs: its sandbox needs socat too, and where it cannot start Claude warns and runs its Bash
    -- commands unsandboxed, still inside the box (failIfUnavailable = true refuses instead).
    -- docs/security.md, "Boxes: network".
    network = { allow = { "api.anthropic.com", "console.anthropic.com", "claude.ai", "platform.claude.com",
      "statsig.anthropic.com", "statsig.com", "sentry.io" } },
  },
  -- Its permission dialogs preselect "1. Yes": Enter takes it, Escape declines.
  -- A prompt of several lines goes in as one bracketed paste (it asks for them), then Enter sends it.
  multiline = "paste",
  -- What stops its turn (botster-tui interrupt, ctrl+c in normal mode): its working row says "esc to interrupt".
  interrupt = "escape",
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  resume = { args = { "--resume", "{session}" }, find = transcript },
  -- Its transcripts (what `botster-tui search` reads besides the screens): one JSONL per session,
  -- in the folder of the project it ran in.
  transcripts = { "${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/*/{session}.jsonl" },
  -- Its account's own limits, as its /usage shows them, asked by the hub with the account's login
  -- (a subscription's; an API key has none): they move an agent to another account with no
  -- question, as an agent cannot make them up (lua/default/account_limits.lua).
  limits = {
    url = "https://api.anthropic.com/api/oauth/usage",
    token = { file = "${CLAUDE_CONFIG_DIR:-$HOME/.claude}/.credentials.json", field = "claudeAiOauth.accessToken" },
    headers = { ["anthropic-beta"] = "oauth-2025-04-20" },
    read = function(answer)
      local out = {}
      for _, name in ipairs({ "five_hour", "seven_day" }) do
        local w = answer[name]
        if type(w) == "table" and type(w.utilization) == "number" then
          out[name] = { used_pct = w.utilization, resets_at = accounts.epoch(w.resets_at) }
        end
      end
      return out
    end,
  },
  hooks = {
    -- settings.json "hooks" for this launch: --settings adds to yours (the hooks of both run).
    settings = {
      file = "claude-settings.json",
      style = "claude",
      events = {
        { event = "SessionStart", state = "idle", why = "records the session id" },
        { event = "UserPromptSubmit", state = "running", why = "you sent a prompt" },
        { event = "PreToolUse", matcher = "*", state = "running", why = "runs a tool (the reason names it)" },
        -- Not idle_prompt ("Claude is waiting for your input" after a minute at its prompt): it asks nothing.
        { event = "Notification", matcher = "permission_prompt|elicitation_dialog", state = "waiting", why = "asks you (the reason is its message)" },
        { event = "Stop", state = "done", why = "finished its turn" },
        -- Instead of Stop when an API error ended the turn: its limit ("You've hit your 5-hour
        -- limit · resets 3pm"), an outage. Else the turn would read as still at work.
        { event = "StopFailure", state = "done", why = "its turn ended on an API error (the reason is its message)" },
      },
      user_file = "${CLAUDE_CONFIG_DIR:-$HOME/.claude}/settings.json",
      -- Agent teams (CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS=1): each teammate in a pane of the hub's
      -- tmux, so it is an agent of the hub under its lead (docs/teams.md), not hidden in-process.
      -- (--teammate-mode in-process on a launch keeps them inside it.)
      -- Messages to other sessions (SendMessage) go to the hub first (docs/teams.md): to an agent
      -- of the hub, typed into it as a prompt when the drive rules let the sender, else refused
      -- with the reason; to its own team, through the team's mailbox. What Claude delivers itself
      -- from outside the team is held for you in the receiving agent, never acted on unseen.
      messages = { matcher = "SendMessage", config = "${CLAUDE_CONFIG_DIR:-$HOME/.claude}" },
      -- Before it asks you about a tool (its PermissionRequest hook) the hub's rules answer:
      -- allow, deny (its model reads why) or ask (its dialog shows): lua/default/permissions.lua.
      permissions = { matcher = "*" },
      extra = { teammateMode = "tmux", crossSessionInbound = "hold" },
      -- Its status line reports the usage Claude hands it (cost, context, the account's limits:
      -- agent.usage), then runs yours (statusLine in your settings) with the same JSON.
      status_line = "claude",
    },
    args = { "--settings", "{hooks}/claude-settings.json" },
    -- Its own commands take no --settings; they ask nothing of the hub anyway.
    own_commands = { "mcp", "config", "doctor", "update", "install", "setup-token", "migrate-installer", "plugin", "-v", "--version", "-h", "--help" },
    -- A --settings of yours would replace ours (the last one wins): yours alone, as asked.
    unless_args = { "--settings" },
  },
  -- The hub's MCP server for this launch (docs/mcp.md): --mcp-config adds it to your servers, its
  -- read-only tools go in --allowedTools, the rest Claude asks for. (Both take several values: the
  -- "=" keeps a prompt after them the prompt.)
  mcp = {
    args = { '--mcp-config={"mcpServers":{"botster":{mcp_server}}}', "--allowedTools={read_tools}" },
    tool = "mcp__botster__{tool}",
  },
  detect = function(screen)
    -- ctrl+r history search: the user is typing at the prompt, whatever the screen behind says.
    if screen:find("⌕ Search…", screen:last(10)) then
      return screen:settle()
    end
    -- The transcript view (ctrl+o / ctrl+r to toggle) hides the live screen: its title still
    -- turns a spinner while a turn runs (2.1: "◑ Claude Code"), and 2.1 starts the footer with
    -- "working ·"; else no way to tell.
    local toggle = screen:ifind("ctrl%+[or] to toggle", screen:last(10))
    if toggle then
      if screen:title_spinner() then return "running", nil, "title spinner (transcript view)" end
      if screen:progress_running() then return "running", nil, "progress (OSC 9;4, transcript view)" end
      if status.clean(toggle):find("^working ·") then return "running", nil, "transcript view: working" end
      return nil
    end

    local live = screen:active() -- the block above the box, the box and below (or the last lines)
    -- /model: a picker the user opened, not a question (2.1: "Select model" over numbered models).
    if screen:picker(live) then return "idle", nil, "model picker (opened by the user)" end
    local choice, _, count = screen:menu(live)
    if choice then
      -- A numbered choice under ❯ is a dialog when it offers more than one choice or asks.
      if count > 1 or screen:question(live)
        or screen:ifind({ "do you want", "would you like" }, live) then
        return "waiting", question(screen, live) or (screen:dialog(live)), "permission dialog"
      end
    end
    -- An offer whose choices have no numbers ("    Yes, set auto mode as my default" over
    -- "  ❯ No, keep accept edits"), drawn in place of the box just after it starts.
    if screen:cursor_choice(live) then
      return "waiting", question(screen, live) or status.clean((screen:cursor_choice(live))), "choices under a cursor"
    end
    -- Its dialogs end with "Esc to cancel" (a text prompt, a dialog without numbered choices);
    -- first-run screens with "Press Enter to continue…".
    local reason, rule = screen:dialog(live)
    if reason then return "waiting", question(screen, live) or reason, rule end
    if screen:ifind("esc to cancel", live) then
      return "waiting", question(screen, live) or "asks you to confirm", "dialog footer"
    end

    -- Working: the spinner it draws above the box and the "esc to interrupt" hint above it or in
    -- the footer below it (never inside the box: that is text the user typed).
    local rows = screen:rules()
    local work = #rows > 0 and screen:join(screen:above(), screen:after()) or screen:last(10)
    -- Messages typed while it works wait above the box ("  ❯ run the tests", 2.0; "⎿ Queued",
    -- 2.1; 1.0 draws them bare and says "Press up to edit queued messages" in the box): the
    -- spinner is the block over them.
    local above = screen:above()
    if #above > 0 and (screen:ifind({ "^%s+❯ ", "queued" }, above) or screen:ifind("edit queued messages", screen:box())) then
      work = screen:join(work, screen:block_over(above[1]))
    end
    -- The hint in any wording a release drew ("esc to interrupt", 1.0's "(12s · esc to interrupt)",
    -- a rebound key "ctrl+c to interrupt"), cut at a narrow panel ("esc to interr…").
    if screen:ifind({ "to interrupt", "esc to interr", "esc interrupt" }, work) then
      local _, _, activity = screen:spinner(work)
      return "running", activity, "interrupt hint"
    end
    local spin, _, activity = screen:spinner(work)
    if spin then return "running", activity, "spinner" end
    -- The elapsed time and token count of a turn in progress: "(9m 21s · ↓ 13.7k tokens)".
    if screen:ifind("%([^()]*%d[^()]*tokens?%s*[^()]*%)", work) then return "running", nil, "token counter" end
    -- An elapsed time alone, the hint cut off: "✻ Kneading… (12s", "(1m 3s ·".
    if screen:find({ "…%s*%(%d+[smh][%s·%)]", "…%s*%(%d+[smh]$", "…%s*%(%d+m %d+s" }, work) then return "running", nil, "elapsed time" end
    -- A background agent at work, listed under the footer (2.1: "◯ general-purpose  Clean the
    -- build    14s · ↓ 15 tokens"): its elapsed time and the tokens streaming to it, while the turn
    -- waits for it ("✻ Waiting for 1 background agent to finish") or the prompt is free.
    -- (Arrows spelled out: a Lua set such as "[↓↑]" matches single bytes of them.)
    local agent = screen:find({ "%d[smh]%s*·%s*↓%s*[%d%.]+k?%s*tokens?", "%d[smh]%s*·%s*↑%s*[%d%.]+k?%s*tokens?" }, screen:after())
    if agent then
      -- Its kind and task, between the glyph and the time: "general-purpose · Clean the build".
      local what = status.clean(agent):match("^%S+%s+(.-)%s%s+%d")
      return "running", what and (what:gsub("%s%s+", " · ")), "background agent"
    end

    -- Its terminal title is a braille spinner while a turn runs ("⠐ Claude Code"), "✳ …" after.
    if screen:title_spinner() then return "running", nil, "title spinner" end
    -- (screen:settle counts a progress bar, OSC 9;4, as work too: 1.0 sets one under Ghostty.)

    -- Claude redraws without a spinner for a moment between steps: idle only after 1.5 s quiet.
    return screen:settle(1.5)
  end,
})
