-- What the dialogs agent CLIs draw look like on the status adapters' screen (status_screen.lua):
-- numbered choices under a cursor, choices in a box or under a cursor without numbers, a footer
-- such as "enter to select", a model picker, a slash command's menu; Screen:dialog puts them
-- together.
local T = __botster.status_text
local trim, is_rule, unframe, boxed, column, inner = T.trim, T.is_rule, T.unframe, T.boxed, T.column, T.inner
local Screen = __botster.status_screen
local nonblank = Screen._nonblank

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
