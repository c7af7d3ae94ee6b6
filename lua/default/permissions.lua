-- Permission questions (docs/permissions.md). Where an agent's CLI asks you before a tool ("may I
-- run `npm test`?": Claude Code's PermissionRequest hook), the hub hands the question to
-- permissions.decide, which answers allow (it runs, no dialog), deny (its model is told why) or
-- ask (its own dialog shows: the agent waits for you, your phone is told, the web page offers
-- allow once, allow always for this agent, deny). Every answer is in the hub log with its rule.
--
-- The shipped decide: what you allowed always for that agent, then the first rule of
-- permissions.rules that matches, else ask. Change the rules in $BOTSTER_HOME/user/permissions.lua
-- (any user/*.lua):
--   permissions.rules = {
--     { name = "tests", allow = { "npm test", "make check" } },          -- commands by their first words
--     { name = "secrets", deny = { touches = { "~/.ssh", "~/.aws" } }, reason = "not for agents" },
--     { name = "push", ask = "git push" },
--     { name = "reads", allow = { tool = { "Read", "Grep", "Glob" } } },
--   }
--   table.insert(permissions.rules, 1, { name = "make", allow = "make" })   -- or add one in front
-- or decide yourself: function permissions.decide(q, app) ... end (the shipped one is below).

permissions = permissions or {}

permissions.rules = {
  { name = "tests and status", allow = { "npm test", "git status" } },
  { name = "ssh keys", deny = { touches = "~/.ssh" }, reason = "your SSH keys are not for agents to read or change" },
  { name = "push", ask = "git push" },
}

local ANSWERS = { "allow", "deny", "ask" }
local SAYS = { allow = 'your rule "%s" allows it', deny = 'your rule "%s" denies it', ask = 'your rule "%s" asks you' }
local RULE_FIELDS = { name = true, allow = true, deny = true, ask = true, reason = true }
local MATCH_FIELDS = { run = true, touches = true, tool = true, when = true, worktree = true }

local function list(v)
  if type(v) == "table" then return v end
  return { v }
end

-- A command line cut where the shell starts another command, outside quotes: && || ; | & and new
-- lines (`2>&1` and `&>` redirect, they cut nothing). Each part trimmed; empty ones left out.
local function parts(cmd)
  local out, cur, quote, i = {}, {}, nil, 1
  local function cut()
    local p = table.concat(cur):gsub("^%s+", ""):gsub("%s+$", "")
    -- (a group's brackets: `(cd x && npm test)`)
    p = p:gsub("^[%(%{]%s*", ""):gsub("%s*[%)%}]$", "")
    if p ~= "" then out[#out + 1] = p end
    cur = {}
  end
  while i <= #cmd do
    local c = cmd:sub(i, i)
    if quote then
      cur[#cur + 1] = c
      if c == "\\" and quote == '"' then
        cur[#cur + 1] = cmd:sub(i + 1, i + 1)
        i = i + 1
      elseif c == quote then
        quote = nil
      end
    elseif c == "'" or c == '"' then
      quote = c
      cur[#cur + 1] = c
    elseif c == "\\" then
      cur[#cur + 1] = cmd:sub(i, i + 1)
      i = i + 1
    elseif c == "&" and (cmd:sub(i - 1, i - 1):match("[<>]") or cmd:sub(i + 1, i + 1) == ">") then
      cur[#cur + 1] = c
    elseif c == ";" or c == "\n" or c == "&" or c == "|" then
      cut()
      if (c == "&" or c == "|") and cmd:sub(i + 1, i + 1) == c then i = i + 1 end
    else
      cur[#cur + 1] = c
    end
    i = i + 1
  end
  cut()
  return out
end

-- A command's words, its leading VAR=value assignments left out, quotes around a word dropped.
local function words(s)
  local out = {}
  for w in s:gmatch("%S+") do
    if #out > 0 or not w:match("^[%a_][%w_]*=") then out[#out + 1] = (w:gsub("^(['\"])(.*)%1$", "%2")) end
  end
  return out
end

local function starts(have, want)
  if #want == 0 or #have < #want then return false end
  for i, w in ipairs(want) do
    if have[i] ~= w then return false end
  end
  return true
end

-- A part an allow rule may answer: no command inside it ($(...), backticks, <(...)) and no
-- redirection but to /dev/null or between its own outputs.
local function plain(p)
  if p:find("$(", 1, true) or p:find("`", 1, true) or p:find("<(", 1, true) or p:find(">(", 1, true) then return false end
  local rest = p:gsub("%d?>&%d", ""):gsub("&>%s*/dev/null", ""):gsub("%d?>>?%s*/dev/null", "")
  return not rest:find("[<>]")
end

local function runs_part(p, patterns)
  local have = words(p)
  for _, pat in ipairs(list(patterns)) do
    if starts(have, words(pat)) then return true end
  end
  return false
end

--- Whether q's shell command runs one of `patterns` (commands by their first words: "git push"
--- matches `git push origin main`, and `cd x && git push`), in any of its parts.
function permissions.runs(q, patterns)
  if type(q.command) ~= "string" then return false end
  for _, p in ipairs(parts(q.command)) do
    if runs_part(p, patterns) then return true end
  end
  return false
end

--- Whether every part of q's shell command is one of `patterns`, each plain (no $(...), backticks
--- or redirection but to /dev/null): what an allow rule's commands answer.
function permissions.runs_only(q, patterns)
  if type(q.command) ~= "string" then return false end
  local ps = parts(q.command)
  if #ps == 0 then return false end
  for _, p in ipairs(ps) do
    if not plain(p) or not runs_part(p, patterns) then return false end
  end
  return true
end

--- Whether q names one of `paths` anywhere in its input (a command's text, a file's path): `~` is
--- your home (also as $HOME and ${HOME} in a command). Text, not the file system: a path built
--- another way is not seen.
function permissions.touches(q, paths)
  for _, p in ipairs(list(paths)) do
    local forms = { p }
    if p == "~" or p:sub(1, 2) == "~/" then
      local tail = p:sub(2)
      forms = { p, (q.home or "~") .. tail, "$HOME" .. tail, "${HOME}" .. tail }
    end
    for _, v in pairs(q.input or {}) do
      if type(v) == "string" then
        for _, f in ipairs(forms) do
          if v:find(f, 1, true) then return true end
        end
      end
    end
  end
  return false
end

-- A tool name against names, each with * for any text ("mcp__*").
local function tool_is(tool, names)
  for _, n in ipairs(list(names)) do
    local pat = "^" .. tostring(n):gsub("[%^%$%(%)%%%.%[%]%+%-%?]", "%%%0"):gsub("%*", ".*") .. "$"
    if tostring(tool):match(pat) then return true end
  end
  return false
end

-- Rule i made sure of: its answer and what it matches, or an error naming it.
local function check(rule, i)
  local where = ("permissions.rules[%d]"):format(i)
  if type(rule) ~= "table" then error(where .. ': a rule is { name = "...", allow|deny|ask = ..., reason? = "..." }', 0) end
  if type(rule.name) ~= "string" or rule.name == "" then error(where .. ": give it a name (the log shows it)", 0) end
  where = ("%s (%q)"):format(where, rule.name)
  for k in pairs(rule) do
    if not RULE_FIELDS[k] then error(("%s: unknown field %q (name, allow, deny, ask, reason)"):format(where, tostring(k)), 0) end
  end
  local answer
  for _, a in ipairs(ANSWERS) do
    if rule[a] ~= nil then
      if answer then error(where .. ": give one of allow, deny or ask", 0) end
      answer = a
    end
  end
  if not answer then error(where .. ": give one of allow, deny or ask", 0) end
  local m = rule[answer]
  if m == true then return answer, {} end
  if type(m) == "string" then return answer, { run = { m } } end
  if type(m) ~= "table" then error(("%s: %s is a command, a list of them or { run, touches, tool, when, worktree }"):format(where, answer), 0) end
  local out = {}
  for k, v in pairs(m) do
    if type(k) == "number" then
      out.run = out.run or {}
      out.run[#out.run + 1] = v
    elseif MATCH_FIELDS[k] then
      out[k] = v
    else
      error(("%s: unknown field %q in %s (run, touches, tool, when, worktree)"):format(where, tostring(k), answer), 0)
    end
  end
  if out.when ~= nil and type(out.when) ~= "function" then error(where .. ": when is function(q, app) return true end", 0) end
  return answer, out
end

local function matches(answer, m, q, app)
  if m.tool and not tool_is(q.tool, m.tool) then return false end
  if m.worktree and not (q.agent and q.agent.worktree) then return false end
  if m.run then
    -- An allow answers only a command made of what it names; a deny or ask any command with it in.
    if answer == "allow" and not permissions.runs_only(q, m.run) then return false end
    if answer ~= "allow" and not permissions.runs(q, m.run) then return false end
  end
  if m.touches and not permissions.touches(q, m.touches) then return false end
  if m.when and not m.when(q, app) then return false end
  return true
end

--- The answer of the first of `rules` that matches q (a rule's own `reason`, else one naming it),
--- or nil when none does.
---@param q botster.PermissionQuestion
---@param app botster.App
---@param rules botster.PermissionRule[]
---@return botster.PermissionAnswer|nil
function permissions.first(q, app, rules)
  for i, rule in ipairs(rules or {}) do
    local answer, m = check(rule, i)
    if matches(answer, m, q, app) then
      return { decision = answer, rule = rule.name, reason = rule.reason or SAYS[answer]:format(rule.name) }
    end
  end
  return nil
end

--- The policy: what you allowed always for this agent, then the first rule that matches, else ask.
---@param q botster.PermissionQuestion
---@param app botster.App
---@return botster.PermissionAnswer
function permissions.decide(q, app)
  if q.remembered then
    return { decision = "allow", rule = "always for this agent", reason = ("you allowed it always for agent %s"):format(q.agent and q.agent.id or "?") }
  end
  return permissions.first(q, app, permissions.rules)
    or { decision = "ask", rule = nil, reason = "no rule answers it: its CLI asks you" }
end
