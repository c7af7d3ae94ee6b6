-- `botster-tui test`: describe/it/expect in busted's shape, and the `hub` fixture.
-- Loaded into a Lua state of its own before a *_test.lua file (src/cli/lua-test/test-file.ts).
-- Each `it` runs as a coroutine: hub:frame and to_match_golden yield to the host, which renders
-- the frame with the hub's real headless pipeline (or compares the golden file) and resumes it.

local tests = {}
local path = {}

function describe(name, fn)
  path[#path + 1] = tostring(name)
  fn()
  path[#path] = nil
end

function it(name, fn)
  local full = table.concat(path, " ")
  if full ~= "" then full = full .. " " end
  tests[#tests + 1] = { name = full .. tostring(name), fn = fn }
end

-- A test the file names but does not run yet: counted as neither passed nor failed.
function pending(name)
  it(name, nil)
end

-- Asks the host; an error it answers is raised at the line that asked.
local function ask(request, level)
  local answer = coroutine.yield(request)
  if type(answer) == "table" and answer.error then error(answer.error, level + 1) end
  return answer
end

hub = {}

--- The frame the hub draws with these options, as text (see lua/meta/testing.lua).
function hub:frame(opts)
  if opts ~= nil and type(opts) ~= "table" then error("hub:frame takes a table ({ size = \"100x30\" })", 2) end
  return ask({ kind = "frame", opts = opts or {} }, 2).frame
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function deep_equal(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local Expect = {}
Expect.__index = Expect

function expect(actual)
  return setmetatable({ actual = actual }, Expect)
end

local function check(ok, message)
  if not ok then error(message, 3) end
end

function Expect:to_be(expected)
  check(self.actual == expected, "expected " .. show(expected) .. ", got " .. show(self.actual))
end

function Expect:to_equal(expected)
  check(deep_equal(self.actual, expected), "expected the same contents as " .. show(expected) .. ", got " .. show(self.actual))
end

function Expect:to_be_truthy()
  check(self.actual, "expected a true value, got " .. show(self.actual))
end

function Expect:to_be_falsy()
  check(not self.actual, "expected false or nil, got " .. show(self.actual))
end

function Expect:to_contain(text)
  check(type(self.actual) == "string" and self.actual:find(text, 1, true) ~= nil,
    "expected the text to contain " .. show(text) .. ", got:\n" .. tostring(self.actual))
end

function Expect:to_match(pattern)
  check(type(self.actual) == "string" and self.actual:match(pattern) ~= nil,
    "expected the text to match " .. show(pattern) .. ", got:\n" .. tostring(self.actual))
end

--- Compares with __golden__/NAME.txt beside the test file (--update writes it).
function Expect:to_match_golden(name)
  if type(name) ~= "string" or not name:match("^[%w_.-]+$") then
    error("to_match_golden needs a name of letters, digits, _ . - (got " .. show(name) .. ")", 2)
  end
  if type(self.actual) ~= "string" then error("to_match_golden compares text (a frame), got " .. type(self.actual), 2) end
  local answer = ask({ kind = "golden", name = name, text = self.actual }, 2)
  if not answer.ok then error(answer.message, 2) end
end

-- The host's side: how many tests, and one step of test i.
__test = {}
local running

function __test.count()
  return #tests
end

function __test.name(i)
  return tests[i].name
end

--- Starts test i, or resumes it with the host's answer: { kind = "ask", request } | "passed" | "failed" | "pending".
function __test.step(i, answer)
  if answer == nil then
    if tests[i].fn == nil then return { kind = "pending" } end
    running = coroutine.create(tests[i].fn)
  end
  local ok, request = coroutine.resume(running, answer)
  if not ok then return { kind = "failed", message = tostring(request) } end
  if coroutine.status(running) == "dead" then return { kind = "passed" } end
  return { kind = "ask", request = request }
end
