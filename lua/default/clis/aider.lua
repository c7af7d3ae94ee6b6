-- Aider. It asks "Add file.py to the chat? (Y)es/(N)o/(D)on't ask again [Yes]:"; at rest its
-- last line is its prompt ("> ", or the mode's: "architect> ", "ask> "); in between it streams
-- the answer (and "Waiting for <model>" while the model starts).

-- Aider keeps no ids: it reloads the chat history of the folder (.aider.chat.history.md) with
-- --restore-chat-history. Its args (the files in the chat, its flags) stay.
local function resume(agent)
  for _, a in ipairs(agent.args or {}) do
    if a == "--restore-chat-history" then return profiles.rerun(agent, {}, "aider", { keep_args = true }) end
  end
  if not agent.args and agent.command:find("--restore-chat-history", 1, true) then return profiles.rerun(agent, {}, "aider", { keep_args = true }) end
  return profiles.rerun(agent, { "--restore-chat-history" }, "aider", { keep_args = true })
end

clis.define({
  name = "aider",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "AIDER_*", "OPENAI_*", "ANTHROPIC_*", "GEMINI_*", "OPENROUTER_*", "DEEPSEEK_*", "GROQ_*", "MISTRAL_*", "XAI_*" } },
  title = "Aider",
  programs = { "aider*" },
  command = "aider",
  packages = { "aider-chat" },
  -- It asks "(Y)es/(N)o ... [Yes]:": y and n, each with Enter.
  answers = { yes = { text = "y", keys = "enter" }, no = { text = "n", keys = "enter" } },
  resume = resume,
  detect = function(screen)
    local tail = screen:last(4)
    local asks = screen:find({ "%(Y%)es/%(N%)o", "%[Yes%]:%s*$", "%[y/n%]" }, tail)
    if asks then return "waiting", screen:question(tail) or status.clean(asks), "yes/no question" end
    local last = screen:last(1)
    if screen:find("^[%w%-]*>%s", last) or screen:find("^[%w%-]*>$", last) then return "idle", nil, "prompt" end
    if screen:find("Waiting for ", last) then return "running", nil, "waiting for the model" end
    -- Streaming text: running while it comes, idle once it stopped.
    if (screen.quiet or 0) < 1.5 then return "running", nil, "output" end
    return "idle", nil, "quiet 1.5s"
  end,
})
