-- Shells and any other program (asked last, priority 100): what a screen says by its structure,
-- for any CLI without a file of its own (and the fallback of those with one). Only the live
-- region counts (the last rows: what the program draws now); history above it does not.
--   waiting: it rang the bell as its last word; a yes/no question on its last line; a dialog in
--            the live region (choices under a cursor, a dialog footer, an input prompt);
--   running: a working line in the live region (a spinner with an ellipsis, an interrupt hint,
--            an elapsed timer or token counter), a spinner in its title, a progress bar (OSC 9;4);
--   idle:    a shell at its prompt (OSC 133, or its terminal's foreground is its own); an input
--            prompt with nothing working; quiet 1.5 s.

-- What a working line offers: to interrupt or stop it.
-- (Any key "to interrupt": a key rebound in a CLI's config; "esc to interr": cut at a narrow panel.)
local INTERRUPT = { "to interrupt", "esc interrupt", "esc to interr", "esc to stop", "ctrl%+c to stop" }
-- An elapsed time or token count as CLIs draw them beside a turn in progress, in parentheses:
-- "(12s · esc to interrupt)", "(esc to cancel, 1m 3s)", "↓ 1.2k tokens". A bare "Worked for 22s"
-- is the summary of a finished turn.
local TIMERS = { "%(%d+[smh][%s%)·•,]", "%(%d+m %d+s", "[,·•]%s*%d+[smh]%)", "[,·•]%s*%d+m %d+s%)", "[↓↑]%s*[%d%.]+k? tokens" }
-- An input line: a prompt glyph and what the user types (or a placeholder).
local PROMPTS = { "❯", "›", ">", "▶", "➤" }

-- The last input line of a region, and its row (recorded as evidence unless `quiet`).
local function input_prompt(screen, rgn, quiet)
  for i = #rgn, 1, -1 do
    local line = status.clean(screen.lines[rgn[i]] or "")
    for _, p in ipairs(PROMPTS) do
      -- Not a numbered choice ("❯ 1. Yes"): that is a menu.
      if line:sub(1, #p) == p and not line:sub(#p + 1):find("^%s*%d+[%.%)]") then
        if not quiet then screen:evidence(screen.lines[rgn[i]], "input prompt") end
        return line, rgn[i]
      end
    end
  end
  return nil
end

-- The rows of a region below a row.
local function below(rgn, row)
  local out = { name = rgn.name }
  for _, r in ipairs(rgn) do
    if r > row then out[#out + 1] = r end
  end
  return out
end

-- The rows just above the last horizontal rule (blank rows skipped, up to 6).
local function above_last_rule(screen)
  local rules = screen:rules()
  return screen:block_over(rules[#rules] or 1, "above the last rule")
end

-- Does the line start (after blanks) with one of these characters? (A Lua set such as "[╭┌]"
-- would match single bytes of any box character.)
local function starts(line, chars)
  local s = line:sub((line:find("%S") or 1))
  for _, c in ipairs(chars) do
    if s:sub(1, #c) == c then return true end
  end
  return false
end

-- The last box drawn (╭ or ┌ corner down to its ╰ or └), when it closes in the last rows: a dialog
-- box, however tall (taller than the screen: from its sides on the first row). An empty region
-- when there is none.
local function last_box(screen)
  local tail = screen:last(2)
  local bottom
  for i = #tail, 1, -1 do
    if starts(screen.lines[tail[i]], { "╰", "└" }) then bottom = tail[i] break end
  end
  if bottom then
    local rows = { name = "last box" }
    for row = bottom, 1, -1 do
      table.insert(rows, 1, row)
      if starts(screen.lines[row], { "╭", "┌" }) then return rows end
      -- A box taller than the screen: its sides up to the first row, its top cut off.
      if row < bottom and not starts(screen.lines[row], { "│", "┃" }) then break end
      if row == 1 then return rows end
    end
  end
  return { name = "last box" }
end

-- A live working row in the last rows, outside any box: an interrupt hint, or a spinner with an
-- elapsed timer ("✻ Kneading… (12s · esc to interrupt)", "⠋ Thinking… (3s)"). Not recorded.
local function working(screen)
  for _, row in ipairs(screen:last(6)) do
    local line = screen.lines[row]
    if not status.framed(line) then
      local lower = line:lower()
      for _, hint in ipairs(INTERRUPT) do
        if lower:find(hint) then return true end
      end
    end
  end
  return false
end

-- A shell's own prompt as the last line ("$ ", "user@host:~/p# "): what is above it is history.
local function shell_prompt(line)
  return line ~= nil and (line:find("[%$#%%]%s*$") ~= nil or line:find("^%S*[%$#%%>] ") ~= nil)
end

status.adapter({
  name = "generic",
  priority = 100,
  detect = function(screen)
    if screen.bell then
      local line = screen:last(1)[1]
      if line then screen:evidence(screen.lines[line]) end
      return "waiting", "rang the bell", "bell"
    end
    if screen.at_prompt then return "idle", nil, "at its shell prompt" end
    local last = screen:last(1)
    local last_line = last[1] and screen.lines[last[1]] or nil
    -- A model picker the user opened (/model) asks nothing, whatever its footer offers ("Press
    -- enter to select reasoning effort"): the agent is at rest behind it.
    if screen:picker(screen:join(screen:last(20), last_box(screen))) then
      return "idle", nil, "model picker (opened by the user)"
    end
    -- A status line that says it waits for the user ("waiting for permission...", "Waiting for
    -- user confirmation…") in the footer rows: the dialog may sit above the input box.
    local held = screen:ifind({ "waiting for permission", "waiting for user confirmation", "waiting for approval", "awaiting approval" }, screen:last(4))
    if held and not status.framed(held) then
      return "waiting", screen:question(screen:last(15)) or status.clean(held), "waits for the user"
    end
    -- A question is asked now only on the last line (where the program waits for the answer):
    -- once answered ("Proceed? (y/n) y" then "got y") it is history.
    -- (Also a question with its answers listed after it: "log in? [(y)es, (n)o]:".)
    local asks = screen:find({ "%(y/n%)", "%[y/N%]", "%[Y/n%]", "%[y/n%]", "%(yes/no%)", "Press [Ee]nter", "%?%s*%[.*%]%s*:?%s*$", "%?%s*%(.*%)%s*:?%s*$" }, last)
    if asks then return "waiting", screen:question(last) or status.clean(asks), "question" end
    -- A bare "…?" is a weak sign: the model's text streaming under a live working row asks
    -- nothing yet. The working row outranks it (below); with none, it asks.
    local weak = screen:find("%?%s*$", last)
    if weak and not working(screen) then return "waiting", screen:question(last) or status.clean(weak), "question" end
    -- A dialog in the live region, unless a shell prompt came after it; what is above the input
    -- line the CLI draws at rest is history (an answer that quotes a menu, a question answered).
    -- A slash command being typed ("/mo" over its menu of commands) asks nothing: what the
    -- rest of the screen says decides (a working row, or the input prompt at rest).
    local typing = screen:slash_menu(screen:join(screen:last(20), last_box(screen)))
    if not shell_prompt(last_line) and not typing then
      local live = screen:last(12)
      local _, prompt_row = input_prompt(screen, screen:last(8), true)
      if prompt_row then live = below(live, prompt_row) end
      local reason, rule = screen:dialog(live)
      if reason then return "waiting", reason, rule end
      -- A tall menu (three or more numbered choices under a cursor) with a preview under it, and no
      -- input line anywhere below: a first run's theme picker over its sample of text.
      if not prompt_row and not input_prompt(screen, screen:last(20), true) then
        local choice, at, count = screen:menu(screen:last(20))
        if choice and count >= 3 then return "waiting", screen:question(screen:block_over(at)) or status.clean(choice), "numbered choices" end
      end
      local chosen = screen:cursor_choice(screen:last(6))
      if chosen then return "waiting", screen:question(screen:last(8)) or status.clean(chosen), "choices under a cursor" end
      local box = last_box(screen)
      if #box > 0 then
        local line, _, head = screen:boxed_choice(box)
        if line then return "waiting", screen:question(box) or head or status.clean(line), "choices in a box" end
      end
    end
    -- Working: an interrupt hint, a spinner, a timer or token count in the last rows (outside
    -- any box: inside one it is a dialog's text or the model's answer quoted).
    -- (And the block just above the last rule: CLIs draw the working line over their input box.)
    local work = screen:join(screen:last(6), above_last_rule(screen))
    -- A spinner may also sit in the block over the input box's top rule, however far up (a
    -- full-screen CLI draws its transcript from the top, blank rows down to the box); hints and
    -- timers there may be an answer quoting them.
    local far = screen:join(work, screen:above(6))
    for _, hint in ipairs(INTERRUPT) do
      for _, row in ipairs(work) do
        local line = screen.lines[row]
        if line:lower():find(hint) and not status.framed(line) then
          screen:evidence(line, "interrupt hint")
          local _, _, activity = screen:spinner(work)
          return "running", activity, "interrupt hint"
        end
      end
    end
    local spin, _, activity = screen:spinner(far)
    if spin then return "running", activity, "spinner" end
    -- A braille frame before a line (⠇ …): a spinner whatever follows it (braille is never text here).
    for _, row in ipairs(far) do
      local line = screen.lines[row]
      local at = line:find("%S")
      local ok, cp = pcall(utf8.codepoint, line, at or 1)
      if at and ok and cp and cp > 0x2800 and cp <= 0x28FF and line:sub(at + 3, at + 3) == " " then
        screen:evidence(line, "braille spinner")
        return "running", nil, "braille spinner"
      end
    end
    local timer = screen:find(TIMERS, work)
    if timer and not status.framed(timer) then return "running", nil, "timer" end
    local title = screen:title_spinner()
    if title then return "running", title ~= "" and title or nil, "title spinner" end
    if screen:progress_running() then return "running", nil, "progress (OSC 9;4)" end
    -- Its input prompt with nothing working: it waits for a message (what you type echoes).
    if input_prompt(screen, screen:last(6)) then return "idle", nil, "input prompt" end
    -- Quietness answers from here: the lines looked at and set aside above (a timer in a box, a
    -- quoted hint) are no evidence of it (as in screen:settle).
    screen._evidence, screen._seen = {}, {}
    if (screen.quiet or 0) < 1.5 then return "running", nil, "output in the last 1.5s" end
    return "idle", nil, "quiet 1.5s"
  end,
})
