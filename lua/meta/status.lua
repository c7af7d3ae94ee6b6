---@meta
-- LuaLS annotations for status adapters: what is an agent doing (running, waiting for you, idle)?
-- Shipped adapters: the `detect` of each lua/default/clis/<cli>.lua (clis.define). The hub asks them while an agent's output
-- flows (at most ~2 times a second), when its screen settles (~0.3 s without output) and again at
-- 1.5 s without output.

---@alias botster.AgentState "running"|"waiting"|"idle"|"done"|"exited"
---@alias botster.DetectedState "running"|"waiting"|"idle"

--- What a status adapter's `detect` gets as `agent`.
---@class botster.AdapterAgent
---@field id string
---@field name string
---@field program? string       # the foreground program in its terminal ("claude" even when typed into a shell agent)
---@field command string        # what it was started with
---@field cwd string
---@field title string          # OSC 0/2 title
---@field state botster.AgentState # its current state
---@field reason? string        # why it is in that state (for waiting: the question)
---@field at_prompt boolean     # (old API) same as screen.at_prompt
---@field rang_bell boolean     # (old API) same as screen.bell
---@field cli_version? string   # the running CLI's release ("1.18.33"), for a CLI whose file has `versions`: read from its binary (package.json beside it, else its --version); nil until known

--- OSC 9;4 progress a program reported.
---@class botster.Progress
---@field state "normal"|"error"|"indeterminate"|"paused"
---@field value number          # 0..100

--- A set of screen rows (row numbers, top to bottom) that the helpers return and take.
---@class botster.Region: integer[]
---@field name string           # "box", "above", "after", "last 10", "active", "screen", ...

--- The visible screen (viewport only, never scrollback), with helpers for the regions agent CLIs
--- draw. `screen[1..n]` also holds the last 15 non-empty lines, so an adapter written for the old
--- `detect(lines, agent)` API keeps working.
---@class botster.Screen
---@field lines string[]        # every row, top to bottom, right-trimmed, blank rows as ""
---@field title string          # OSC 0/2 title, or ""
---@field progress? botster.Progress
---@field at_prompt boolean     # a shell at its prompt: it marked it (OSC 133), or a shell agent owns its terminal's foreground with nothing running under it
---@field bell boolean          # it rang the bell in its latest output
---@field quiet number          # seconds since its last output
---@field state botster.AgentState # its current state
---@field notification? {text: string, age: number} # the last desktop notice it asked for (OSC 9 / OSC 777), age in seconds
---@field osc table<string, string> # the last payload of state OSCs by code: osc["7501"] = "state=working:app=codex" (Codex)
---@field [integer] string      # the last 15 non-empty lines (old API)
local Screen = {}

--- The first line of `region` containing `text` (any case, plain text) that is not inside a box
--- (`│ … │`), and its row; recorded as evidence ("esc to cancel" is a working line outside a box,
--- a dialog's footer inside one).
---@param text string
---@param region? botster.Region
---@return string|nil line
---@return integer|nil row
function Screen:unframed(text, region) end

--- The block of non-blank rows just over `row` (blank rows between skipped), at most 6.
--- ```lua
--- local work = screen:block_over(screen:rules()[1] or 1, "over the box")
--- ```
---@param row integer
---@param name? string  # the region's name in --explain (default "block over")
---@return botster.Region
function Screen:block_over(row, name) end

--- Rows that are horizontal rules (only ─ ━ ═ …, optionally between box corners).
---@return integer[]
function Screen:rules() end

--- The input box: rows between the last two rules (with one rule, the rows below it).
---@return botster.Region
function Screen:box() end

--- The block just above the input box (blank rows over its top rule skipped, then up to the next
--- blank row or rule; at most `n`, default 20): where spinners and dialogs sit.
---@param n? integer
---@return botster.Region
function Screen:above(n) end

--- Rows after the last rule: hints and footers under the box, or a dialog under a single rule.
---@return botster.Region
function Screen:after() end

--- The last `n` non-empty rows (default 10).
---@param n? integer
---@return botster.Region
function Screen:last(n) end

--- Every row.
---@return botster.Region
function Screen:all() end

--- From the block above the input box to the bottom (or the last `n` non-empty rows, default
--- 15, when no rule is drawn): the live part of the screen; what is higher up is history.
---@param n? integer
---@return botster.Region
function Screen:active(n) end

--- Several regions as one.
---@param ... botster.Region
---@return botster.Region
function Screen:join(...) end

--- The text of a region's rows (default: every row).
---@param region? botster.Region
---@return string[]
function Screen:text(region) end

--- The first line of `region` (default: every row) matching a Lua pattern, or any of a list;
--- returns the line and its row, and records it as evidence (its pattern becomes the rule).
---@param patterns string|string[]
---@param region? botster.Region
---@return string? line
---@return integer? row
function Screen:find(patterns, region) end

--- `find` ignoring case: write patterns in lowercase (%-classes such as %S keep their meaning).
---@param patterns string|string[]
---@param region? botster.Region
---@return string? line
---@return integer? row
function Screen:ifind(patterns, region) end

--- The last line of `region` (default: the last 15 non-empty rows) that asks a question (ends
--- with "?", a trailing "(y/n)"-style hint aside), without box sides; recorded as evidence.
---@param region? botster.Region
---@return string? question
---@return integer? row
function Screen:question(region) end

--- A numbered choice under a cursor ("❯ 1. Yes", "› 1. Allow", "● 1. Trust folder"): the
--- selected line, its row and how many numbered choices `region` shows; recorded as evidence.
---@param region? botster.Region
---@return string? line
---@return integer? row
---@return integer? count
function Screen:menu(region) end

--- Choices drawn inside a box without numbers: a cursor before one option and another option in
--- the same column ("│ › Alibaba ModelStudio │" over "│   Custom Provider │"). The selected
--- line, its row and the box's heading; recorded as evidence.
--- ```lua
--- local line, row, heading = screen:boxed_choice(screen:last(20))
--- ```
---@param region? botster.Region
---@return string? line
---@return integer? row
---@return string? heading
function Screen:boxed_choice(region) end

--- Choices without numbers or a box: a cursor before a short option and another short option
--- right under or over it in the same column ("> Login" over "  Exit"). An input line has no such
--- neighbour. The selected line and its row; recorded as evidence.
--- ```lua
--- if screen:cursor_choice(screen:last(6)) then return "waiting", screen:question(), "menu" end
--- ```
---@param region? botster.Region
---@return string? line
---@return integer? row
function Screen:cursor_choice(region) end

--- A model picker the user opened, which asks nothing: "Select model" over its choices, no
--- question (or Copilot's "Search models…" field). Its heading and row; recorded as evidence.
--- Screen:dialog is nil for it.
--- ```lua
--- if screen:picker(screen:last(20)) then return "idle", nil, "model picker (opened by the user)" end
--- ```
---@param region? botster.Region
---@return string? line
---@return integer? row
function Screen:picker(region) end

--- A slash-command menu the user is typing into: the last input line holds only "/word" ("/mo",
--- after a prompt glyph or inside a box) and, within 8 rows, a command starting with what was
--- typed ("/model  Switch model", "→ model") or two "/name" rows (a fuzzy menu). The typed line
--- and its row; recorded as evidence. Its menu asks nothing (Screen:dialog is nil for it), but the
--- agent may still be working: the rest of the screen says.
---@param region? botster.Region
---@return string? line
---@return integer? row
function Screen:slash_menu(region) end

--- A dialog as most CLIs draw one: two or more numbered choices under a cursor, choices in a box,
--- a footer like "enter to select" / "Enter to submit" / "Press enter to continue" / "Press
--- return to" (not a chat box's "enter to send"), or an input prompt as the last line ("Enter the
--- authorization code:", "When prompted, paste your code here:"; or over its field: "Paste your
--- login code:" over "Paste JSON here..."). Returns a reason (the question,
--- else the heading or footer) and a rule name; nil when none shows.
---@param region? botster.Region
---@return string? reason
---@return string? rule
function Screen:dialog(region) end

--- A spinner or activity line: a symbol, then text ending in "…" or ".."/"..." (an optional
--- parenthesis after it): "✻ Kneading… (12s · ↓ 300 tokens)", "⬡ Grepping..". Returns the line,
--- its row and the activity ("Kneading…"); recorded as evidence.
---@param region? botster.Region
---@return string? line
---@return integer? row
---@return string? activity
function Screen:spinner(region) end

--- The title if it matches a Lua pattern (or any of a list); recorded as evidence.
---@param patterns string|string[]
---@return string?
function Screen:title_find(patterns) end

--- The title starts with a braille spinner frame ("⠸ project"), as CLIs animate it while they
--- work: the text after it (recorded as evidence), or nil.
---@return string?
function Screen:title_spinner() end

--- An OSC 9;4 progress bar that says a task runs (normal with a value, or indeterminate), as a
--- CLI sets it for the terminal's tab: its description ("progress: normal 40%", recorded as
--- evidence), or nil. Error and paused bars say nothing about work going on.
--- ```lua
--- if screen:progress_running() then return "running", nil, "progress bar" end
--- ```
---@return string?
function Screen:progress_running() end

--- What to answer when the screen shows neither work nor a question: "idle" once nothing came
--- for `seconds` (default 1.5) or when already idle, else "running" (output is recent). A spinner
--- in the title or a running OSC 9;4 bar is "running" first. An answer from quietness drops the
--- evidence recorded before it: the hub takes it as quietness, not as something the screen showed.
---@param seconds? number
---@return botster.DetectedState state
---@return nil reason
---@return string rule
function Screen:settle(seconds) end

--- Records a line as evidence of the answer (find and the other helpers do it themselves);
--- `rule` names the rule that decided.
---@param line string
---@param rule? string
function Screen:evidence(line, rule) end

--- A status adapter. `detect` returns a state ("running" | "waiting" | "idle") or nil (no
--- opinion: the next adapter is asked), a short reason (for waiting: the question, or the command
--- it wants to run) and optionally the name of the rule that decided.
---@class botster.StatusAdapter
---@field name string              # an adapter with the same name replaces it (shipped: claude, codex, gemini, cursor-agent, copilot, cline, opencode, kimi, mcode, aider, generic)
---@field match? string|fun(agent: botster.AdapterAgent): boolean # glob on agent.program, then agent.command (and its first word's file name), then agent.name; nil = every agent
---@field priority? number          # lower asks first (shipped: 0, generic 100); equal: the later-added first
---@field detect fun(screen: botster.Screen, agent: botster.AdapterAgent): (botster.DetectedState|nil), string?, string?

--- What the adapters answered (the hub's `status AGENT --explain` shows it).
---@class botster.StatusVerdict
---@field state botster.DetectedState
---@field reason? string
---@field adapter string
---@field rule? string              # the rule name the adapter returned, else the pattern that matched last
---@field lines string[]            # the evidence: lines its helpers matched
---@field tried? { adapter: string, state?: string, rule?: string, error?: string }[] # with explain: every adapter asked, in order

---@class botster.status
---@field adapters table[]          # the registered adapters (use status.list() for the asking order)
status = {}

--- Adds (or, with a name already used, replaces) a status adapter. Errors in a bad definition
--- point at your file:line; an adapter that errors when asked is logged (once per message) with
--- its file:line and skipped.
--- ```lua
--- status.adapter({
---   name = "mytool", match = "mytool*",
---   detect = function(screen)
---     if screen:ifind("press y to continue", screen:last(3)) then return "waiting", "continue?" end
---     if screen:spinner(screen:last(5)) then return "running" end
---     return screen:settle()
---   end,
--- })
--- ```
---@param def botster.StatusAdapter
function status.adapter(def) end

--- The adapters in the order they are asked (priority, then the later-added first).
---@return table[]
function status.list() end

--- The screen helpers around plain screen data (what the hub does before asking adapters).
---@param data table
---@return botster.Screen
function status.screen(data) end

--- Text without the box sides and bars a CLI draws around it (│ ┃ ║ …), trimmed.
---@param text string
---@return string
function status.clean(text) end

--- Whether a line starts with a box side or bar (│ ┃ ║ …): text inside a drawn box, such as a
--- dialog's, rather than the agent's own working line.
--- ```lua
--- local line = screen:find("esc to interrupt", screen:last(3))
--- if line and not status.framed(line) then return "running" end
--- ```
---@param line string
---@return boolean
function status.framed(line) end
