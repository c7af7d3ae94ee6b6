-- crypto: digests as lowercase hex, random bytes as hex, a comparison in constant time
-- (docs/lua/crypto.md; the host's node:crypto, src/lua/io/crypto.ts).
crypto = {}
local sha256, hmac, random, equal = __host_sha256, __host_hmac_sha256, __host_random_bytes, __host_equal

-- (not a tail call in the functions below: level 3 is their caller)
local function call(fn, ...)
  local ok, v = pcall(fn, ...)
  if not ok then error(tostring(v):gsub("^[^\n]-:%d+: ", ""), 3) end
  return v
end

--- SHA-256 of a string, 64 lowercase hex digits.
function crypto.sha256(s) local v = call(sha256, s); return v end
--- HMAC-SHA-256 of `message` with `key`, lowercase hex (what GitHub's X-Hub-Signature-256 carries after "sha256=").
function crypto.hmac_sha256(key, message) local v = call(hmac, key, message); return v end
--- `n` (1..1024) random bytes from the system's generator, as 2n hex digits.
function crypto.random_bytes(n) local v = call(random, n); return v end
--- Whether two strings are equal, in time that does not depend on where they differ.
function crypto.equal(a, b) local v = call(equal, a, b); return v end
