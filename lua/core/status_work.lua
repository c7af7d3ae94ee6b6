-- What says an agent works, on the status adapters' screen (status_screen.lua): a spinner line,
-- a spinner in the title, a progress bar (OSC 9;4), or output that is still recent (settle).
local T = __botster.status_text
local trim, unframe, is_symbol = T.trim, T.unframe, T.is_symbol
local Screen = __botster.status_screen

-- Glyphs CLIs draw before their input line (❯ ➤ ▶ ▸), never as a spinner.
local PROMPT_GLYPHS = { [0x276F] = true, [0x27A4] = true, [0x25B6] = true, [0x25B8] = true }

--- A spinner or activity line: a symbol, then text ending in "…" or ".." / "..." (an optional
--- parenthesis after it), e.g. "✻ Kneading… (12s · ↓ 300 tokens)", "⠋ Thinking...", "⬡ Grepping..".
--- Returns the line, its row and the activity text ("Kneading…"); recorded as evidence.
function Screen:spinner(rgn)
  rgn = rgn or self:last(10)
  for _, row in ipairs(rgn) do
    local line = self.lines[row] or ""
    -- Cheap refusals first: a spinner line starts with a non-ASCII symbol and has an ellipsis.
    local s = (line:find("…", 1, true) or line:find("..", 1, true)) and line:find("^%s*[\194-\244]") and unframe(line) or ""
    local ok, cp = pcall(utf8.codepoint, s, 1)
    -- (Not a prompt glyph: "❯ Ask anything..." is an input box's placeholder.)
    if s ~= "" and ok and cp and is_symbol(cp) and not PROMPT_GLYPHS[cp] then
      local rest = trim(s:sub(utf8.offset(s, 2) or #s + 1))
      local activity = rest:match("^(%a[^()]-…)%s*%(.*%)$") or rest:match("^(%a[^()]-…)$")
        or rest:match("^(%a[^()]-%.%.%.?)%s*%(.*%)$") or rest:match("^(%a[^()]-%.%.%.?)$")
      if activity then
        self:evidence(line, "spinner")
        return line, row, activity
      end
    end
  end
  return nil
end

--- Nothing new for `seconds` (default 1.5), or already idle: what an adapter answers when the
--- screen shows neither work nor a question. Returns "idle", or "running" while output is
--- still recent (a turn that just produced text), with a reason and rule.
function Screen:settle(seconds)
  seconds = seconds or 1.5
  -- The screen shows no work, but the CLI may say it elsewhere: a spinner in its title, a
  -- progress bar (OSC 9;4). Either is live, however quiet the screen (a transcript view, a
  -- cleared or blank screen).
  local spin = self:title_spinner()
  if spin then return "running", spin ~= "" and spin or nil, "title spinner" end
  if self:progress_running() then return "running", nil, "progress (OSC 9;4)" end
  -- From here on quietness answers, not the screen: lines the adapter looked at and set aside (a
  -- quoted spinner row in the transcript) are no evidence of it, so the hub takes the answer as
  -- quietness (a turn is not "seen working" from them, a report is not overridden by them).
  self._evidence, self._seen = {}, {}
  if (self.quiet or 0) >= seconds then return "idle", nil, ("quiet %.1fs"):format(seconds) end
  if self.state == "idle" or self.state == "done" then return "idle", nil, "still idle" end
  return "running", nil, ("output in the last %.1fs"):format(seconds)
end

--- The first line of a region that contains `text` (any case, plain) outside any box (`│ … │`):
--- recorded as evidence. CLIs draw the same hint as a working line and as a dialog's footer.
function Screen:unframed(text, rgn)
  text = text:lower()
  for _, row in ipairs(rgn or self:all()) do
    local line = self.lines[row]
    if line and line:lower():find(text, 1, true) and not status.framed(line) then
      self:evidence(line, text)
      return line, row
    end
  end
  return nil
end

--- The title (OSC 0/2) if it matches a pattern (or any of a list); recorded as evidence.
function Screen:title_find(patterns)
  if type(patterns) == "string" then patterns = { patterns } end
  local t = self.title or ""
  for _, p in ipairs(patterns) do
    if t:find(p) then
      self:evidence("title: " .. t, "title " .. p)
      return t
    end
  end
  return nil
end

-- Title glyphs that are only ever a spinner's frames: braille (⠸), circle quarters and halves
-- (◐◓◑◒ ◴◵◶◷ ◰◱◲◳ ◜◝◞◟: Claude Code 2.1 turns ◐/◑ in its title while a turn runs, "✳" at rest).
local function title_frame(cp)
  return (cp >= 0x2800 and cp <= 0x28FF) or (cp >= 0x25D0 and cp <= 0x25D3)
    or (cp >= 0x25DC and cp <= 0x25DF) or (cp >= 0x25F0 and cp <= 0x25F7)
end

--- The title starts with a spinner frame ("⠸ codex-git", "⠐ Claude Code", "◑ Claude Code"), as
--- CLIs animate it while they work: returns the title's text after it (recorded as evidence), or
--- nil. A CLI whose screen says nothing (a transcript view, a cleared screen) still says it there.
function Screen:title_spinner()
  local t = self.title or ""
  local ok, cp = pcall(utf8.codepoint, t, 1)
  if not (ok and cp and title_frame(cp)) then return nil end
  self:evidence("title: " .. t, "title spinner")
  return trim(t:sub(utf8.offset(t, 2) or #t + 1))
end

--- OSC 9;4 progress that says a task runs (normal with a value, or indeterminate), as a CLI sets
--- it for the terminal's tab or taskbar: returns a description (recorded as evidence) or nil.
--- Error and paused bars say nothing about work going on.
function Screen:progress_running()
  local p = self.progress
  if type(p) ~= "table" or not (p.state == "normal" or p.state == "indeterminate") then return nil end
  local text = ("progress: %s %s%%"):format(p.state, tostring(p.value or 0))
  self:evidence(text, "progress (OSC 9;4)")
  return text
end
