---@meta
-- LuaLS annotations for json (docs/lua/json.md).

---@class botster.json
json = {}

--- What JSON's `null` decodes to (and encodes as): nil cannot sit in an array or keep a key.
---@type table
json.null = {}

--- JSON text of a value: a table whose keys are exactly 1..n is an array, any other an object
--- (keys sorted); an empty table is `{}` unless marked with `json.array`. Raises an error naming
--- where in the value it failed (`json.encode: value.list[2]: cannot encode a function`).
--- ```lua
--- local body = json.encode({ agent = app.focused.name, waiting = true })
--- ```
---@param value any
---@return string
function json.encode(value) end

--- The value of JSON text: objects and arrays are tables (arrays marked, so they encode back as
--- arrays), `null` is `json.null`. Raises an error with where the text stops being JSON
--- (`json.decode: Unexpected token '}' at line 1, column 7`); at most 8 MB, 64 levels, 500,000 values.
--- ```lua
--- local run = json.decode(res.body).workflow_runs[1]
--- ```
---@param text string
---@return any
function json.decode(text) end

--- Marks a table as an array (an empty one encodes as `[]`); returns it.
---@generic T: table
---@param t? T
---@return T
function json.array(t) end

--- Marks a table as an object (an empty one encodes as `{}`, a list as an object); returns it.
---@generic T: table
---@param t? T
---@return T
function json.object(t) end
