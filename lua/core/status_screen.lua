-- The screen the status adapters read (lua/core/status.lua): the hub's plain screen data wrapped
-- with the regions agent CLIs draw (the input box between rules, the block above it, what is below
-- it), and finding lines in them, each match recorded as evidence so `status --explain` shows the
-- lines that decided. What dialogs and work look like: status_dialogs.lua, status_work.lua.
local T = __botster.status_text
local lower_pattern, is_rule, unframe = T.lower_pattern, T.is_rule, T.unframe

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

-- The other helpers' files add their methods to it.
Screen._nonblank = nonblank
__botster.status_screen = Screen
