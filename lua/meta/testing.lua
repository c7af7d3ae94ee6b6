---@meta
-- LuaLS annotations for `botster-tui test` files, *_test.lua (docs/lua/testing.md).

--- A group of tests; its name prefixes theirs. Groups nest.
---@param name string
---@param fn fun()
function describe(name, fn) end

--- A test: passes when `fn` returns, fails at the line of the first error or failed expectation
--- (`file:line: message`).
---@param name string
---@param fn fun()
function it(name, fn) end

--- A test named but not written yet: counted apart, neither passed nor failed.
---@param name string
function pending(name) end

---@class botster.test.Expect
local Expect = {}

--- Compares `actual` with what you expect.
--- ```lua
--- expect(hub:frame{ size = "100x30" }):to_match_golden("main")
--- ```
---@param actual any
---@return botster.test.Expect
function expect(actual) end

--- `actual == expected`.
---@param expected any
function Expect:to_be(expected) end
--- The same contents (tables compared key by key).
---@param expected any
function Expect:to_equal(expected) end
--- Anything but false and nil.
function Expect:to_be_truthy() end
--- false or nil.
function Expect:to_be_falsy() end
--- The text holds `text` (plain, not a pattern).
---@param text string
function Expect:to_contain(text) end
--- The text matches the Lua pattern.
---@param pattern string
function Expect:to_match(pattern) end
--- The text (a frame) is the golden file `__golden__/NAME.txt` beside the test file, line for line
--- (trailing blanks aside). The first run writes it; `botster-tui test --update` rewrites it; a
--- difference fails with each changed line as it was (-) and as it is (+).
---@param name string letters, digits, _ . -
function Expect:to_match_golden(name) end

---@class botster.test.SampleAgent
---@field name? string
---@field screen? string what its terminal shows (lines split by \n)
---@field state? "running"|"idle"|"exited" default running
---@field exit_code? integer for state = "exited"

---@class botster.test.FrameOptions
---@field size? string "WIDTHxHEIGHT", default "100x30"
---@field keys? string keys pressed first, as `snapshot --keys`: "ctrl+g j enter"
---@field agents? botster.test.SampleAgent[] default: claude (running) and builder (exited 3)
---@field layout? string a layout file instead of user/layout.lua, relative to the test file
---@field ansi? boolean the frame with its colours (ANSI escapes)

---@class botster.test.Hub
hub = {}

--- Starts a real hub headlessly (the defaults, then the plugins and user/ files of the home the
--- test lives in, as a hub loads them), its sample agents in their states, presses the keys, and
--- returns the frame as text (one line per row).
---@param opts? botster.test.FrameOptions
---@return string
function hub:frame(opts) end
