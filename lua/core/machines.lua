-- machines: other machines whose hubs' agents are listed beside this hub's (docs/remote.md). A
-- machine is a command that reaches it: the hub runs `botster-tui proxy` there through it and
-- speaks to that machine's hub on its stdio.
--   machines.define("gpu", { ssh = "me@gpu.example.com" })
--   machines.define("box", { exec = { "podman", "exec", "-i", "devbox" } })
--   machines.define("pod", { exec = { "kubectl", "exec", "-i", "agents-0", "--" }, env = { KUBECONFIG = "~/.kube/work" } })
-- settings.machines = { "devbox" } is the same as machines.define("devbox", { ssh = "devbox" }).
-- Only your own files define machines: the command runs here, unboxed.
machines = { list = {} }

local FIELDS = { exec = true, ssh = true, line = true, home = true, command = true, env = true }
-- Words that put a secret where every process of this machine can read it (its arguments).
local SECRET_WORD = { "token", "password", "passwd", "secret", "apikey", "api%-key", "api_key" }

local function fail(name, msg) error(("machines.define %q: %s"):format(tostring(name), msg), 3) end

local function secret(word)
  local lower = word:lower()
  for _, s in ipairs(SECRET_WORD) do
    if lower:match("^%-%-?[%w_%-]*" .. s .. "[%w_%-]*$") or lower:match("^%-%-?[%w_%-]*" .. s .. "[%w_%-]*=") then return true end
  end
  return false
end

--- machines.define(name, { exec = { ... } | ssh = "host", line?, home?, command?, env? }): a machine
--- the hub lists and starts agents on; a later call with the same name replaces it.
function machines.define(name, def)
  if type(name) ~= "string" or not name:match("^[%w][%w._@-]*$") then
    fail(name, "the name names it in new --machine and move: letters, digits, . _ @ -")
  end
  if name == "local" then fail(name, "\"local\" is this machine (move AGENT local brings an agent back here)") end
  if type(def) ~= "table" then fail(name, "needs { exec = { \"podman\", \"exec\", \"-i\", \"box\" } } or { ssh = \"host\" }") end
  for k in pairs(def) do
    if not FIELDS[k] then fail(name, ("unknown field %q (exec, ssh, line, home, command, env)"):format(tostring(k))) end
  end
  if (def.exec == nil) == (def.ssh == nil) then fail(name, "give exec (the command that reaches it) or ssh (a host), one of them") end
  local out = { name = name }
  if def.ssh ~= nil then
    if type(def.ssh) ~= "string" or def.ssh == "" or def.ssh:sub(1, 1) == "-" then fail(name, "ssh must be a host (a Host of ~/.ssh/config, or user@host)") end
    out.ssh = def.ssh
  else
    if type(def.exec) ~= "table" or #def.exec == 0 then fail(name, "exec must be a list of words, its program first: { \"podman\", \"exec\", \"-i\", \"box\" }") end
    out.exec = {}
    for i, w in ipairs(def.exec) do
      if type(w) ~= "string" or w == "" then fail(name, ("exec[%d] must be a non-empty string"):format(i)) end
      if secret(w) then
        fail(name, ("exec[%d] %q looks like a credential: anyone on this machine reads a command's arguments; give it to the command in env (its environment) or its own configuration"):format(i, w))
      end
      out.exec[i] = w
    end
  end
  if def.line ~= nil and type(def.line) ~= "boolean" then fail(name, "line must be true or false (the command hands what follows to a shell as one line, as ssh does)") end
  out.line = def.line
  for _, k in ipairs({ "home", "command" }) do
    if def[k] ~= nil and (type(def[k]) ~= "string" or def[k] == "") then fail(name, k .. " must be a non-empty string") end
    out[k] = def[k]
  end
  if def.env ~= nil then
    if type(def.env) ~= "table" then fail(name, "env must map variable names to values") end
    out.env = {}
    for k, v in pairs(def.env) do
      if type(k) ~= "string" or not k:match("^[%a_][%w_]*$") or type(v) ~= "string" then fail(name, "env must map variable names to values") end
      out.env[k] = v
    end
  end
  for i, m in ipairs(machines.list) do
    if m.name == name then table.remove(machines.list, i) break end
  end
  machines.list[#machines.list + 1] = out
  return out
end

--- machines.find(name): a machine defined with machines.define (or listed in settings.machines), or nil.
function machines.find(name)
  for _, m in ipairs(machines.all()) do if m.name == name then return m end end
  return nil
end

--- machines.all(): every machine, settings.machines' first, then those machines.define named (one
--- defined replaces a listed one of the same name).
function machines.all()
  local out, at = {}, {}
  for _, m in ipairs(settings.machines or {}) do
    out[#out + 1] = m
    at[m.name] = #out
  end
  for _, m in ipairs(machines.list) do
    if at[m.name] then out[at[m.name]] = m else out[#out + 1] = m; at[m.name] = #out end
  end
  return out
end

-- For the hub: what settings.machines exports is every machine.
__botster.machines_export = machines.all
