-- How the agent CLIs the hub knows resume a conversation, for `botster-tui --restore` and the
-- offer after a hub died (docs/resume.md). Each profile's resume(agent, restore) gets what the hub
-- recorded of the agent (folder, start time, the session ids its hooks reported, program, screen)
-- and returns the command that resumes its conversation, or nil to start it again as it was.
-- These are not listed in the spawn dialog (listed = false); your own profiles.define("claude",
-- {...}) replaces the command and keeps the resume (resume = false turns it off).

-- Was this file written since the agent started (a second's slack for clocks that round)?
local function since_start(file, agent)
  return file.mtime >= (agent.started or 0) - 1
end

local function env_of(agent, name)
  return (agent.env and agent.env[name]) or os.getenv(name)
end

-- Claude Code: `claude --resume <id>`. The id its SessionStart hook reported (botster-tui hooks
-- claude --install), else its newest transcript for this folder written since the agent started:
-- <config>/projects/<folder with every non-alphanumeric character as ->/<id>.jsonl.
local function claude_transcript(agent, restore)
  local dir = env_of(agent, "CLAUDE_CONFIG_DIR") or "~/.claude"
  local slug = (agent.cwd:gsub("[^%w]", "-"))
  -- Claude shortens long names and adds a hash of the path.
  if #slug > 200 then slug = slug:sub(1, 200) .. "-*" end
  for _, f in ipairs(files.glob(dir .. "/projects/" .. slug .. "/*.jsonl")) do
    if not since_start(f, agent) then return nil end
    local id = f.name:gsub("%.jsonl$", "")
    if not restore.taken[id] then return id end
  end
  return nil
end

profiles.define("claude", {
  command = "claude",
  listed = false,
  match = "claude*",
  resume = function(agent, restore)
    local id = profiles.reported(agent, "claude*") or claude_transcript(agent, restore)
    if not id then return nil end
    local spec = profiles.rerun(agent, { "--resume", id }, "claude")
    spec.session = id
    return spec
  end,
})

-- Codex: `codex resume <id>`. The id its notify reported, else the newest rollout written since the
-- agent started whose first line (session_meta) records this folder:
-- $CODEX_HOME (~/.codex)/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl.
local function codex_rollout(agent, restore)
  local home = env_of(agent, "CODEX_HOME") or "~/.codex"
  for _, f in ipairs(files.glob(home .. "/sessions/*/*/*/rollout-*.jsonl", { limit = 200 })) do
    if not since_start(f, agent) then return nil end
    local meta = files.json_line(f.path)
    local p = type(meta) == "table" and (type(meta.payload) == "table" and meta.payload or meta) or {}
    local id = p.id or p.session_id or f.name:match("(%x+%-%x+%-%x+%-%x+%-%x+)%.jsonl$")
    if id and p.cwd == agent.cwd and not restore.taken[id] then return id end
  end
  return nil
end

profiles.define("codex", {
  command = "codex",
  listed = false,
  match = "codex*",
  resume = function(agent, restore)
    local id = profiles.reported(agent, "codex*") or codex_rollout(agent, restore)
    if not id then return nil end
    local spec = profiles.rerun(agent, { "resume", id }, "codex")
    spec.session = id
    return spec
  end,
})

-- Gemini CLI: `gemini --resume <id>`. The id its SessionStart hook reported, else the newest
-- session written since the agent started in the folder Gemini keeps for this project:
-- ~/.gemini/tmp/<project>/.project_root names the project's folder, chats/session-*.jsonl its
-- sessions (the first line records sessionId).
local function gemini_session(agent, restore)
  local home = env_of(agent, "GEMINI_CLI_HOME") or "~"
  for _, marker in ipairs(files.glob(home .. "/.gemini/tmp/*/.project_root", { limit = 1000 })) do
    if files.read_line(marker.path) == agent.cwd then
      local dir = marker.path:gsub("/%.project_root$", "")
      for _, f in ipairs(files.glob(dir .. "/chats/session-*.json*")) do
        if not since_start(f, agent) then break end
        local first = files.json_line(f.path)
        local id = type(first) == "table" and first.sessionId
        if id and not restore.taken[id] then return id end
      end
    end
  end
  return nil
end

profiles.define("gemini", {
  command = "gemini",
  listed = false,
  match = "gemini*",
  resume = function(agent, restore)
    local id = profiles.reported(agent, "gemini*") or gemini_session(agent, restore)
    if not id then return nil end
    local spec = profiles.rerun(agent, { "--resume", id }, "gemini")
    spec.session = id
    return spec
  end,
})

-- Aider keeps no ids: it reloads the chat history of the folder (.aider.chat.history.md) with
-- --restore-chat-history. Its args (the files in the chat, its flags) stay.
profiles.define("aider", {
  command = "aider",
  listed = false,
  match = "aider*",
  resume = function(agent)
    for _, a in ipairs(agent.args or {}) do
      if a == "--restore-chat-history" then return profiles.rerun(agent, {}, "aider", { keep_args = true }) end
    end
    if not agent.args and agent.command:find("--restore-chat-history", 1, true) then return profiles.rerun(agent, {}, "aider", { keep_args = true }) end
    return profiles.rerun(agent, { "--restore-chat-history" }, "aider", { keep_args = true })
  end,
})
