-- Cline CLI. Version 3 draws its transcript from the top and an input box between rules at the
-- bottom ("❯ Ask anything..."), read by the structural rules (lua/default/status.lua). A tool
-- approval or a question takes the box's place: "Cline needs permission" / "Approve tool call?"
-- over "[y] Approve   [n] Deny", "Cline is asking a question" over choices under a cursor, while
-- the spinner of the turn may still turn in the transcript above. Its provider forms end with a
-- footer of keys ("Tab to switch fields, Enter to save"). Older versions said "Cline is ready for
-- your message..." at the prompt and asked "Let Cline use this tool?".
-- Hooks: nothing is wired per launch. 3.0.65 runs its tasks and their hooks (the files of
-- ~/.cline/hooks) in a background daemon the first `cline` of a folder starts and every later one
-- shares, so a hook has that first launch's environment and cannot say which agent it serves; its
-- --hooks-dir and CLINE_HOOKS_DIR ran no file here. `botster-tui report --stdin` reads its hooks'
-- JSON (docs/agent-states.md#no-per-launch-path).

-- The first text line under its logo (rows of @ * .): a setup screen's heading.
local function heading(screen)
  for _, line in ipairs(screen.lines) do
    if line:find("%a") and not line:find("@") then return status.clean(line) end
  end
  return nil
end

clis.define({
  name = "cline",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "CLINE_*", "ANTHROPIC_*", "OPENAI_*", "OPENROUTER_*" } },
  title = "Cline CLI",
  programs = { "cline*" },
  command = "cline",
  packages = { "cline" },
  version = "3.0.65",
  -- `cline --id <task id>` goes on with a task (its TaskStart hook names it; no per-launch wiring yet).
  resume = { args = { "--id", "{session}" } },
  -- Its tool approval takes "y" (approve) or "n" (deny), no Enter.
  answers = { yes = { text = "y" }, no = { text = "n" } },
  detect = function(screen)
    local live = screen:last(15)
    local asks = screen:ifind({ "let cline use this tool%?", "let cline [%w ]+%?" }, live)
    if asks then return "waiting", status.clean(asks):gsub("^%[[%w ]+%]%s*", ""), "tool approval" end
    -- 3.x: an approval or a question in place of the input box (whatever spins above it).
    local tail = screen:last(12)
    local approval, row = screen:ifind({ "^%s*cline needs permission", "^%s*approve tool call%?" }, tail)
    if approval and screen:ifind("%[y%] approve", tail) then
      local q, qrow = screen:question(tail)
      local tool = qrow and screen.lines[qrow + 1]
      return "waiting", (q or status.clean(approval)) .. (tool and tool:find("%S") and (" " .. status.clean(tool)) or ""), "tool approval"
    end
    if screen:ifind("^%s*cline is asking a question", tail) then
      return "waiting", screen:question(tail) or "Cline is asking a question", "question"
    end
    -- /model: the user's picker ("Set Model ID" over "Provider: … (tab to change provider)", "Enter to
    -- save, Tab to change provider, Esc to close"), not the first run's "Enter to create" step.
    if screen:picker(live) or screen:ifind("tab to change provider", screen:last(4)) then
      return "idle", nil, "model picker (opened by the user)"
    end
    -- A setup form: "Tab to switch fields, Enter to save", "Enter to create".
    local form = screen:ifind({ "enter to save", "enter to create" }, screen:last(2))
    if form then return "waiting", heading(screen) or status.clean(form), "form footer" end
    -- Its setup screens and popups ("Press Enter to open, any other key to close"): named by
    -- their heading under the logo.
    -- (Under its input box, when one shows: what is above it is the transcript, which may quote a menu.)
    local region, box = live, screen:box()
    if #box > 0 and status.clean(screen.lines[box[1]]):find("^❯") then region = screen:join(box, screen:after()) end
    local reason, rule = screen:dialog(region)
    if reason then
      local q = screen:question(region)
      return "waiting", (q and not q:find("://") and q) or heading(screen) or reason, rule
    end
    if screen:ifind("cline is ready for your message", live) then return "idle", nil, "ready line" end
    -- Older versions: anything else with their task header is a task in progress. 3.x draws an input
    -- box between rules ("❯ Ask anything..."): the structural rules read it.
    if #screen:rules() == 0 then return "running", nil, "no ready line" end
    return nil
  end,
})
