-- A boxed agent reaches the network only through the hub's proxy (docs/security.md, "Boxes:
-- network"): the hosts its box allows (sandbox.boxes.NAME.network.allow, its CLI file's
-- sandbox.network.allow) and any other you let it. The first try at another host is refused and
-- asks you, once per agent and host; the question waits until you open it (Ctrl+g o) and takes
-- none of your keys. Override in user/hooks.lua:
--   function sandbox.ask_host(ev, app) app:run("agent.deny_host", ev.request) end   -- never, unasked

---@param ev botster.HostAsked
---@param app botster.AppActions
function sandbox.ask_host(ev, app)
  local who = ("%s (id %s)"):format(ev.agent.name, ev.agent.id)
  app:select({
    { label = "not now", description = "no answer yet: it stays refused (agent.allow_host " .. ev.request .. " lets it later)" },
    { label = "refuse", description = ("refused, and remembered for %s (through its restarts)"):format(who), answer = "deny" },
    { label = "allow", description = ("%s may reach %s (any port) from now on"):format(who, ev.host), answer = "allow", confirm = "allow" },
  }, {
    title = ("boxed agent %s asks to reach %s:%d"):format(who, ev.host, ev.port),
    text = { "The host is not in its box's list (network.allow). Allowing lets it connect there",
      "through the hub's proxy, until it leaves the list; what it reads can go there." },
    key = "host:" .. ev.request,
  }, function(choice, app2)
    if choice and choice.answer then return app2:run("agent." .. choice.answer .. "_host", ev.request) end
  end)
end

sandbox.ask_host_hook = hooks.on("box_host_asked", function(ev, app) sandbox.ask_host(ev, app) end, { name = "box host question" })
