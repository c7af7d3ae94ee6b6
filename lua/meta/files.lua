---@meta
-- LuaLS annotations for `files`: read-only looks at your files for the trusted configuration (a
-- profile's resume finds a CLI's newest transcript with them). Improvements cannot use them.

---@class botster.FoundFile
---@field path string
---@field name string
---@field mtime number  # last modified, seconds since the epoch
---@field size integer

---@class botster.files
files = {}

--- The files matching an absolute pattern (or `~/...`) whose segments may hold `*` and `?`,
--- newest first, at most `opts.limit` (default 100). Folders it cannot read are skipped.
--- ```lua
--- for _, f in ipairs(files.glob("~/.claude/projects/-home-me-app/*.jsonl", { limit = 5 })) do
---   log.info(f.name .. " " .. os.date("%c", math.floor(f.mtime)))
--- end
--- ```
---@param pattern string
---@param opts? { limit?: integer }
---@return botster.FoundFile[]
function files.glob(pattern, opts) end

--- The file the hub's PATH runs for a program name, or nil when none is there (a name with a `/`
--- is nil too). The spawn dialog offers the agent CLIs it finds.
--- ```lua
--- if files.which("claude") then log.info("Claude Code is installed") end
--- ```
---@param program string
---@return string|nil
function files.which(program) end

--- Line `n` (default 1) of a text file, or nil and why.
--- ```lua
--- local root = files.read_line(os.getenv("HOME") .. "/.gemini/tmp/app/.project_root")
--- ```
---@param path string
---@param n? integer
---@return string|nil line
---@return string|nil why
function files.read_line(path, n) end

--- Copies the regular file `from` to `to` (absolute or `~/...`), making `to`'s folder, with the
--- folder of the same stem beside it (`<id>/` beside `<id>.jsonl`); never overwrites. What it
--- copies was written by an agent, so it never follows a link (the file, a folder on the way, what
--- the stem's folder holds, the destination: a transcript that is a link to `~/.ssh/id_ed25519`
--- is refused) and takes no path with `.`, `..` or `//` parts. `roots`: the folders the two are
--- in (an account's config folder each), below which no part may be a link (default: each one's
--- own folder). true, or nil and why. Your configuration only (plugins and improvements do not
--- get it): lua/default/accounts.lua carries a conversation into another account's folder with it.
--- ```lua
--- local ok, why = files.carry("~/.claude-a/projects/-home-me-app/ID.jsonl", "~/.claude-b/projects/-home-me-app/ID.jsonl",
---   { from = "~/.claude-a", to = "~/.claude-b" })
--- ```
---@param from string
---@param to string
---@param roots? { from?: string, to?: string }
---@return true|nil ok
---@return string|nil why
function files.carry(from, to, roots) end

--- The JSON value on line `n` (default 1) of a JSON Lines file (a transcript), as Lua tables; or
--- nil and why.
--- ```lua
--- local meta = files.json_line(f.path)   -- Codex: { type = "session_meta", payload = { id = ..., cwd = ... } }
--- ```
---@param path string
---@param n? integer
---@return any|nil value
---@return string|nil why
function files.json_line(path, n) end
