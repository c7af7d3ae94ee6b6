-- Plugins from the palette (docs/plugins.md): plugin.add shows what a plugin is and asks for before
-- you grant it (granting takes the word typed: a stray Enter is "not now"), plugin.update,
-- plugin.remove, plugin.enable and plugin.disable pick one of self.plugins. botster-tui plugin does
-- the same from a shell. Replace any of them in your own files.

local function describe(p)
  local state = not p.enabled and "disabled" or (p.installed and "on" or "missing: botster-tui plugin restore")
  local granted = #p.granted > 0 and table.concat(p.granted, ", ") or "nothing"
  return ("%s · %s · granted %s · %s"):format(p.pin, state, granted, p.source)
end

-- Picks a plugin (its name as the argument skips the dialog), then does `fn(name, app)`.
local function pick(app, arg, verb, want, fn)
  local list = {}
  for _, p in ipairs(app.plugins or {}) do
    if want(p) then list[#list + 1] = p end
  end
  if arg ~= nil and arg ~= "" then return fn(tostring(arg), app) end
  if #list == 0 then return app:notify("plugin." .. verb .. ": no plugin to " .. verb .. " (botster-tui plugin ls)", "info") end
  local items = {}
  for i, p in ipairs(list) do items[i] = { label = p.name, description = describe(p), name = p.name } end
  app:select(items, { title = verb:sub(1, 1):upper() .. verb:sub(2) .. " which plugin?" }, function(choice, app2)
    if choice and choice.name then fn(choice.name, app2) end
  end)
end

commands.register("plugin.add", function(app, arg)
  local function offer(source, app2)
    app2:plugin_fetch(source, function(info, app3)
      if info.error then return app3:notify("plugin.add: " .. info.error, "error") end
      if info.installed then return app3:notify(("plugin.add: %s is installed already (plugin.update)"):format(info.name), "error") end
      local lines = { info.description ~= "" and info.description or nil }
      for _, p in ipairs(info.provides or {}) do lines[#lines + 1] = "provides " .. p end
      local names = {}
      for _, w in ipairs(info.wants or {}) do
        lines[#lines + 1] = ("wants %-10s %s"):format(w.name, w.what)
        names[#names + 1] = w.name
      end
      if #names == 0 then lines[#lines + 1] = "asks for no capability" end
      -- What its code does (read from its files, not its manifest's word).
      if info.card and #info.card > 0 then
        lines[#lines + 1] = "what its code does:"
        for _, l in ipairs(info.card) do lines[#lines + 1] = "  " .. l end
      end
      app3:select({
        { label = "not now", description = "nothing is added" },
        { label = "grant", description = #names > 0 and ("add it with " .. table.concat(names, ", ")) or "add it", grant = true, confirm = "grant" },
      }, { title = ("Add plugin %s %s?"):format(info.name, info.version), text = lines }, function(choice, app4)
        if choice and choice.grant then return app4:plugin_add(info, names) end
        app4:notify(("plugin %s was not added"):format(info.name), "info")
      end)
    end)
  end
  if arg ~= nil and arg ~= "" then return offer(tostring(arg), app) end
  app:input({ title = "Add a plugin from (a git URL, github:owner/repo, npm:NAME or a folder)" }, function(text, app2)
    if text and text:match("%S") then offer(text, app2) end
  end)
end, { desc = "Add a plugin: see what it asks for, grant it, and it is live", category = "plugins" })

commands.register("plugin.update", function(app, arg)
  pick(app, arg, "update", function(p) return p.kind ~= "folder" end, function(name, app2) app2:plugin("update", name) end)
end, { desc = "Update a plugin to the newest version of what it follows (checked before it goes live)", category = "plugins" })

commands.register("plugin.remove", function(app, arg)
  pick(app, arg, "remove", function() return true end, function(name, app2)
    app2:select({
      { label = "cancel", description = "keep it" },
      { label = "remove", description = "its copy and its line in the lock go", remove = true },
    }, { title = "Remove plugin " .. name .. "?" }, function(choice, app3)
      if choice and choice.remove then app3:plugin("remove", name) end
    end)
  end)
end, { desc = "Remove a plugin", category = "plugins" })

commands.register("plugin.enable", function(app, arg)
  pick(app, arg, "enable", function(p) return not p.enabled end, function(name, app2) app2:plugin("enable", name) end)
end, { desc = "Turn a disabled plugin back on", category = "plugins" })

commands.register("plugin.disable", function(app, arg)
  pick(app, arg, "disable", function(p) return p.enabled end, function(name, app2) app2:plugin("disable", name) end)
end, { desc = "Turn a plugin off (it stays installed)", category = "plugins" })

commands.register("plugin.grant", function(app, arg)
  pick(app, arg, "grant", function(p)
    for _, w in ipairs(p.wants) do
      local has = false
      for _, g in ipairs(p.granted) do has = has or g == w end
      if not has then return true end
    end
    return false
  end, function(name, app2)
    local p
    for _, x in ipairs(app2.plugins or {}) do if x.name == name then p = x end end
    if not p then return app2:notify("plugin.grant: no plugin named " .. name, "error") end
    local missing = {}
    for _, w in ipairs(p.wants) do
      local has = false
      for _, g in ipairs(p.granted) do has = has or g == w end
      if not has then missing[#missing + 1] = w end
    end
    if #missing == 0 then return app2:notify(name .. " has everything it asks for", "info") end
    app2:select({
      { label = "not now", description = "it stays as it is" },
      { label = "grant", description = "grant " .. table.concat(missing, ", "), grant = true, confirm = "grant" },
    }, { title = ("Grant %s %s?"):format(name, table.concat(missing, ", ")) }, function(choice, app3)
      if choice and choice.grant then app3:plugin("grant", name, missing) end
    end)
  end)
end, { desc = "Grant a plugin what it asks for and was not granted (the word typed)", category = "plugins" })

commands.register("plugin.list", function(app)
  local items = {}
  for i, p in ipairs(app.plugins or {}) do items[i] = { label = p.name, description = describe(p) } end
  if #items == 0 then return app:notify("no plugins (plugin.add, or botster-tui plugin add SOURCE)", "info") end
  app:select(items, { title = "Plugins" }, function() end)
end, { desc = "The plugins of this home: version, state, what each was granted", category = "plugins" })

-- An agent asks for a plugin (`botster-tui plugin add|grant|enable` typed in it): you are asked
-- here, and only what you grant here is granted (docs/plugins.md#when-an-agent-asks). Adding shows
-- the plugin first (a folder: the copy the hub took when the agent asked, which the agent cannot
-- change); granting and enabling take the word typed. Override in user/hooks.lua:
--   function plugin_asks.ask(ev, app) end   -- never asked: agents' asks are dropped
plugin_asks = {}

---@param ev botster.PluginAsked
---@param app botster.AppActions
function plugin_asks.ask(ev, app)
  local who = ("agent %s (id %s)"):format(ev.from.name, ev.from.id)
  local key = "plugin:" .. ev.request
  if ev.action == "add" then
    app:select({
      { label = "not now", description = "nothing is fetched or added" },
      { label = "look at it", description = "see what it is and asks for; adding it is a second question", look = true },
    }, {
      title = ("%s asks to add a plugin"):format(who),
      text = { "from " .. (ev.folder or ev.source), ev.folder and ("(a copy the hub took now: " .. ev.source .. ")") or nil },
      key = key,
    }, function(choice, app2)
      if choice and choice.look then app2:run("plugin.add", ev.source) end
    end)
  elseif ev.action == "grant" then
    local caps = table.concat(ev.caps or {}, ", ")
    app:select({
      { label = "not now", description = "it stays as it is" },
      { label = "grant", description = "grant " .. ev.name .. " " .. caps, grant = true, confirm = "grant" },
    }, { title = ("%s asks to grant plugin %s %s"):format(who, ev.name, caps), key = key }, function(choice, app2)
      if choice and choice.grant then app2:plugin("grant", ev.name, ev.caps) end
    end)
  elseif ev.action == "enable" then
    app:select({
      { label = "not now", description = "it stays off" },
      { label = "enable", description = "turn " .. ev.name .. " on with what you granted it", enable = true, confirm = "enable" },
    }, { title = ("%s asks to enable plugin %s"):format(who, ev.name), key = key }, function(choice, app2)
      if choice and choice.enable then app2:plugin("enable", ev.name) end
    end)
  end
end

plugin_asks.hook = hooks.on("plugin_asked", function(ev, app) plugin_asks.ask(ev, app) end, { name = "plugin asks" })
