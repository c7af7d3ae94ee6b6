-- Questions the hub asks by itself (trusting a repository's .botster/, resuming the agents of a
-- hub that died, a dialog a hook or a timer opened): none ever takes the keys you are typing into
-- an agent. Each waits in app.questions; the status bar shows a badge, and a notice says it came.
-- You open the oldest with question.open (normal mode's o: Ctrl+g o from an agent), answer it, and
-- Escape leaves it unanswered ("not now"). See docs/questions.md. Override in user/hooks.lua:
--   function questions.announce(ev, app) end                  -- no notice, only the badge
--   function App:question_badge() return nil end              -- no badge either
questions = {}

--- Text cut into lines of at most `width` cells at spaces (a word longer than that stays whole),
--- the lines after the first starting with `indent`: what a question's text says, in its box.
---@param text string
---@param width integer
---@param indent? string
---@return string[]
function questions.wrap(text, width, indent)
  local lines, line = {}, ""
  for word in tostring(text):gmatch("%S+") do
    if line ~= "" and #line + 1 + #word > width then
      lines[#lines + 1] = line
      line = (indent or "") .. word
    else
      line = line == "" and word or (line .. " " .. word)
    end
  end
  if line ~= "" then lines[#lines + 1] = line end
  return lines
end

--- The keys that open the oldest question from the mode you are in ("Ctrl+g o"), or the command's id.
--- With `anywhere`, keys that do it from every mode (the way out leads to normal mode, or keeps you
--- there): what a notice says, as it stays on screen while you change modes.
---@param app botster.AppActions
---@param anywhere? boolean
---@return string
function questions.keys(app, anywhere)
  local mode = anywhere and "insert" or app.mode or "insert"
  local here = keys.key_for(mode, "question.open")
  if here then return here end
  local open = keys.key_for("normal", "question.open")
  local out = keys.key_for(mode, "mode.normal")
  if open and out then return out .. " " .. open end
  return "question.open"
end

--- A question came: a notice that says what it asks and how to open it, until it no longer waits
--- (opened, answered or withdrawn: app:notify's question).
---@param ev { id: integer, title: string, from: string }
---@param app botster.AppActions
function questions.announce(ev, app)
  app:notify(("The hub asks: %s  (%s answers it)"):format(ev.title, questions.keys(app, true)), "info", { question = ev.id })
end

questions.hook = hooks.on("question_asked", function(ev, app) questions.announce(ev, app) end, { name = "question notice" })

--- The status bar's badge while questions wait: "? 1 question: Ctrl+g o", or nil for none.
---@return string|nil
function App:question_badge()
  local n = #(self.questions or {})
  if n == 0 then return nil end
  -- While a dialog has the keys, the keys that open the next one would type into it.
  if self.overlay then return ("? %d more question%s waiting"):format(n, n == 1 and "" or "s") end
  return ("? %d question%s: %s"):format(n, n == 1 and "" or "s", questions.keys(self))
end
