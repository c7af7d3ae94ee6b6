-- Jcode (a Rust TUI coding agent, 1jehuang/jcode). Learnt from its source (read at 6da6124a3); not
-- run here: it installs as a binary from its releases (not on npm). What it draws, bottom up:
-- - its input line, numbered by the next message: "3> " at rest ("3» " with a skill, "3$ " in
--   shell mode), "3… " while it works (crates/jcode-tui/src/tui/ui_input.rs, input_prompt and
--   wrap_input_text: the number, then the prompt);
-- - a status row a few rows above it (ui_input.rs, draw_status) while it works: a braille spinner
--   frame (crates/jcode-tui-style/src/theme.rs, SPINNER_FRAMES "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏") before "sending… 3s",
--   "thinking… 12s", a connection phase ("connecting… 1s", "waiting for response… 2s",
--   "retrying 2/5… 5s"), or the stream's "4s · 38.2 tps · ↑12k ↓340" ("(no tokens 3s) · …",
--   "(stalled 12s) · …" when it stalls), or " Rate limited. Auto-retry in 30s..."; while a tool
--   runs a bouncing bar around the tool's name, "●·· bash ··● · cargo test · 8s · Alt+B bg"; with
--   the network down "↻ network disconnected, waiting to retry · …";
-- - nothing on that row at rest (or an occasional tip).
-- It asks no approval in its chat: tools run (its permission requests belong to its ambient mode,
-- reviewed in a separate `jcode permissions` screen), so it is working or at its prompt; its
-- pickers (/model) open between the status row and the input line, which still shows "3> ". Its
-- window title is a session icon and name, no spinner. What it does not draw this way is left to
-- the structural rules (lua/default/status.lua). It resumes with `jcode --resume <id>` (its own
-- `session resume` says so). A file of your own with its version's rules replaces this one.

-- Its spinner frames, each a pattern (Lua classes are bytes, not characters).
local FRAMES = {}
for _, f in ipairs({ "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" }) do
  FRAMES[#FRAMES + 1] = "^%s*" .. f .. "%s+(%S.*)"
end
-- The running tool's bar, left of its name and (mirrored) right of it.
local BARS = { ["●··"] = true, ["·●·"] = true, ["··●"] = true }

-- The running tool's row: "●·· bash ··● · cargo test · 8s · Alt+B bg" -> "bash · cargo test"
-- (the parts after the bar: the tool's detail, then its time and the Alt+B hint).
local function tool_row(line)
  local left, name, right, rest = status.clean(line):match("^(%S+) (%S+) (%S+)(.*)$")
  if not (left and BARS[left] and BARS[right]) then return nil end
  local detail = rest:match("^ · (.-) · ") or rest:match("^ · (.+)$")
  if detail and not detail:find("^%d") and not detail:find("^%(") then return ("%s · %s"):format(name, detail) end
  return name
end

-- The marks after its input line's number (patterns): at rest, with a skill, working, shell mode.
local MARKS = { ">", "»", "…", "%$" }

-- Its input line in the last rows, from the bottom: its kind ("busy" for "3… ", "shell" for
-- "3$ ", else "rest"), the line and its row; nil when none is drawn.
local function input_line(screen, rows)
  for i = #rows, 1, -1 do
    local line = screen.lines[rows[i]] or ""
    local mark
    for _, m in ipairs(MARKS) do
      if line:find("^%d+" .. m .. " ") or line:find("^%d+" .. m .. "$") then
        mark = m
        break
      end
    end
    if mark == "…" then return "busy", line, rows[i] end
    if mark == "%$" then return "shell", line, rows[i] end
    if mark then return "rest", line, rows[i] end
  end
  return nil
end

-- The status row above the input line: what it says Jcode is doing, or nil.
local function working(screen, rows, input_row)
  for _, row in ipairs(rows) do
    if row >= input_row then break end
    local text = screen.lines[row] or ""
    for _, f in ipairs(FRAMES) do
      local what = text:match(f)
      if what then
        screen:evidence(text, "status row")
        return status.clean(what), "status row"
      end
    end
    local tool = tool_row(text)
    if tool then
      screen:evidence(text, "tool bar")
      return tool, "running tool"
    end
    if text:find("^%s*↻ network disconnected, waiting to retry") then
      screen:evidence(text, "network")
      return "waiting to retry", "network retry"
    end
  end
  return nil
end

clis.define({
  name = "jcode",
  title = "Jcode",
  programs = { "jcode" },
  resume = { args = { "--resume", "{session}" } },
  detect = function(screen)
    local live = screen:last(8)
    local input, line, row = input_line(screen, live)
    if not input then return nil end
    -- "3… " is drawn while it works and only then: its status row says at what. At "3> " a
    -- spinner row above is an answer's text (or a stale row), not work.
    if input == "busy" then
      screen:evidence(line, "input line")
      local what, rule = working(screen, live, row)
      return "running", what, rule or "working prompt (N…)"
    end
    -- Shell mode draws "3$ " whether it works or not: its status row tells.
    if input == "shell" then
      local what, rule = working(screen, live, row)
      if what then return "running", what, rule end
    end
    screen:evidence(line, "input line")
    return "idle", nil, "prompt (N>)"
  end,
})
