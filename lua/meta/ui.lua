---@meta
-- LuaLS annotations for botster-tui's `ui` module (widget builders). Point your editor's
-- Lua language server at this folder ("workspace.library") for completion and hover docs.

---@alias botster.Color string|integer  # "red", "bright_blue", "gray", 0-255, or "#rrggbb"
---@alias botster.Size integer|string   # cells (12, at most 10000), a percentage ("30%", at most "100%"), or a flex share ("2fr")
---@alias botster.Border "single"|"rounded"|"double"|"bold"|"classic"|"none"
---@alias botster.Text string|botster.Span|(string|botster.Span)[]

--- A key that no widget knows: the language server flags it (`titel = "x"` -> cannot assign
--- string to botster.UnknownProp), which is how a misspelled prop shows up in your editor.
---@class botster.UnknownProp

---@class (exact) botster.Style
---@field [string] botster.UnknownProp
---@field fg? botster.Color
---@field bg? botster.Color
---@field bold? boolean
---@field dim? boolean
---@field italic? boolean
---@field underline? boolean
---@field reverse? boolean
---@field strikethrough? boolean

---@class (exact) botster.Span: botster.Style
---@field text string

---@class (exact) botster.BoxProps
---@field [string] botster.UnknownProp
---@field width? botster.Size
---@field height? botster.Size
---@field grow? integer          # flex grow share
---@field shrink? integer
---@field min_width? botster.Size
---@field max_width? botster.Size
---@field min_height? botster.Size
---@field max_height? botster.Size
---@field padding? integer|integer[]|{top?:integer, right?:integer, bottom?:integer, left?:integer}
---@field padding_x? integer
---@field padding_y? integer
---@field margin? integer|integer[]|{top?:integer, right?:integer, bottom?:integer, left?:integer}
---@field margin_x? integer
---@field margin_y? integer
---@field gap? integer
---@field align? "start"|"center"|"end"|"stretch"
---@field justify? "start"|"center"|"end"|"space_between"|"space_around"|"space_evenly"
---@field border? botster.Border
---@field border_fg? botster.Color
---@field title? botster.Text     # drawn on the top border (needs a border); text or spans (a ui.slot among them)
---@field title_style? botster.Style
---@field fg? botster.Color
---@field bg? botster.Color       # fills the box
---@field bold? boolean
---@field dim? boolean
---@field italic? boolean
---@field underline? boolean
---@field reverse? boolean
---@field strikethrough? boolean
---@field visible? boolean
---@field id? string              # a name for the box (mouse clicks report it)

---@class botster.Widget
---@field type string

--- ui.column / ui.row: props in the hash part, children in the array part.
---@class (exact) botster.ContainerProps: botster.BoxProps
---@field [integer] botster.Widget

---@class botster.ui
ui = {}

--- A vertical stack: children in the array part, props in the hash part.
--- ```lua
--- ui.column({ gap = 1, ui.header({ title = "Hub" }), ui.text("body") })
--- ```
---@param t botster.ContainerProps
---@return botster.Widget
function ui.column(t) end

--- A horizontal stack: children in the array part, props in the hash part.
--- ```lua
--- ui.row({ grow = 1, ui.panel({ width = "30%" }, left), ui.panel({ grow = 1 }, right) })
--- ```
---@param t botster.ContainerProps
---@return botster.Widget
function ui.row(t) end

--- A bordered box (rounded by default) with an optional title on its border.
--- ```lua
--- ui.panel({ title = "Agents", border = "double", width = 30 }, ui.agent_list(self.agents))
--- ```
---@param props botster.BoxProps
---@param ... botster.Widget children
---@return botster.Widget
function ui.panel(props, ...) end

--- A centered modal drawn over everything before it (menus, confirmations, help).
--- ```lua
--- ui.overlay({ title = "Confirm", width = 40, height = 5 }, ui.text("Quit? (y/n)"))
--- ```
---@param props botster.BoxProps
---@param ... botster.Widget children
---@return botster.Widget
function ui.overlay(props, ...) end

---@class (exact) botster.TextProps: botster.BoxProps
---@field wrap? "wrap"|"truncate"|"truncate-start"|"truncate-middle"|"truncate-end"
---@field align_text? "left"|"center"|"right"
---@field slot? string   # set by ui.slot: the text is that slot's pieces (a status bar cuts it before the hub's own)

--- Text: a string, a span, or a list of strings and spans.
--- ```lua
--- ui.text({ "exit ", ui.span("3", { fg = "red", bold = true }) }, { wrap = "truncate" })
--- ```
---@param content botster.Text
---@param props? botster.TextProps
---@return botster.Widget
function ui.text(content, props) end

--- A styled piece of text.
--- ```lua
--- ui.span("ERROR", { fg = "red", bold = true })
--- ```
---@param text string|number
---@param style? botster.Style
---@return botster.Span
function ui.span(text, style) end

---@class (exact) botster.HeaderProps: botster.BoxProps
---@field subtitle? botster.Text
---@field left? botster.Text    # after the subtitle (the default layout puts ui.slot("header.left") here)
---@field right? botster.Text   # at the right end (ui.slot("header.right"))

--- A one-line title bar.
--- ```lua
--- ui.header({ title = "Botster Hub", subtitle = "3 agents", fg = "cyan" })
--- ```
---@param props botster.HeaderProps
---@return botster.Widget
function ui.header(props) end

---@class (exact) botster.StatusBarProps: botster.BoxProps
---@field left? botster.Text
---@field center? botster.Text
---@field right? botster.Text
---@field text? botster.Text   # same as left

--- A one-line bar (reverse video by default) with left, center and right parts.
--- ```lua
--- ui.status_bar({ left = "INSERT", right = "Agents: " .. #self.agents })
--- ```
---@param props botster.StatusBarProps
---@return botster.Widget
function ui.status_bar(props) end

---@class (exact) botster.ListProps: botster.BoxProps
---@field selected? integer          # 1-based index of the highlighted item
---@field selected_style? botster.Style

--- A list of lines, one highlighted.
--- ```lua
--- ui.list({ "build", "test", ui.span("deploy", { fg = "red" }) }, { selected = 2 })
--- ```
---@param items botster.Text[]
---@param props? botster.ListProps
---@return botster.Widget
function ui.list(items, props) end

---@class (exact) botster.AgentListProps: botster.BoxProps
---@field selected? integer|string   # index in the list or agent id
---@field show_command? boolean
---@field group? "repo"                          # under a line per repository (agent.repo), when there are several
---@field filter? "all"|"waiting"|"running"     # waiting: waiting or done; running: running or idle (the selected one always shows)
---@field row_slot? string|false     # the slot whose pieces end each row (default "agent_list.row"; false: none)
---@field machines? botster.Machine[] # self.machines: the list is grouped under each machine's name (this one's first), with why one cannot be reached

--- The agents with their status (running, waiting, idle, exited + exit code) and title; numbers
--- stay those of the whole list when grouped or filtered.
--- ```lua
--- ui.agent_list(self.agents, { selected = self.selected, group = "repo", filter = "waiting" })
--- ui.agent_list(self.agents, { selected = self.selected })
--- ui.agent_list(self.agents, { selected = self.selected, machines = self.machines }) -- grouped by machine
--- ```
---@param agents botster.Agent[]
---@param props? botster.AgentListProps
---@return botster.Widget
function ui.agent_list(agents, props) end

---@class (exact) botster.TerminalProps: botster.BoxProps
---@field scroll? integer   # lines above the live bottom (0 = live)
---@field cursor? boolean   # show the agent's cursor when focused (default true)

--- An agent's live screen. The agent's PTY is resized to this widget's size.
--- ```lua
--- ui.panel({ grow = 1, title = "shell" }, ui.terminal(self.focused))
--- ```
---@param agent botster.Agent|string|nil  # an agent from self.agents, or its id
---@param props? botster.TerminalProps
---@return botster.Widget
function ui.terminal(agent, props) end

---@class (exact) botster.DiffProps: botster.BoxProps
---@field mode? "all"|"uncommitted"  # against its base (committed and not; default), or only what is not committed
---@field top? integer  # the diff line at its top (default: where the open review panel is scrolled, else 0)

--- An agent's changes: the diff of its worktree against the branch it came from (or, outside a
--- worktree, against HEAD), as a summary, the file list with +/- counts and the coloured hunks;
--- binary files are one line. Made by git in the background and kept fresh while shown (the folder
--- is watched); only the rows on screen are drawn. The open review panel (app.review) scrolls
--- and searches with the hub's keys.
--- ```lua
--- ui.panel({ width = "45%", title = "changes" }, ui.diff(self.focused, { mode = "uncommitted" }))
--- ```
---@param agent botster.Agent|string|nil  # an agent from self.agents, or its id
---@param props? botster.DiffProps
---@return botster.Widget
function ui.diff(agent, props) end

--- Empty space; grows to fill by default.
--- ```lua
--- ui.row({ ui.text("left"), ui.spacer(), ui.text("right") })
--- ```
---@param props? botster.BoxProps
---@return botster.Widget
function ui.spacer(props) end

---@class (exact) botster.InputProps: botster.BoxProps
---@field value? string
---@field prompt? botster.Text
---@field placeholder? string
---@field cursor? integer  # 0-based cursor position in value (default: end)

--- A one-line text field (drawing only; keys decide what it holds).
--- ```lua
--- ui.input({ prompt = "> ", value = self.state.query or "", placeholder = "filter" })
--- ```
---@param props botster.InputProps
---@return botster.Widget
function ui.input(props) end

---@class (exact) botster.SlotProps: botster.TextProps
---@field agent? botster.Agent|string  # per-agent slots (agent_list.row, panel.title): whose pieces
---@field sep? botster.Text            # text slots: between pieces (default " ")
---@field before? botster.Text         # text slots: before the pieces, only when there are some
---@field after? botster.Text          # text slots: after the pieces, only when there are some

--- A named slot: what the pieces registered for it (layout.piece) show, in place. A text slot
--- (header.*, status.*, agent_list.row, panel.title) is one line of text, usable wherever text
--- goes (status bar parts, titles); any other slot is a column of its pieces' widgets (give it a
--- border and title to make it a panel). Empty, it takes no space.
--- ```lua
--- ui.status_bar({ left = self.mode, right = { ui.slot("status.right", { after = "  " }), self.hint } })
--- ui.column({ ui.agent_list(self.agents), ui.slot("sidebar", { border = "rounded", title = "More" }) })
--- ```
---@param name botster.SlotName
---@param props? botster.SlotProps
---@return botster.Widget
function ui.slot(name, props) end
