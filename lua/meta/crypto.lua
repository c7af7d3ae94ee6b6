---@meta
-- LuaLS annotations for crypto (docs/lua/crypto.md). Digests and random bytes are hex: Lua strings
-- cross to the host as UTF-8 text.

---@class botster.crypto
crypto = {}

--- SHA-256 of a string, as 64 lowercase hex digits.
--- ```lua
--- local id = crypto.sha256(app.focused.cwd):sub(1, 12)
--- ```
---@param s string
---@return string
function crypto.sha256(s) end

--- HMAC-SHA-256 of `message` with `key`, lowercase hex (GitHub's X-Hub-Signature-256 after "sha256=").
--- ```lua
--- local ok = crypto.equal(header, "sha256=" .. crypto.hmac_sha256(secret, body))
--- ```
---@param key string
---@param message string
---@return string
function crypto.hmac_sha256(key, message) end

--- `n` random bytes (1 to 1024) from the system's generator, as 2n hex digits.
---@param n integer
---@return string
function crypto.random_bytes(n) end

--- Whether two strings are equal, in time that does not depend on where they differ (signatures, tokens).
---@param a string
---@param b string
---@return boolean
function crypto.equal(a, b) end
