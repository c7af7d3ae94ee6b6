-- Who needs you: the `!` badge in the agent list is `agent.attention`, which this function works
-- out from facts the hub records (times in ms on the hub's clock):
--   agent.state          running | waiting | idle | done | exited, since agent.state_since
--   agent.bell_at        when it last rang the bell
--   agent.waiting_since  when it started waiting for you (while its state is "waiting")
--   agent.seen_at        when the focus last left it (nil if you never looked at it)
--   agent.watched        true while another attached client has it focused
-- Define your own App:attention in $BOTSTER_HOME/user/hooks.lua (or layout.lua) to change the rule;
-- saving the file changes the badges at once. Layouts, keys, commands and hooks all see the result.

--- Whether `agent` needs you: not focused here or in another client, and it rang the bell, started
--- waiting, or finished its turn (done) since you last looked at it.
---@param agent botster.Agent
---@return boolean
function App:attention(agent)
  if agent.id == self.focused_id or agent.watched then return false end
  local seen = agent.seen_at or -1
  if agent.state == "done" then return true end
  return (agent.bell_at or -1) > seen or (agent.waiting_since or -1) > seen
end
