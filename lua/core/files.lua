-- files: read-only looks at the user's files for the trusted configuration (a profile's resume
-- finds a CLI's newest transcript with them). The host does the reading (bounded); improvements
-- (sandboxed) have no access to the disk, so these raise there.
files = {}

local function host(name)
  local fn = _G[name]
  if type(fn) ~= "function" then error("files: not available here (improvements cannot read files)", 3) end
  return fn
end

--- files.glob(pattern, { limit = 100 }): the files matching an absolute pattern (or ~/...), whose
--- segments may hold * and ?, newest first: { { path, name, mtime, size }, ... }.
function files.glob(pattern, opts)
  if type(pattern) ~= "string" then error("files.glob: the pattern must be a string", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("files.glob: options must be a table", 2) end
  local limit = opts and opts.limit or 100
  if type(limit) ~= "number" then error("files.glob: limit must be a number", 2) end
  return host("__host_glob")(pattern, limit) or {}
end

--- files.which(program): the file the hub's PATH runs for a program name ("claude"), or nil.
function files.which(program)
  if type(program) ~= "string" or program == "" then error("files.which: the program must be a non-empty string", 2) end
  return host("__host_which")(program)
end

--- files.read_line(path, n): line n (default 1) of a text file, or nil and why.
function files.read_line(path, n)
  if type(path) ~= "string" then error("files.read_line: the path must be a string", 2) end
  local r = host("__host_read_line")(path, n or 1)
  if r.error then return nil, r.error end
  return r.value
end

--- files.carry(from, to, roots): copies the regular file `from` to `to` (absolute or ~/...),
--- making its folder, with the folder of the same stem beside it (`<id>/` beside `<id>.jsonl`);
--- never overwrites, never follows a link (a transcript that is a link to ~/.ssh/id_ed25519 is
--- refused), never takes a path with "." or ".." parts. `roots` = { from = folder, to = folder }:
--- the folders they are in (an account's config folder each), below which no part may be a link
--- (default: each one's own folder). true, or nil and why. Your configuration only: how
--- lua/default/accounts.lua takes a conversation to another account's config folder.
function files.carry(from, to, roots)
  if type(from) ~= "string" or type(to) ~= "string" then error("files.carry: from and to must be paths", 2) end
  if roots ~= nil and (type(roots) ~= "table" or (roots.from ~= nil and type(roots.from) ~= "string") or (roots.to ~= nil and type(roots.to) ~= "string")) then
    error("files.carry: roots must be { from = folder, to = folder }", 2)
  end
  local fn = _G.__host_carry
  if type(fn) ~= "function" then error("files: carry is not available here (only your configuration writes files)", 2) end
  local r = fn(from, to, roots or {})
  if r.error then return nil, r.error end
  return true
end

--- files.json_line(path, n): the JSON value on line n (default 1) of a JSON Lines file (a
--- transcript), as Lua tables; or nil and why.
function files.json_line(path, n)
  if type(path) ~= "string" then error("files.json_line: the path must be a string", 2) end
  local r = host("__host_json_line")(path, n or 1)
  if r.error then return nil, r.error end
  return r.value
end
