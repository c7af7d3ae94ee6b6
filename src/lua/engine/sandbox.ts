// Globals set-up run once per engine, before any user code, as a trusted chunk.
// Always: `print` goes to the host (emscripten's stdout would write into the TUI) and `os.exit`
// is removed (it would throw an emscripten ExitStatus through the wasm stack).
// Sandbox: a whitelist of globals; `load` only takes text chunks; `setmetatable` refuses __gc
// (finalizers run with debug hooks off, so a looping finalizer could never be stopped); `xpcall`
// runs its handler after unwinding (a handler called from inside our timeout hook would also run
// with hooks off — the engine also patches that, this is the second line of defence).
// Also in the sandbox: guards on C library loops that neither the hook nor the memory limit stop
// (see below). C-level pattern matching cannot be guarded: only killing the worker stops it.
// Returns the real collectgarbage so the host can still collect after a memory error.

export const SANDBOX_GLOBALS = [
  '_G',
  '_VERSION',
  'assert',
  'error',
  'ipairs',
  'next',
  'pairs',
  'pcall',
  'xpcall',
  'print',
  'rawequal',
  'rawget',
  'rawlen',
  'rawset',
  'select',
  'setmetatable',
  'getmetatable',
  'tonumber',
  'tostring',
  'type',
  'unpack',
  'string',
  'table',
  'math',
  'utf8',
  'coroutine',
  'os',
  'load',
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

  -- C library loops that no hook can interrupt and that memory limits do not bound:
  -- ("").rep("", 2^40) loops 2^40 times copying nothing; table.move/insert/remove walk whatever
  -- range they are given (or #t from a __len metamethod) one lua_geti/lua_seti at a time.
  local srep, tmove, tinsert, tremove = string.rep, table.move, table.insert, table.remove
  local getmt, tointeger, mtype = getmetatable, math.tointeger, math.type
  string.rep = function(s, n, sep)
    if s == '' and (sep == nil or sep == '') and mtype(n) then return '' end
    return srep(s, n, sep)
  end
  table.move = function(a1, f, e, t, a2)
    if mtype(f) and mtype(e) and e - f >= 1e7 then error('table.move: range too large', 2) end
    return tmove(a1, f, e, t, a2)
  end
  local function position(pos, fname)
    local p = tointeger(pos)
    if p == nil then error("bad argument #2 to '" .. fname .. "' (number has no integer representation)", 3) end
    return p
  end
  -- Tables with a metatable (possibly a lying __len) are shifted in Lua, where the hook applies.
  table.insert = function(t, ...)
    local nargs = select('#', ...)
    if getmt(t) == nil then return tinsert(t, ...) end
    local e = #t + 1
    if nargs == 1 then
      t[e] = ...
      return
    elseif nargs ~= 2 then
      error("wrong number of arguments to 'insert'", 2)
    end
    local pos, v = ...
    pos = position(pos, 'insert')
    if pos < 1 or pos > e then error("bad argument #2 to 'insert' (position out of bounds)", 2) end
    for i = e, pos + 1, -1 do t[i] = t[i - 1] end
    t[pos] = v
  end
  table.remove = function(t, ...)
    if getmt(t) == nil then return tremove(t, ...) end
    local size = #t
    local pos = size
    if select('#', ...) > 0 and (...) ~= nil then
      pos = position((...), 'remove')
      if pos ~= size and (pos < 1 or pos > size + 1) then error("bad argument #2 to 'remove' (position out of bounds)", 2) end
    end
    local v = t[pos]
    for i = pos, size - 1 do t[i] = t[i + 1] end
    t[pos < size and size or pos] = nil
    return v
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
