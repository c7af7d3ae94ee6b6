-- What a line a CLI draws is, for the status adapters (lua/core/status.lua): its text without
-- the box sides and bars around it, a horizontal rule, a spinner's symbol, a line inside a box.
-- Shared with the screen's helpers (status_screen.lua, status_dialogs.lua, status_work.lua)
-- through __botster.status_text; status.clean and status.framed are the adapters' own.

-- Without gsub("%s+$"): that pattern is quadratic on the long space runs of drawn screens.
local function trim(s)
  local i = s:find("%S")
  if not i then return "" end
  local j = #s
  local b = s:byte(j)
  while b == 32 or b == 9 or b == 13 or b == 10 do
    j = j - 1
    b = s:byte(j)
  end
  return s:sub(i, j)
end

-- A pattern for a lowercased line: letters lowered, except a %-class (%S must stay %S).
local lowered = {} -- patterns come from adapters' source: a bounded set
local function lower_pattern(p)
  local cached = lowered[p]
  if cached then return cached end
  if not p:find("%%") then lowered[p] = p:lower(); return lowered[p] end
  local out, i = {}, 1
  while i <= #p do
    local c = p:sub(i, i)
    if c == "%" then
      out[#out + 1] = p:sub(i, i + 1)
      i = i + 2
    else
      out[#out + 1] = c:lower()
      i = i + 1
    end
  end
  lowered[p] = table.concat(out)
  return lowered[p]
end

-- Rules: rows that are only horizontal box-drawing (optionally between corners), like the lines
-- Claude Code draws above and below its input box or a ╭───╮ / ╰───╯ box edge.
local HORIZONTAL = { "─", "━", "═", "╌", "┄", "┈", "╍", "┅" }
local CORNERS = { "╭", "╮", "╰", "╯", "┌", "┐", "└", "┘", "├", "┤", "┏", "┓", "┗", "┛", "╔", "╗", "╚", "╝", "┃", "│" }
local function is_rule(line)
  -- Cheap refusals first (this runs on every row): text, or no horizontal line at all.
  if line:find("[%w]") or not (line:find("─", 1, true) or line:find("━", 1, true) or line:find("═", 1, true) or line:find("╌", 1, true) or line:find("┄", 1, true) or line:find("┈", 1, true) or line:find("╍", 1, true) or line:find("┅", 1, true)) then return false end
  local s = trim(line)
  if #s < 9 then return false end -- at least three box characters
  for _, c in ipairs(CORNERS) do
    if s:sub(1, #c) == c then s = s:sub(#c + 1) end
    if s:sub(-#c) == c then s = s:sub(1, -#c - 1) end
  end
  local n = 0
  for _, h in ipairs(HORIZONTAL) do
    local k
    s, k = s:gsub(h, "")
    n = n + k
  end
  return n >= 3 and trim(s) == ""
end

-- Frame characters a CLI draws around text (box sides, quote bars), stripped from reasons.
local FRAME = { "│", "┃", "║", "▌", "▐", "╎", "┆" }
local function unframe(s)
  s = trim(s)
  -- Every frame character is a 3-byte sequence starting 0xE2: most lines have none at either end.
  if s:byte(1) ~= 0xE2 and s:byte(-1) ~= 0xE2 then return s end
  local changed = true
  while changed do
    changed = false
    for _, c in ipairs(FRAME) do
      if s:sub(1, #c) == c then s = trim(s:sub(#c + 1)); changed = true end
      if #s >= #c and s:sub(-#c) == c then s = trim(s:sub(1, -#c - 1)); changed = true end
    end
  end
  return s
end

--- status.clean(text): the text without the box sides and bars a CLI draws around it, trimmed.
status.clean = unframe

--- status.framed(line): the line starts with a box side or bar (│ ┃ …): text inside a drawn box.
--- (A Lua set such as "[│┃]" would match single bytes of any UTF-8 character, ✦ included.)
function status.framed(line)
  local s = line:sub((line:find("%S") or 1))
  for _, c in ipairs(FRAME) do
    if s:sub(1, #c) == c then return true end
  end
  return false
end

-- Symbols spinners and activity lines start with: middle dot, bullets, arrows, geometric shapes,
-- dingbats (Claude's ✻✽…), braille (Gemini's ⠋⠙…), hexagons (Cursor's ⬡⬢) and the like.
local function is_symbol(cp)
  return cp == 0xB7 or cp == 0x2022 or cp == 0x2219 or cp == 0x22C5 or cp == 0x25E6
    or (cp >= 0x2190 and cp <= 0x21FF) -- arrows
    or (cp >= 0x2300 and cp <= 0x23FF) -- technical (⌕ ⏺ ⏳)
    or (cp >= 0x25A0 and cp <= 0x27BF) -- geometric shapes, misc symbols, dingbats
    or (cp >= 0x2800 and cp <= 0x28FF) -- braille spinners
    or (cp >= 0x2B00 and cp <= 0x2BFF) -- hexagons and more shapes
end

-- A line drawn inside a box: a frame character at both ends ("│ text │").
local function boxed(line)
  local s = trim(line)
  if s:byte(1) ~= 0xE2 or #s < 6 or s:byte(-3) ~= 0xE2 then return false end -- both ends a 3-byte character
  local first, last = false, false
  for _, c in ipairs(FRAME) do
    if s:sub(1, #c) == c then first = true end
    if s:sub(-#c) == c then last = true end
  end
  return first and last
end

-- The display column of byte position `at` in a line.
local function column(line, at)
  return (utf8.len(line:sub(1, at - 1)) or (at - 1)) + 1
end

-- The text of a boxed line and the display column it starts at.
local function inner(line)
  local lead = line:find("%S") or 1
  for _, c in ipairs(FRAME) do
    if line:sub(lead, lead + #c - 1) == c then
      local at = line:find("%S", lead + #c)
      return at and unframe(line) or "", at and column(line, at)
    end
  end
  return unframe(line), column(line, lead)
end

-- Marks a CLI draws before a question or a selected choice ("▶ Run this command?", "❯ 1. Yes",
-- "› Allow?"): not part of what it asks, so never the start of a reason.
local MARKS = { "▶", "▸", "❯", "›", "➤", "→", "●", "◆", "◇", ">" }
local function bare_reason(reason)
  local s = trim(reason)
  for _ = 1, 3 do
    local cut = false
    for _, m in ipairs(MARKS) do
      if s:sub(1, #m) == m and s:sub(#m + 1, #m + 1):find("^[%s]") then
        s = trim(s:sub(#m + 1))
        cut = true
      end
    end
    if not cut then break end
  end
  return s ~= "" and s or reason
end

__botster.status_text = {
  trim = trim,
  lower_pattern = lower_pattern,
  is_rule = is_rule,
  unframe = unframe,
  is_symbol = is_symbol,
  boxed = boxed,
  column = column,
  inner = inner,
  bare_reason = bare_reason,
}
