---@meta
-- LuaLS annotations for state (tables that survive reloads) and the reload hooks.

---@class botster.state
state = {}

--- A table for `namespace` that survives reloads (the hub carries it into the new configuration;
--- plain data only: functions are dropped). The first call creates it from `default`. With
--- `{ persist = true }` it is also saved to $BOTSTER_HOME/state/NAMESPACE.json (a second after Lua
--- code changed it, and on quit) and restored at start; past 1 MB it is not saved and you are told.
--- ```lua
--- local s = state.get("myplugin", { count = 0 }, { persist = true })
--- s.count = s.count + 1
--- ```
---@param namespace string
---@param default? table
---@param opts? {persist?: boolean}
---@return table
function state.get(namespace, default, opts) end

--- Define it to run in the old configuration just before a reload.
--- ```lua
--- function _before_reload() state.get("myplugin").saved_at = os.time() end
--- ```
function _before_reload() end

--- Define it to run in the new configuration once it is live.
--- ```lua
--- function _after_reload() log.info("reloaded") end
--- ```
function _after_reload() end
