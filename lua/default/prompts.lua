-- A prompt the hub types into an agent (review comments, another agent's message, a pipeline
-- step's prompt) goes only where a program reads prompts: an agent whose foreground program a CLI
-- file knows (clis.find: `claude` typed into a shell agent counts). A shell would run the
-- prompt's lines as commands (`1.` as a command, a snippet's backticks as command substitution),
-- so it never gets one unless the caller says it means it (force: the user's yes in the review
-- panel, the CLI's --force). Every path asks before_prompt; this is its shipped rule.
-- Override in user/hooks.lua:
--   function prompts.reads(ev) return not ev.shell end   -- any program but a shell

prompts = {}

--- Whether the agent reads the prompt about to be typed into it: true, or false and why.
---@param ev botster.Prompt
---@return boolean ok
---@return string|nil why
function prompts.reads(ev)
  local a = ev.agent or {}
  local program = a.program or ""
  if clis.find(program) then return true end
  local who = ("agent %s (id:%s)"):format(tostring(a.name), tostring(a.id))
  if ev.shell then
    return false, ("%s runs a shell (%s), not an agent CLI: it would run %s as commands. Start its CLI in it (claude, codex...) first"):format(who, program, ev.what or "the prompt")
  end
  -- A pipeline's step runs the program its file names to take the prompt.
  if ev.kind == "pipeline" then return true end
  return false, ("%s runs %s, which no CLI file knows (lua/default/clis/): it may not read %s as a prompt"):format(who, program ~= "" and program or "a program", ev.what or "the prompt")
end

prompts.hook = hooks.on("before_prompt", function(ev)
  if ev.force then return nil end
  local ok, why = prompts.reads(ev)
  if not ok then return false, why or "it does not read prompts" end
end, { priority = hooks.FIRST, name = "prompts go to agent CLIs" })
