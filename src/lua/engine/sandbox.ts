// Globals set-up run once per engine, before any user code, as a trusted chunk.
// Always: `print` goes to the host (emscripten's stdout would write into the TUI) and `os.exit`
// is removed (it would throw an emscripten ExitStatus through the wasm stack).
// Sandbox: a whitelist of globals; `load` only takes text chunks; `setmetatable` refuses __gc
// (finalizers run with debug hooks off, so a looping finalizer could never be stopped); `xpcall`
// runs its handler after unwinding (a handler called from inside our timeout hook would also run
// with hooks off — the engine also patches that, this is the second line of defence).
// Returns the real collectgarbage so the host can still collect after a memory error.

export const SANDBOX_GLOBALS = [
  '_G', '_VERSION', 'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'xpcall', 'print',
  'rawequal', 'rawget', 'rawlen', 'rawset', 'select', 'setmetatable', 'getmetatable', 'tonumber',
  'tostring', 'type', 'unpack', 'string', 'table', 'math', 'utf8', 'coroutine', 'os', 'load',
];

export const SETUP_LUA = `
local hostPrint, sandbox, allowed = ...
local G = _G
local select, tostring, concat, type, rawget, error, pcall = select, tostring, table.concat, type, rawget, error, pcall
local collect = collectgarbage

G.print = function(...)
  local n = select('#', ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  hostPrint(concat(parts, '\\t'))
end
os.exit = nil

if sandbox then
  local rawload, setmt, unpack = load, setmetatable, table.unpack
  local keep = {}
  for _, name in ipairs(allowed) do keep[name] = true end
  local names = {}
  for name in pairs(G) do names[#names + 1] = name end
  for _, name in ipairs(names) do
    if not keep[name] then G[name] = nil end
  end
  local os_ = os
  G.os = { time = os_.time, clock = os_.clock, date = os_.date }
  G.unpack = unpack
  string.dump = nil -- also the string metatable's __index

  G.load = function(chunk, name, mode, ...)
    if select('#', ...) > 0 then return rawload(chunk, name, 't', (...)) end
    return rawload(chunk, name, 't')
  end

  G.setmetatable = function(t, mt)
    if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then
      error('__gc metamethods are not allowed here', 2)
    end
    return setmt(t, mt)
  end

  local function finish(handler, ok, ...)
    if ok then return true, ... end
    return false, handler((...))
  end
  G.xpcall = function(f, handler, ...)
    return finish(handler, pcall(f, ...))
  end
end

return collect
`;
