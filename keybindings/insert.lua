-- Insert mode: every key goes to the focused agent, except the bindings below. Keep them few:
-- never take keys shells and agent CLIs need (ctrl+c, ctrl+d, ctrl+z, ctrl+r, ctrl+b ...).
-- The way out of insert mode (ctrl+g, or the chord settings.way_out chooses) is built into the
-- hub: no binding can take it.
keys.bind("insert", "alt+]", "agent.next", { desc = "Focus the next agent" })
keys.bind("insert", "alt+[", "agent.prev", { desc = "Focus the previous agent" })
keys.bind("insert", "shift+pageup", "scroll.page_up", { desc = "Scroll the agent's view up a page" })
keys.bind("insert", "shift+pagedown", "scroll.page_down", { desc = "Scroll the agent's view down a page" })
