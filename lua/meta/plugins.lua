---@meta
-- LuaLS annotations for plugins: folders of Lua other people wrote, installed with botster-tui
-- plugin or the palette's plugin.* commands, each in a Lua state of its own with what you granted
-- (docs/plugins.md).

---@class botster.PluginFacts
---@field name string               # its name (plugin.json)
---@field version string            # its manifest's version
---@field pin string                # "1.2.0 @ abc1234" (git), "1.2.0" (npm), "1.2.0 (folder)"
---@field kind "git"|"npm"|"folder" # where it came from
---@field source string             # the URL, package or folder it was added from
---@field enabled boolean           # false: disabled (it stays installed)
---@field installed boolean         # its copy is there (false: botster-tui plugin restore)
---@field wants string[]            # the capabilities its manifest asks for
---@field granted string[]          # those you granted

---@class botster.PluginOffer
---@field token string              # what app:plugin_add takes back
---@field name string
---@field version string
---@field description string
---@field provides string[]         # what it adds, in its author's words
---@field wants { name: string, what: string }[] # each capability it asks for, and what that allows
---@field card string[]             # what its code does, in plain words (programs, hosts, files, keys, agents, web routes): read from its files
---@field installed boolean         # a plugin of that name is installed already
---@field error? string             # why it could not be fetched (the rest is then absent)

--- Fetches a plugin to show what it is and asks for before you grant it (git, npm or a folder;
--- the hub fetches only when you ask). `fn(info, app)` gets a botster.PluginOffer. Yours only: a
--- plugin's, an improvement's or a project's call is refused.
--- ```lua
--- app:plugin_fetch("github:someone/botster-clock", function(info, app2)
---   if info.error then return app2:notify(info.error, "error") end
---   app2:notify(info.name .. " asks for " .. #info.wants .. " capabilities")
--- end)
--- ```
---@param source string
---@param fn fun(info: botster.PluginOffer, app: botster.AppActions)
function AppActions:plugin_fetch(source, fn) end

--- Adds a fetched plugin with the capabilities you grant (a list of names from info.wants): it is
--- checked to load first, then live. lua/default/plugins.lua asks with a dialog whose "grant" takes
--- the word typed.
--- ```lua
--- app:plugin_add(info, { "pieces", "keys" })
--- ```
---@param info botster.PluginOffer
---@param grant string[]
function AppActions:plugin_add(info, grant) end

--- Updates (to the newest version of what it follows, checked before it goes live), removes,
--- enables or disables a plugin of self.plugins, or grants it more of what it asks for (`caps`).
--- ```lua
--- app:plugin("disable", "clock")
--- app:plugin("grant", "clock", { "keys" })
--- ```
---@param op "update"|"remove"|"enable"|"disable"|"grant"
---@param name string
---@param caps? string[]
function AppActions:plugin(op, name, caps) end

--- In a plugin's own Lua state: its name, and whether you granted it a capability (a plugin can
--- do without what it was not granted instead of failing to load).
---@class botster.PluginSelf
---@field name string
---@field granted fun(capability: string): boolean
plugin = {}

--- The plugin_asked event: an agent (by the kernel's word: its process descends from it) typed
--- `botster-tui plugin add|grant|enable`; nothing changes by its word, lua/default/plugins.lua asks you.
---@class botster.PluginAsked
---@field request string                      # "p1"
---@field from { id: string, name: string }   # the agent that asks
---@field action "add"|"grant"|"enable"
---@field source? string  # add: where from (a folder: the copy the hub took when asked, in the home)
---@field folder? string  # add: the folder the agent named, when it named one
---@field name? string    # grant, enable: the plugin
---@field caps? string[]  # grant: the capabilities it asks you to grant (not granted yet)

---@class botster.plugin_asks
---@field hook integer   # the plugin_asked handler's id, for hooks.off
plugin_asks = {}

--- Asks you: add shows the plugin (app:run("plugin.add", ev.source): what it is and asks for,
--- granted with the word typed); grant and enable take the word typed. Replace it to drop or filter
--- agents' asks:
--- ```lua
--- function plugin_asks.ask(ev, app) app:notify(ev.from.name .. " asked for a plugin", "info") end
--- ```
---@param ev botster.PluginAsked
---@param app botster.AppActions
function plugin_asks.ask(ev, app) end

---@class botster.plugins
plugins = {}

--- Names a plugin index: a git repository (a URL, file://, github:owner/repo) with
--- botster-plugins.json at its root, searched by `botster-tui plugin search WORDS` and
--- `plugin info NAME` from a cache in the home (docs/plugins.md#finding-plugins). Your own files only:
--- an improvement's, a plugin's or a project's call is an error at its line. The hub never fetches it.
--- ```lua
--- plugins.index("github:someone/botster-plugins")
--- ```
---@param source string
function plugins.index(source) end
