-- status: adapters say what an agent is doing from what its screen shows. The hub calls
-- __botster.detect_status while output flows (bounded), when the screen settles and again later;
-- every adapter matching the agent is asked in priority order and the first answer wins.
-- Adapters get the visible screen wrapped with helpers for the regions agent CLIs draw (the input
-- box between ─ rules, the block above it, what is below it) and each helper match is recorded as
-- evidence, so `status --explain` can show the lines that decided.
status = { adapters = {} }

local STATES = { running = true, waiting = true, idle = true }
local FIELDS = { name = true, match = true, detect = true, priority = true }

local function glob(pattern)
  return "^" .. pattern:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
end

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

local Screen = {}
Screen.__index = Screen

local function region(name, rows)
  rows.name = name
  return rows
end

local function nonblank(self, row)
  return (self.lines[row] or ""):find("%S") ~= nil
end

--- The block of non-blank rows over `row` (the blank rows between skipped), at most 6, as a region.
function Screen:block_over(row, name)
  local rows = { name = name or "block over" }
  row = row - 1
  while row >= 1 and not nonblank(self, row) do row = row - 1 end
  while row >= 1 and nonblank(self, row) and #rows < 6 do
    table.insert(rows, 1, row)
    row = row - 1
  end
  return rows
end

--- Rows (numbers, top to bottom) that are horizontal rules.
function Screen:rules()
  if not self._rules then
    local out = {}
    for row, line in ipairs(self.lines) do
      if is_rule(line) then out[#out + 1] = row end
    end
    self._rules = out
  end
  return self._rules
end

-- The input box as rows: top rule, bottom rule (bottom = #lines + 1 when only one rule shows).
function Screen:_box_bounds()
  local r = self:rules()
  if #r == 0 then return nil end
  if #r == 1 then return r[1], #self.lines + 1 end
  return r[#r - 1], r[#r]
end

--- The input box: rows between the last two rules (with one rule, the rows below it).
function Screen:box()
  local top, bottom = self:_box_bounds()
  local rows = {}
  if top then
    for row = top + 1, bottom - 1 do rows[#rows + 1] = row end
  end
  return region("box", rows)
end

--- The block just above the input box: blank rows over its top rule skipped, then the rows up to
--- the next blank row or rule (at most n, default 20). Where dialogs and spinners sit.
function Screen:above(n)
  n = n or 20
  local top = self:_box_bounds()
  local rows = {}
  if not top then return region("above", rows) end
  local row = top - 1
  while row >= 1 and not nonblank(self, row) do row = row - 1 end
  while row >= 1 and nonblank(self, row) and not is_rule(self.lines[row]) and #rows < n do
    table.insert(rows, 1, row)
    row = row - 1
  end
  return region("above", rows)
end

--- Rows after the last rule (under the input box: hints and footers; or a dialog drawn below a
--- single rule).
function Screen:after()
  local r = self:rules()
  local rows = {}
  if #r > 0 then
    for row = r[#r] + 1, #self.lines do rows[#rows + 1] = row end
  end
  return region("after", rows)
end

--- The last n non-empty rows (default 10).
function Screen:last(n)
  n = n or 10
  local rows = {}
  for row = #self.lines, 1, -1 do
    if #rows >= n then break end
    if nonblank(self, row) then table.insert(rows, 1, row) end
  end
  return region("last " .. n, rows)
end

--- Every row of the screen.
function Screen:all()
  local rows = {}
  for row = 1, #self.lines do rows[row] = row end
  return region("screen", rows)
end

--- The rows from the block above the input box to the bottom of the screen (above + box +
--- after), or the last n non-empty rows (default 15) when no rule is drawn. The "live" part of a
--- CLI that draws an input box: what is higher up is history.
function Screen:active(n)
  local top = self:_box_bounds()
  if not top then return self:last(n or 15) end
  local first = top
  local above = self:above()
  if #above > 0 then first = above[1] end
  local rows = {}
  for row = first, #self.lines do rows[#rows + 1] = row end
  return region("active", rows)
end

--- Several regions as one (rows in screen order, each once).
function Screen:join(...)
  local seen, rows, names = {}, {}, {}
  for _, r in ipairs({ ... }) do
    names[#names + 1] = r.name or "?"
    for _, row in ipairs(r) do
      if not seen[row] then seen[row] = true; rows[#rows + 1] = row end
    end
  end
  table.sort(rows)
  return region(table.concat(names, "+"), rows)
end

--- The text of a region's rows (or of the whole screen), top to bottom.
function Screen:text(rgn)
  rgn = rgn or self:all()
  local out = {}
  for _, row in ipairs(rgn) do out[#out + 1] = self.lines[row] or "" end
  return out
end

--- Records a line as evidence of the answer (find does this itself).
function Screen:evidence(line, rule)
  if line and not self._seen[line] then
    self._seen[line] = true
    self._evidence[#self._evidence + 1] = line
  end
  if rule then self._rule = rule end
end

local function search(self, patterns, rgn, nocase)
  if type(patterns) == "string" then patterns = { patterns } end
  rgn = rgn or self:all()
  local use = patterns
  if nocase then
    use = {}
    for i, p in ipairs(patterns) do use[i] = lower_pattern(p) end
  end
  for _, row in ipairs(rgn) do
    local line = self.lines[row] or ""
    local subject = line
    if nocase then
      subject = self._lower[row]
      if not subject then subject = line:lower(); self._lower[row] = subject end
    end
    for i, p in ipairs(use) do
      if subject:find(p) then
        self:evidence(line, patterns[i])
        return line, row
      end
    end
  end
  return nil
end

--- The first line of the region (default: the whole screen) matching a Lua pattern (or any of a
--- list), and its row; nil when none. A match is recorded as evidence.
function Screen:find(patterns, rgn)
  return search(self, patterns, rgn, false)
end

--- find, ignoring case (write the pattern in lowercase; %-classes keep their meaning).
function Screen:ifind(patterns, rgn)
  return search(self, patterns, rgn, true)
end

--- The last line of the region that asks a question (ends with "?", frames and a trailing
--- key hint such as "(y/n)" aside), cleaned of box sides; recorded as evidence.
function Screen:question(rgn)
  rgn = rgn or self:last(15)
  for i = #rgn, 1, -1 do
    local line = self.lines[rgn[i]] or ""
    local text = line:find("?", 1, true) and unframe(line) or ""
    local bare = text:gsub("%s*[%[%(][^%]%)]*[%]%)]%s*$", "")
    if bare:find("%?$") then
      self:evidence(line)
      return text, rgn[i]
    end
  end
  -- Else a question inside a line: "Quick safety check: Is this a project you trust? (Like …)"
  -- (a "?" followed by a space: not a URL's query string).
  for i = #rgn, 1, -1 do
    local line = self.lines[rgn[i]] or ""
    if line:find("?", 1, true) then
      local q = (unframe(line) .. " "):match("([%a][^.:!?]-%?)%s")
      if q then
        self:evidence(line)
        return q, rgn[i]
      end
    end
  end
  return nil
end

-- The first line of the paragraph above `row`, past choices and blank rows: a dialog's heading
-- ("Choose the text style that looks best with your terminal").
local function heading(self, row)
  local r = row - 1
  local function choice(line) return unframe(line):find("^[^%w%s]?%s*%d+[%.%)]%s") ~= nil end
  while r >= 1 and (not nonblank(self, r) or choice(self.lines[r])) do r = r - 1 end
  local first = nil
  while r >= 1 and nonblank(self, r) and not is_rule(self.lines[r]) do
    first = r
    r = r - 1
  end
  return first and unframe(self.lines[first]) or nil
end

local CURSORS = { "❯", "›", "→", ">", "▶", "➤", "●", "▸" }

--- A numbered choice under a cursor (❯ › → > ▶ ➤ ● ▸ followed by "1." …), as CLIs draw their
--- approval menus: the selected line, its row and how many numbered choices the region shows
--- (a lone "❯ 1. fix it" may be text typed at a prompt); recorded as evidence. nil when none.
function Screen:menu(rgn)
  rgn = rgn or self:last(15)
  local found, at, count = nil, nil, 0
  for _, row in ipairs(rgn) do
    local raw = self.lines[row] or ""
    -- A choice has a number followed by "." or ")": most rows have none (cheap to check first).
    local line = raw:find("%d[%.%)]") and unframe(raw) or ""
    local rest = line
    for _, cursor in ipairs(CURSORS) do
      if line:sub(1, #cursor) == cursor then
        rest = line:sub(#cursor + 1)
        if not found and rest:find("^%s*%d+[%.%)]%s*%S") then found, at = self.lines[row], row end
        break
      end
    end
    if rest:find("^%s*%d+[%.%)]%s+%S") then count = count + 1 end
  end
  if not found then return nil end
  self:evidence(found, "numbered choice under a cursor")
  return found, at, count
end

local FOOTERS = { "enter to select", "enter to submit", "enter to confirm", "press enter to", "press return to", "enter continue", "confirm with .* enter", "press any key", "enter select", "enter confirm", "enter submit", "enter retry", "enter to continue", "enter to save" }
-- What a prompt's own footer offers (an idle chat box, not a dialog): "press enter to send".
local PROMPT_VERBS = { send = true, newline = true, queue = true, chat = true, interrupt = true, steer = true }

-- A dialog footer: one of FOOTERS, and not a chat prompt's "enter to send".
local function footer_of(self, rgn)
  for _, row in ipairs(rgn) do
    local line = self.lines[row] or ""
    local lower = self._lower[row] or line:lower()
    self._lower[row] = lower
    for _, p in ipairs(FOOTERS) do
      if lower:find(p) then
        local verb = lower:match("enter to (%a+)") or lower:match("return to (%a+)")
        if not (verb and PROMPT_VERBS[verb]) then
          self:evidence(line, p)
          return line
        end
      end
    end
  end
  return nil
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

--- Choices drawn inside a box without numbers: a cursor (› ❯ → > ▶ ➤ ▸) before one option and
--- another option starting in the same column ("│ › Alibaba ModelStudio │" over "│   Custom
--- Provider │"), as provider and sign-in dialogs draw them. Returns the selected line, its row and
--- the box's heading (its first text line above the choices); recorded as evidence. nil when none.
function Screen:boxed_choice(rgn)
  rgn = rgn or self:last(15)
  for i, row in ipairs(rgn) do
    local line = self.lines[row] or ""
    if boxed(line) then
      local text, col = inner(line)
      for _, cursor in ipairs(CURSORS) do
        if cursor ~= "●" and text:sub(1, #cursor) == cursor and text:sub(#cursor + 1):find("^%s+%a") then
          local option_col = col + 1 + #(text:sub(#cursor + 1):match("^%s+"))
          for j = i + 1, #rgn do
            local other = self.lines[rgn[j]] or ""
            if not boxed(other) then break end
            local t, c = inner(other)
            if t ~= "" and c == option_col and t:find("^%a") then
              -- The heading: the first text line of the box, above the choices.
              local head
              for k = row - 1, 1, -1 do
                local above = self.lines[k] or ""
                if not boxed(above) then break end
                local h = inner(above)
                if h ~= "" then head = h end
              end
              self:evidence(line, "choices in a box")
              return line, row, head
            end
          end
        end
      end
    end
  end
  return nil
end

--- Choices drawn without numbers or a box: a cursor (› ❯ → > ▶ ➤ ▸) before a short option and
--- another short option right under or over it in the same column ("> Login" over "  Exit", or
--- "    Yes, set auto mode" over "  ❯ No, keep accept edits" when the last one is selected), as
--- sign-in menus and Claude Code's offers draw them. An input line ("❯ fix the bug") has no such
--- neighbour. Returns the selected line and its row; recorded as evidence. nil when none.
function Screen:cursor_choice(rgn)
  rgn = rgn or self:last(6)
  for i, row in ipairs(rgn) do
    local line = self.lines[row] or ""
    local at = line:find("%S")
    if at and not boxed(line) then
      local text = line:sub(at)
      for _, cursor in ipairs(CURSORS) do
        if cursor ~= "●" and text:sub(1, #cursor) == cursor and text:sub(#cursor + 1):find("^%s+%a") then
          local option = column(line, at) + 1 + #(text:sub(#cursor + 1):match("^%s+"))
          for _, near in ipairs({ 1, -1 }) do
            local near_row = rgn[i + near]
            local other = near_row == row + near and self.lines[near_row] or nil
            local oat = other and other:find("%S")
            if oat and column(other, oat) == option and other:sub(oat):find("^%a") and utf8.len(trim(text)) <= 60
              and utf8.len(trim(other)) <= 60 then
              self:evidence(line, "choices under a cursor")
              return line, row
            end
          end
        end
      end
    end
  end
  return nil
end

-- Headings of the pickers a user opens with a command (/model): a menu, but nobody asks the user
-- anything; the agent is at rest behind it.
-- (Or the filter field a picker puts over its choices: Copilot 1.0's "❯  Search models…".)
local PICKERS = { "^select model", "^select a model", "^choose a model", "^choose model", "^switch model", "^change model", "^model selection", "^select model and effort", "^[^%w]*search models" }

--- A slash-command menu the user opened by typing: an input line holding only "/word" ("/mo",
--- after a prompt glyph or inside a box) and, within 8 rows of it, a choice naming a command that
--- starts with what was typed ("/model  Switch ...", "→ model  Select model"), or two "/name" rows
--- (a fuzzy menu: "/memory", "/remote" for "/mo"). Returns the input
--- line and its row (recorded as evidence), or nil. Its menu asks nothing: the user is typing.
function Screen:slash_menu(rgn)
  rgn = rgn or self:last(15)
  for i, row in ipairs(rgn) do
    local raw = self.lines[row] or ""
    -- (Qwen Code draws a zero-width space after what was typed.)
    local typed = raw:find("/", 1, true) and unframe(raw):gsub("\226\128\139", ""):gsub("%s+$", ""):gsub("^[^%w/]*", ""):match("^/([%w][%w%-_:]*)$")
    -- (The last input line: a prompt under it makes it history, a command the user ran: "• /model".)
    for k = i + 1, #rgn do
      local later = typed and unframe(self.lines[rgn[k]] or "")
      for _, p in ipairs({ "›", "❯", ">" }) do
        if later and later:sub(1, #p) == p and (later:sub(#p + 1) == "" or later:sub(#p + 1, #p + 1) == " ") then typed = nil end
      end
    end
    if typed then
      local want, commands = typed:lower(), 0
      for j = math.max(1, i - 8), math.min(#rgn, i + 8) do
        if j ~= i then
          local other = unframe(self.lines[rgn[j]] or ""):lower():gsub("^[^%w/]*", "")
          local name = other:match("^/?([%w][%w%-_:]*)")
          if other:find("^/%w") then commands = commands + 1 end
          -- (A fuzzy menu lists commands that only contain what was typed: two or more "/name" rows.)
          if (name and #name > #want and name:sub(1, #want) == want) or commands >= 2 then
            self:evidence(raw, "slash-command menu")
            return unframe(raw), row
          end
        end
      end
    end
  end
  return nil
end

--- A model picker the user opened (a "Select model" heading over its choices, no question):
--- returns its heading line (recorded as evidence), or nil. Not a dialog that asks.
function Screen:picker(rgn)
  rgn = rgn or self:last(15)
  for _, row in ipairs(rgn) do
    local line = self.lines[row] or ""
    local text = line:find("[Mm]odel") and unframe(line):lower() or ""
    for _, p in ipairs(PICKERS) do
      if text:find(p) and not text:find("?", 1, true) then
        for _, r in ipairs(rgn) do
          -- A question among its lines ("Do you want to switch?") makes it a dialog again.
          if r > row and unframe(self.lines[r] or ""):find("%?%s*$") then return nil end
        end
        self:evidence(line, "model picker")
        return unframe(line), row
      end
    end
  end
  return nil
end

--- What most CLIs' dialogs look like, in a region (default: the last 15 non-empty rows): at
--- least two numbered choices under a cursor, a footer such as "enter to select" / "Enter to
--- submit" / "Press enter to continue" / "Press any key", or an input prompt as its last line
--- ("Enter the authorization code:"). Returns a reason (the question, else the footer) and a
--- rule name, recorded as evidence; nil when neither shows.
function Screen:dialog(rgn)
  rgn = rgn or self:last(15)
  -- A model picker the user opened asks nothing (Screen:picker), nor does the menu of a slash
  -- command being typed (Screen:slash_menu).
  if self:picker(rgn) or self:slash_menu(rgn) then return nil end
  local choice, _, count = self:menu(rgn)
  local footer = footer_of(self, rgn)
  if not footer and not (choice and count > 1) then
    local boxed_line, _, head = self:boxed_choice(rgn)
    if boxed_line then return self:question(rgn) or head or unframe(boxed_line), "choices in a box" end
    -- An input prompt as the last line: "Enter the authorization code:", "Paste your token:",
    -- also after a clause ("When prompted, paste your code here:"), or right over the field it
    -- asks for (its placeholder or what was typed: "Paste JSON here...").
    for k = #rgn, math.max(1, #rgn - 1), -1 do
      local last = self.lines[rgn[k]] or ""
      local clean = unframe(last)
      for _, verb in ipairs({ "[Ee]nter", "[Pp]aste", "[Tt]ype" }) do
        if clean:find("^" .. verb .. " [^:]+:$") or clean:find("^%a[^:.]*, " .. verb .. " [^:.]+:$") then
          self:evidence(last, "input prompt")
          return clean, "input prompt"
        end
      end
    end
    return nil
  end
  -- "Press any key to retry" says more than any question elsewhere on the screen.
  if footer and footer:lower():find("press any key") then return unframe(footer), "dialog footer" end
  local q = self:question(rgn)
  local head = choice and heading(self, select(2, self:menu(rgn)))
  return q or (head ~= "" and head) or (footer and unframe(footer)) or unframe(choice), footer and "dialog footer" or "numbered choices"
end

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

--- Wraps the hub's plain screen data with the helpers (and the old API's lines: screen[1..n] are
--- the last 15 non-empty lines, so adapters written as detect(lines, agent) keep working).
function status.screen(data)
  local s = setmetatable(type(data) == "table" and data or {}, Screen)
  if type(s.lines) ~= "table" then s.lines = {} end
  s.title = s.title or ""
  s.quiet = tonumber(s.quiet) or 0
  s.at_prompt = s.at_prompt == true
  s.bell = s.bell == true
  local last = s:last(15)
  for i, row in ipairs(last) do s[i] = s.lines[row] end
  s._evidence, s._seen, s._rule, s._lower = {}, {}, nil, {}
  return s
end

--- status.adapter({ name = "codex", match = "codex*", priority = 0, detect = function(screen, agent) ... end })
--- `match`: a glob tried on agent.program, then agent.command (and its first word's file name),
--- then agent.name; or a function(agent) -> boolean; nil = every agent. `detect` returns
--- "running" | "waiting" | "idle" | nil (no opinion: the next adapter is asked), a reason and
--- optionally a rule name. Lower priority asks first; at equal priority the later-added one does
--- (so yours go before the shipped ones); an adapter with the same name replaces the old one.
function status.adapter(def)
  if type(def) ~= "table" then error("status.adapter needs a table { name = ..., detect = function(screen, agent) ... end }", 2) end
  if type(def.name) ~= "string" or def.name == "" then error("status.adapter: name must be a non-empty string", 2) end
  for k in pairs(def) do
    if not FIELDS[k] then error(("status.adapter %q: unknown field %q (name, match, priority, detect)"):format(def.name, tostring(k)), 2) end
  end
  if type(def.detect) ~= "function" then error(("status.adapter %q: detect must be a function(screen, agent)"):format(def.name), 2) end
  if def.match ~= nil and type(def.match) ~= "string" and type(def.match) ~= "function" and type(def.match) ~= "table" then
    error(("status.adapter %q: match must be a glob string, a list of them or a function(agent)"):format(def.name), 2)
  end
  if def.priority ~= nil and type(def.priority) ~= "number" then error(("status.adapter %q: priority must be a number"):format(def.name), 2) end
  status._order = (status._order or 0) + 1
  local a = { name = def.name, detect = def.detect, priority = def.priority or 0, source = __botster.where(2), order = status._order }
  if type(def.match) == "string" or type(def.match) == "table" then
    local globs = type(def.match) == "string" and { def.match } or def.match
    local ps = {}
    for i, g in ipairs(globs) do
      if type(g) ~= "string" then error(("status.adapter %q: match must be a glob string, a list of them or a function(agent)"):format(def.name), 2) end
      ps[i] = glob(g)
    end
    a.match = function(agent)
      local command = tostring(agent.command or "")
      local file = command:match("^%s*(%S+)") or ""
      file = file:match("([^/]+)$") or file
      for _, subject in ipairs({ tostring(agent.program or ""), command, file, tostring(agent.name or "") }) do
        for _, p in ipairs(ps) do
          if subject ~= "" and subject:match(p) then return true end
        end
      end
      return false
    end
    a.glob = table.concat(globs, ", ")
  else
    a.match = def.match
  end
  for i, old in ipairs(status.adapters) do
    if old.name == a.name then status.adapters[i] = a; return end
  end
  status.adapters[#status.adapters + 1] = a
end

--- The adapters in the order they are asked.
function status.list()
  local list = {}
  for _, a in ipairs(status.adapters) do list[#list + 1] = a end
  table.sort(list, function(x, y)
    if x.priority ~= y.priority then return x.priority < y.priority end
    return x.order > y.order
  end)
  return list
end

-- One log line per adapter and message: it is asked twice a second, the log must not flood.
local logged = {}
local function report(a, message)
  local key = a.name .. "\0" .. message
  if logged[key] then return end
  logged[key] = true
  __host_log("error", ("%s (status adapter %s): %s"):format(a.source, a.name, message))
end

local function prepare(agent, data)
  agent = type(agent) == "table" and agent or {}
  local screen = status.screen(data)
  screen.state = screen.state or agent.state
  -- What the old API handed adapters on the agent itself.
  if agent.at_prompt == nil then agent.at_prompt = screen.at_prompt end
  if agent.rang_bell == nil then agent.rang_bell = screen.bell end
  return agent, screen
end

-- Does adapter `a` match the agent? false and an error message when its match() fails.
local function matches(a, agent)
  if not a.match then return true end
  local ok, yes = pcall(a.match, agent)
  if not ok then
    report(a, "match: " .. tostring(yes))
    return false, "match: " .. tostring(yes)
  end
  return yes and true or false
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

-- Asks one adapter: its verdict table, or nil (no opinion), or nil and an error message.
local function ask(a, agent, screen)
  screen._evidence, screen._seen, screen._rule = {}, {}, nil
  local ok, state, reason, rule = pcall(a.detect, screen, agent)
  if ok and state ~= nil and not STATES[state] then
    ok, state = false, ("detect returned %q (expected \"running\", \"waiting\", \"idle\" or nil)"):format(tostring(state))
  end
  if not ok then
    report(a, tostring(state))
    return nil, tostring(state)
  end
  if state == nil then return nil end
  return {
    state = state,
    reason = reason ~= nil and bare_reason(tostring(reason)) or nil,
    adapter = a.name,
    rule = rule ~= nil and tostring(rule) or screen._rule,
    lines = screen._evidence,
    priority = a.priority,
  }
end

-- Called by the hub: what the adapters say about an agent's screen. Returns nil (no answer) or
-- { state, reason, adapter, rule, lines, priority }; with `explain` also `tried` (each adapter
-- asked, in order), and then a table even when none answered.
function __botster.detect_status(agent, data, explain)
  local screen
  agent, screen = prepare(agent, data)
  local tried = explain and {} or nil
  for _, a in ipairs(status.list()) do
    local yes, merr = matches(a, agent)
    if merr then
      if tried then tried[#tried + 1] = { adapter = a.name, error = merr } end
    elseif yes then
      local v, err = ask(a, agent, screen)
      if tried then tried[#tried + 1] = { adapter = a.name, state = v and v.state, rule = v and v.rule, error = err } end
      if v then
        v.tried = tried
        return v
      end
    end
  end
  if tried then return { tried = tried } end
  return nil
end

-- For the hub when improvements add adapters too (src/lua/runtime/status-units.ts merges every
-- Lua state's adapters by priority and name, and asks each adapter in the state that defined it).

--- How many adapters this Lua state registered.
function __botster.adapter_count()
  return #status.adapters
end

--- The adapters matching an agent (nil: every adapter), in the order they are asked: { { name, priority }, ... }.
function __botster.adapters_for(agent)
  local out = {}
  for _, a in ipairs(status.list()) do
    if agent == nil or matches(a, agent) then out[#out + 1] = { name = a.name, priority = a.priority } end
  end
  return out
end

--- Asks the adapter named `name`: its verdict, nil (no opinion), or { error = message }.
function __botster.detect_with(name, agent, data)
  local screen
  agent, screen = prepare(agent, data)
  for _, a in ipairs(status.adapters) do
    if a.name == name then
      local v, err = ask(a, agent, screen)
      if err then return { error = err } end
      return v
    end
  end
  return nil
end
