---@meta
-- LuaLS annotations for `machines` (lua/core/machines.lua, lua/default/machines.lua;
-- docs/remote.md): other machines whose hubs' agents are listed beside this hub's. A machine is a
-- command that reaches it: the hub runs `botster-tui proxy` there through it.

---@class botster.MachineDef
---@field exec? string[]                 # the command that runs a command there, its program first: { "podman", "exec", "-i", "box" }, { "kubectl", "exec", "-i", "agents-0", "--" }, { "ssh", "gpu" }
---@field ssh? string                    # instead of exec: a host ssh takes (a Host of ~/.ssh/config, user@host); the link never asks (BatchMode)
---@field line? boolean                  # the command hands what follows to a shell as one line, as ssh does (default: true for ssh, else the line runs under `sh -c`)
---@field home? string                   # the hub's home there (default: that machine's ~/.botster)
---@field command? string                # how that machine's shell runs botster-tui (default `botster-tui`; a path, or `env PATH=... botster-tui`)
---@field env? table<string, string>     # variables for the command's own environment (a KUBECONFIG, a token's file): never on its command line

---@class botster.MachineDefined: botster.MachineDef
---@field name string

---@class botster.machines
---@field list botster.MachineDefined[] # the machines machines.define named, in order
machines = {}

--- Defines (or redefines) a machine: its hub's agents are listed beside this hub's, `new --machine
--- NAME` starts one there and `move AGENT NAME` moves one there. Your own files only (the command
--- runs on this machine, unboxed). A word of `exec` that looks like a credential (`--token=...`) is
--- refused: every process here can read a command's arguments; give it in `env`. Bad input is an
--- error at your line.
--- ```lua
--- machines.define("box", { exec = { "podman", "exec", "-i", "devbox" }, command = "/opt/botster/bin/botster-tui" })
--- machines.define("gpu", { ssh = "me@gpu.example.com", home = "~/hubs/main" })
--- ```
---@param name string        # letters, digits, . _ @ - ("local" is this machine)
---@param def botster.MachineDef
---@return botster.MachineDefined
function machines.define(name, def) end

--- A machine by name (machines.define's, or settings.machines'), or nil.
---@param name string
---@return botster.MachineDefined|nil
function machines.find(name) end

--- Moves agent `a` to `machine` ("local": this one) with the move verb, and says what came of it
--- in a notice (agent.move, `M`, calls it after you chose; lua/default/machines.lua).
--- ```lua
--- commands.register("agent.to_gpu", function(app) machines.move(app, app.focused, "gpu") end)
--- ```
---@param app botster.AppActions
---@param a botster.Agent
---@param machine string
function machines.move(app, a, machine) end

--- Every machine: settings.machines' entries, then machines.define's (one defined replaces a listed
--- one of the same name). What the hub links to.
---@return botster.MachineDefined[]
function machines.all() end
