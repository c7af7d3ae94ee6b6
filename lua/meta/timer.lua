---@meta
-- LuaLS annotations for timer (docs/lua/timer.md).

---@class botster.timer
timer = {}

---@class botster.Timer
---@field id integer
local Timer = {}

--- Stops the timer (its callback is not called again).
function Timer:stop() end

--- Calls `fn(app)` once, `ms` later, as a hook is called (the hub's facts and actions, a time
--- budget, a coroutine: http.get, process.run and git.* wait there). Stopped when its
--- configuration reloads. At most 1,000 timers per Lua state.
--- ```lua
--- timer.after(5000, function(app) app:notify("five seconds later") end)
--- ```
---@param ms number
---@param fn fun(app: botster.AppActions)
---@return botster.Timer
function timer.after(ms, fn) end

--- Calls `fn(app)` every `ms` (100 at the least) until stopped or its configuration reloads; a
--- fire whose last call has not run yet is not queued twice.
--- ```lua
--- local h
--- h = timer.every(60000, function(app) if #app.agents == 0 then h:stop() end end)
--- ```
---@param ms number
---@param fn fun(app: botster.AppActions)
---@return botster.Timer
function timer.every(ms, fn) end

--- Stops a timer (the same as `h:stop()`).
---@param h botster.Timer
function timer.stop(h) end
