-- Cline CLI. At its prompt it always says "Cline is ready for your message..." (with the mode,
-- "[act mode]" / "[plan mode]"); a tool call waiting for approval asks "Let Cline use this tool?"
-- with Yes / No choices. Anything else on its screen is a task in progress. Version 3 draws an
-- input box between rules instead, read by the structural rules (lua/default/status.lua).

clis.define({
  name = "cline",
  title = "Cline CLI",
  programs = { "cline*" },
  command = "cline",
  packages = { "cline" },
  version = "3.0.65",
  -- `cline --id <task id>` goes on with a task (its TaskStart hook names it; no per-launch wiring yet).
  resume = { args = { "--id", "{session}" } },
  detect = function(screen)
    local live = screen:last(15)
    local asks = screen:ifind({ "let cline use this tool%?", "let cline [%w ]+%?" }, live)
    if asks then return "waiting", status.clean(asks):gsub("^%[[%w ]+%]%s*", ""), "tool approval" end
    if screen:ifind("cline is ready for your message", live) then return "idle", nil, "ready line" end
    -- Older versions: anything else with their task header is a task in progress. 3.x draws an input
    -- box between rules ("❯ Ask anything..."): the structural rules read it.
    if #screen:rules() == 0 then return "running", nil, "no ready line" end
    return nil
  end,
})
