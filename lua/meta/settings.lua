---@meta
-- LuaLS annotations for settings: the hub's options, set from your own files under
-- $BOTSTER_HOME/user (improvements pushed by agents have no `settings`).

--- The hub's options. Assigning one checks it at once: a bad value or an unknown name is an error
--- at your line (`user/keybindings.lua:3: settings.way_out must be a single chord ...`) and the
--- configuration that was live stays live, the way out you had included.
--- ```lua
--- -- user/keybindings.lua
--- settings.way_out = "ctrl+]"          -- leave insert mode with ctrl+] instead of ctrl+g
--- settings.close_on_clean_exit = true  -- agents that exit 0 by themselves leave the list
--- settings.notify = "osc9"              -- desktop notifications through the terminal
--- ```
---@class (exact) botster.Settings
--- The chord that leaves insert mode (default `"ctrl+g"`): one chord the key parser knows, with
--- ctrl or alt or a named key (`"ctrl+]"`, `"alt+space"`, `"f12"`), not a key you type (`"q"`,
--- `"enter"`). No binding can take it in insert mode. Pressed again in normal mode it is sent to
--- the focused agent (`agent.send_way_out`, like tmux's send-prefix), unless you bind it there.
---@field way_out string
--- Close agents that exit with code 0 by themselves (no signal) instead of keeping them listed as
--- exited (default false). Failures and agents killed by a signal stay, to be read and closed.
---@field close_on_clean_exit boolean
--- Desktop notifications when an agent you are not looking at rings the bell or starts waiting
--- (lua/default/notify.lua): "osc9" (iTerm2, WezTerm, kitty, Windows Terminal...), "osc777"
--- (rxvt-unicode, foot...) or false (the default, unless $BOTSTER_NOTIFY is osc9 or osc777).
---@field notify "osc9"|"osc777"|false

---@type botster.Settings
settings = {}
