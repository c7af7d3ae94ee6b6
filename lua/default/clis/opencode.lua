-- OpenCode. While it works its footer says "esc interrupt" (or "esc to interrupt"); a tool call
-- that needs approval shows "△ Permission required" with what it wants to do and "Enter to allow".
-- Signals it uses (checked against 0.1.174 and 0.5.29, the only 0.x releases on npm, and 1.3.2,
-- 1.14.34, 1.18.33):
--   work:   the footer row under the input box: "esc interrupt" in any wording, the pulse (a row of
--           blocks ⬝ ■, or one block cycling █ ▓ ▒ ░), 0.x's "working...", a task text ("Thinking",
--           "Generating", "Building tool call", "Waiting for tool response") after a pulse glyph
--           (alone on its line only in 0.x: in 1.x that is the answer's text); "retrying in 13s".
--   asking: "△ Permission required" with "Enter to allow"; a dialog in the live rows.
-- It says its state itself through a plugin the hub names for each launch (OPENCODE_CONFIG_CONTENT
-- adds it to your plugins) and resumes with `opencode --session <id>`.

-- The plugin: OpenCode's bus events as reports, one at a time and in order (each report is a
-- process; two at once could arrive out of order).
local PLUGIN = [==[// Written by botster-tui at hub start: OpenCode (and Kilo Code, lua/default/clis/kilo.lua) tell the hub what they are doing (docs/agent-states.md).
import { spawn } from "node:child_process";
const bin = process.env.BOTSTER_HOME + "/bin/botster-tui";
let queue = Promise.resolve();
let last = "";
function report(args) {
  queue = queue.then(() => new Promise((done) => {
    try {
      const child = spawn(bin, ["report", "--if-in-hub", ...args], { stdio: "ignore" });
      child.on("error", () => done());
      child.on("exit", () => done());
    } catch {
      done();
    }
  }));
}
const line = (s) => (String(s ?? "").split("\n").find((l) => l.trim() !== "") ?? "").slice(0, 200);
export const BotsterHub = async () => ({
  event: async ({ event }) => {
    if (!process.env.BOTSTER_AGENT_ID) return;
    const p = event.properties ?? {};
    const sid = p.sessionID ?? p.info?.id ?? "";
    let args = null;
    if (event.type === "session.created") args = ["--state", "idle"];
    else if (event.type === "session.status" && p.status?.type === "busy") args = ["--state", "running"];
    else if (event.type === "session.idle" || (event.type === "session.status" && p.status?.type === "idle"))
      args = ["--state", "done"];
    else if (event.type === "permission.asked")
      args = ["--state", "waiting", "--reason", line((p.permission ?? "permission") + ": " + (p.patterns ?? []).join(" "))];
    else if (event.type === "question.asked")
      args = ["--state", "waiting", "--reason", line(p.questions?.[0]?.question ?? p.question ?? "a question")];
    else if (/^(permission|question)\.(replied|rejected)$/.test(event.type)) args = ["--state", "running"];
    if (!args) return;
    if (sid) args.push("--session", sid);
    // OpenCode repeats a status: one report each.
    const key = args.join(" ");
    if (key === last) return;
    last = key;
    report(args);
  },
});
]==]

-- The pulse glyphs: 1.x's ⬝ and ■, the cycling block █ ▓ ▒ ░.
local PULSE = { ["⬝"] = true, ["■"] = true, ["█"] = true, ["▓"] = true, ["▒"] = true, ["░"] = true }

-- A row's text without its leading blanks, no-break spaces too (0.x pads its footer with them).
local function bare(line)
  local t = status.clean(line or "")
  repeat
    local before = t
    t = t:gsub("^%s+", ""):gsub("^\194\160", "")
  until t == before
  return t
end

-- A row that starts with the pulse: four blocks in a row, or one block then a word.
local function pulse(line)
  local t = bare(line)
  local n = 0
  for _, cp in utf8.codes(t) do
    local ch = utf8.char(cp)
    if not PULSE[ch] then
      return n >= 4 or (n >= 1 and ch == " " and t:find("^%S+%s+%a") ~= nil)
    end
    n = n + 1
  end
  return n >= 4
end

-- The task texts of a message in progress, with or without dots.
local TASKS = { "^Thinking%.*$", "^Generating%.*$", "^Building tool call%.*$", "^Waiting for tool response%.*$" }
local function is_task(text)
  for _, p in ipairs(TASKS) do
    if text:find(p) then return true end
  end
  return false
end

-- What its screen says. `go_tui`: the 0.x TUI (Go), whose rows for a message in progress
-- ("Generating...", "Building tool call...") are work; 1.x draws none, so there they are text.
local function read(screen, go_tui)
  local live = screen:last(15)
  if screen:ifind({ "permission required", "press enter to allow" }, live) then
    -- The line under "Permission required" says what it wants to do.
    local _, row = screen:ifind("permission required", live)
    for _, line in ipairs(screen:text(live)) do
      local cmd = status.clean(line):match("^%$ (.+)")
      if cmd then return "waiting", ("run `%s`?"):format(cmd), "permission" end
    end
    local what = row and screen.lines[row + 1] and status.clean(screen.lines[row + 1]):gsub("^#%s*", ""):gsub("^→%s*", "") or ""
    return "waiting", what ~= "" and what or "permission required", "permission"
  end
  local reason, rule = screen:dialog(screen:last(15))
  if reason then return "waiting", reason, rule end
  -- Its footer under the input box says "esc interrupt" while a turn runs (0.5: "working...  esc
  -- interrupt"; 1.x after a pulse of blocks "⬝⬝■■■■■■"). Only the last rows: higher up it is the
  -- transcript, an answer may quote a hint.
  local foot = screen:last(3)
  if screen:ifind({ "esc.-interrupt", "ctrl%+c.-interrupt" }, foot) then return "running", nil, "interrupt hint" end
  -- The pulse (a panel too narrow for the hint): 1.x's row of blocks "⬝⬝■■■■■■", or one block
  -- that cycles █ ▓ ▒ ░ before a word; 0.x's "working..." under the input box.
  for _, row in ipairs(foot) do
    if pulse(screen.lines[row]) then
      screen:evidence(screen.lines[row], "pulse")
      return "running", nil, "block pulse"
    end
  end
  for _, row in ipairs(foot) do
    if bare(screen.lines[row]):find("^working%.%.?%.?") then
      screen:evidence(screen.lines[row], "working")
      return "running", nil, "working"
    end
  end
  -- A task text for a message in progress ("Generating...", "Building tool call...", "Waiting
  -- for tool response..."): after a pulse glyph in any release; alone, a whole line, in 0.x only
  -- (1.x draws none: there such a line is the model's text).
  for _, row in ipairs(screen:last(8)) do
    local t = bare(screen.lines[row])
    local glyph, task = t:match("^(%S+)%s+(.+)$")
    task = glyph and PULSE[glyph] and task or (go_tui and t) or nil
    if task and is_task(task) then
      screen:evidence(screen.lines[row], "task in progress")
      return "running", task, "message in progress"
    end
  end
  -- A request that failed and is tried again: "[retrying in 13s attempt #2]".
  local retry = screen:ifind("retrying in %d", screen:last(5))
  if retry then return "running", "retrying", "retrying" end
  -- Once started it always draws its input box: a blank screen is it starting up.
  if #screen:last(1) == 0 then return "running", "starting", "blank screen" end
  return screen:settle()
end

clis.define({
  name = "opencode",
  title = "OpenCode",
  programs = { "opencode*" },
  command = "opencode",
  packages = { "opencode-ai" },
  version = "1.18.33",
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 1.18.33, the XDG
  -- folders of its own: data (opencode.db, snapshots, log, auth.json), state (locks, model.json,
  -- prompt history), cache (bin/, the npm packages of providers and plugins) and config (a
  -- .gitignore it writes when missing, its plugins' package.json). Without one it stops at start:
  -- "EROFS: read-only file system, mkdir '~/.local/share/opencode'" (or .local/state, .cache);
  -- without the config folder "Error: Unexpected server error" (opencode run: "Unknown:
  -- FileSystem.writeFile (~/.config/opencode/.gitignore)"). (~/.local/share/opentui, its
  -- tree-sitter grammars, it does without.)
  sandbox = {
    write = { "~/.local/share/opencode/", "~/.local/state/opencode/", "~/.cache/opencode/", "~/.config/opencode/" },
    -- its providers' keys (`opencode auth login`)
    secrets = { "~/.local/share/opencode/auth.json" },
    -- it speaks to many providers: their keys
    vars = { "OPENCODE_*", "ANTHROPIC_*", "OPENAI_*", "GEMINI_*", "GOOGLE_*", "OPENROUTER_*", "GROQ_*", "DEEPSEEK_*", "MISTRAL_*", "XAI_*" },
    -- The hosts it reaches through the hub's proxy unasked: its own service and model list, and the
    -- providers it is most often set up with (another one is a question, once).
    network = { allow = { "opencode.ai", "*.opencode.ai", "models.dev", "api.anthropic.com", "api.openai.com",
      "openrouter.ai", "generativelanguage.googleapis.com" } },
  },
  -- Its permission prompt preselects "Allow once": Enter takes it, Escape rejects.
  -- What stops its turn (botster-tui interrupt, ctrl+c in normal mode): its footer says "esc interrupt" while a turn runs.
  interrupt = "escape",
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
  hooks = {
    files = { ["opencode-plugin.js"] = PLUGIN },
    -- Its inline configuration adds to yours (plugins of both load); one of yours set already stays.
    env = { OPENCODE_CONFIG_CONTENT = '{"plugin":["{hooks_url}/opencode-plugin.js"]}' },
    unless_env = { "OPENCODE_CONFIG_CONTENT" },
    own_commands = { "-v", "--version", "-h", "--help", "upgrade", "uninstall", "auth", "models" },
  },
  -- The hub's MCP server for this launch (docs/mcp.md): a config file of its own (OPENCODE_CONFIG,
  -- merged with yours: your servers stay), whose permission asks before the hub's tools that change
  -- something (OpenCode runs an MCP tool unasked otherwise) and lets the read-only ones run.
  mcp = {
    files = {
      ["opencode-mcp.json"] = '{ "mcp": { "botster": { "type": "local", "command": [{mcp_command}, "mcp"] } }, "permission": { "botster_*": "ask", {read_tools} } }\n',
    },
    tool = '"botster_{tool}": "allow"',
    env = { OPENCODE_CONFIG = "{hooks}/opencode-mcp.json" },
    unless_env = { "OPENCODE_CONFIG" },
  },
  detect = function(screen) return read(screen, false) end,
  -- The Go TUI of 0.x drew rows for a message in progress that 1.x does not: there a line
  -- "Generating..." over the input box is the model's text (an answer quoting a log), not work.
  versions = {
    { below = "1.0.0", version = "0.5.29", detect = function(screen) return read(screen, true) end },
  },
})
