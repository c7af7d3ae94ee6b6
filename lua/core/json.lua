-- json: encode and decode (docs/lua/json.md). Decoding is the host's JSON.parse (fast, bounded:
-- size, depth, values; src/lua/io/json-decode.ts); encoding is here, where metatables are seen.
-- JSON null is json.null (nil cannot sit in an array); arrays decoded keep a marker so an empty
-- one encodes back as [] (json.array / json.object mark your own tables).
json = {}

local NULL = setmetatable({}, { __tostring = function() return "json.null" end, __name = "json.null" })
local ARRAY = { __name = "json.array" }
local OBJECT = { __name = "json.object" }
json.null = NULL

function json.array(t)
  if t ~= nil and type(t) ~= "table" then error("json.array: expected a table", 2) end
  return setmetatable(t or {}, ARRAY)
end
function json.object(t)
  if t ~= nil and type(t) ~= "table" then error("json.object: expected a table", 2) end
  return setmetatable(t or {}, OBJECT)
end

local MAX_DEPTH = 64
local type, pairs, next, tostring, format, concat, sort, mtype, getmetatable, rawget =
  type, pairs, next, tostring, string.format, table.concat, table.sort, math.type, getmetatable, rawget
local ulen = utf8.len

local ESC = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function str(s, path)
  if not ulen(s) then error(path .. ": a string that is not UTF-8 text", 0) end
  return '"' .. s:gsub('[%c"\\]', function(c) return ESC[c] or format("\\u%04x", c:byte()) end) .. '"'
end

local function number(v, path)
  if v ~= v or v == math.huge or v == -math.huge then error(path .. ": cannot encode " .. tostring(v), 0) end
  if mtype(v) == "integer" then return format("%d", v) end
  local s = format("%.14g", v)
  if tonumber(s) ~= v then s = format("%.17g", v) end
  return s
end

local function is_array(t, mt)
  if mt == ARRAY then return true end
  if mt == OBJECT or next(t) == nil then return false end
  local n = 0
  for k in pairs(t) do
    if mtype(k) ~= "integer" or k < 1 then return false end
    n = n + 1
  end
  return n == #t
end

local encode
function encode(v, out, depth, seen, path)
  local t = type(v)
  if v == nil or v == NULL then out[#out + 1] = "null"
  elseif t == "boolean" then out[#out + 1] = v and "true" or "false"
  elseif t == "number" then out[#out + 1] = number(v, path)
  elseif t == "string" then out[#out + 1] = str(v, path)
  elseif t == "table" then
    if seen[v] then error(path .. ": a table that contains itself", 0) end
    if depth >= MAX_DEPTH then error(path .. ": nested deeper than " .. MAX_DEPTH .. " levels", 0) end
    seen[v] = true
    local mt = getmetatable(v)
    if is_array(v, mt) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(rawget(v, i), out, depth + 1, seen, path .. "[" .. i .. "]")
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do
        local kt = type(k)
        if kt ~= "string" and mtype(k) ~= "integer" then error(path .. ": a key of type " .. kt .. " (keys are strings)", 0) end
        keys[#keys + 1] = tostring(k)
      end
      sort(keys) -- the same table encodes the same way (signatures, caches)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        local x = rawget(v, k)
        if x == nil then x = rawget(v, tonumber(k)) end
        out[#out + 1] = str(k, path)
        out[#out + 1] = ":"
        encode(x, out, depth + 1, seen, path .. "." .. k)
      end
      out[#out + 1] = "}"
    end
    seen[v] = nil
  else
    error(path .. ": cannot encode a " .. t, 0)
  end
end

--- JSON text of a value; errors name where in it (`json.encode: value.list[2]: cannot encode a function`).
function json.encode(v)
  local out = {}
  local ok, err = pcall(encode, v, out, 0, {}, "value")
  if not ok then error("json.encode: " .. tostring(err), 2) end
  return concat(out)
end

local host_decode = __host_json_decode

local function fix(v, mark)
  if type(v) ~= "table" then return v end
  local tag = rawget(v, mark)
  if tag == "n" then return NULL end
  local n = #v
  local last = n > 0 and rawget(v, n) or nil
  if type(last) == "table" and rawget(last, mark) == "a" then
    v[n] = nil
    for i = 1, n - 1 do v[i] = fix(v[i], mark) end
    return setmetatable(v, ARRAY)
  end
  for k, x in pairs(v) do
    if type(x) == "table" then v[k] = fix(x, mark) end
  end
  return v
end

--- The value of JSON text: objects and arrays are tables, null is json.null. Errors say where
--- (`json.decode: Unexpected token '}' at line 1, column 6`).
function json.decode(text)
  if type(text) ~= "string" then error("json.decode: expected a string, got " .. type(text), 2) end
  local ok, r = pcall(host_decode, text)
  if not ok then error("json.decode: " .. tostring(r):gsub("^[^\n]-:%d+: ", ""), 2) end
  return fix(r[1], r[2])
end
