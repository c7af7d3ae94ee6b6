-- Shipped status adapters: when is an agent asking you something? They look at the last lines of
-- its screen once it has gone quiet. Add your own in user/hooks.lua with status.adapter({...}).

local function last(lines, n)
  local out = {}
  for i = math.max(1, #lines - n + 1), #lines do out[#out + 1] = lines[i] end
  return out
end

local function any(lines, patterns)
  for _, line in ipairs(lines) do
    for _, p in ipairs(patterns) do
      if line:find(p) then return true end
    end
  end
  return false
end

-- Claude Code: permission prompts ("Do you want to ...?") with a ❯ menu.
status.adapter({
  name = "claude", match = "claude*", priority = -10,
  detect = function(lines)
    local tail = last(lines, 12)
    if any(tail, { "Do you want to", "❯%s*%d+%.", "Allow this", "Yes, and don't ask again" }) then return "waiting" end
    return nil
  end,
})

-- Aider: "(Y)es/(N)o" questions.
status.adapter({
  name = "aider", match = "aider*", priority = -10,
  detect = function(lines)
    if any(last(lines, 4), { "%(Y%)es/%(N%)o", "%[Yes%]:" }) then return "waiting" end
    return nil
  end,
})

-- Codex: approval prompts.
status.adapter({
  name = "codex", match = "codex*", priority = -10,
  detect = function(lines)
    if any(last(lines, 8), { "Allow command%?", "Approve", "%(y/n%)" }) then return "waiting" end
    return nil
  end,
})

-- Anything else: the bell as its last word, a yes/no question, a ❯ menu, or a line ending in "?"
-- at the bottom of the screen; a shell showing its prompt (OSC 133 marks) is just idle.
status.adapter({
  name = "generic", priority = 100,
  detect = function(lines, agent)
    if agent.rang_bell then return "waiting" end
    if agent.at_prompt then return "idle" end
    local tail = last(lines, 3)
    if any(tail, { "%(y/n%)", "%[y/N%]", "%[Y/n%]", "%(yes/no%)", "^%s*❯%s", "Press [Ee]nter", "%?%s*$" }) then return "waiting" end
    return nil
  end,
})
