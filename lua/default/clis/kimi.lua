-- Kimi Code. At rest it draws its input box ("│ > …" between ╭╮ and ╰╯) under the transcript;
-- a dialog (trust, "Run this command?", its AskUserQuestion) takes the box's place between two
-- rules ("──────"), with a footer of keys ("↑/↓ select · 1/2/3/4 choose · ↵ confirm"). While it
-- works, the block just above the box turns a spinner ("⠴ Working…") or counts its retries
-- ("Retrying (6/10) · APIConnectionError · in 9s", behind a moon that turns). What the transcript
-- quotes (a numbered menu, "(y/n)") is history. The legacy Python kimi-cli's status line
-- ("thinking", "ctrl+c to cancel") and "[y/n]" approvals are read too.

-- A question without the marker it is drawn with ("▶ Run this command?", "? Which color …").
local function bare(q)
  return (q:gsub("^▶%s*", ""):gsub("^%?%s*", ""))
end

-- The input line inside its box: "│ > …".
local function input_box(screen, rgn)
  for _, row in ipairs(rgn) do
    if status.clean(screen.lines[row] or ""):find("^>") then return row end
  end
  return nil
end

clis.define({
  name = "kimi",
  -- your variables its box gets (the rest of yours stay out: docs/security.md#boxes)
  sandbox = { vars = { "KIMI_*", "MOONSHOT_*" } },
  title = "Kimi Code",
  programs = { "kimi*" },
  command = "kimi",
  packages = { "@moonshot-ai/kimi-code", "kimi-cli" },
  version = "2.1.0",
  -- Its approval preselects "1. Approve once" (Enter takes it); Escape leaves the question.
  answers = { yes = { keys = "enter" }, no = { keys = "escape" } },
  -- It prints "To resume this session: kimi -r session_<uuid>" when it exits.
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
  detect = function(screen)
    local box = screen:box()
    if #box > 0 and not input_box(screen, box) then
      -- A dialog where the input box was: its question and choices between two rules.
      local reason, rule = screen:dialog(box)
      if reason then
        -- "Run this command?" names the command on a "$ …" line.
        local cmd = screen:find("^%s*%$ ", box)
        return "waiting", bare(reason) .. (cmd and (" " .. status.clean(cmd)) or ""), rule
      end
      local q = screen:question(box)
      if q and screen:ifind({ "choose", "select", "confirm", "submit" }, box) then
        return "waiting", bare(q), "question over choices"
      end
    end
    -- Working: the block over its input box (a spinner, or a retry it counts).
    local above = screen:above()
    local retry = screen:ifind("retrying %(%d+/%d+%)", above)
    if retry then return "running", (status.clean(retry):gsub("^[^%w]+", "")), "retrying" end
    local spin, _, activity = screen:spinner(above)
    if spin then return "running", activity, "spinner" end
    -- The legacy kimi-cli (no box drawn): "[y/n]" approvals and a status line on its last lines.
    if #screen:rules() == 0 then
      local live = screen:last(8)
      local asks = screen:ifind({ "^%W*allow%?", "^%W*approve%?", "^%W*confirm%?", "^%W*proceed%?", "%[y/n%]", "%(y/n%)" }, live)
      if asks then return "waiting", screen:question(live) or status.clean(asks), "approval" end
      local work = screen:ifind({ "ctrl[%+%-]c to cancel", "press ctrl%+c", "^%W*thinking", "^%W*generating", "^%W*processing", "^%W*waiting for response" }, screen:last(5))
      if work then return "running", status.clean(work), "status line" end
    end
    -- Anything else (its prompt, a finished turn): the structural rules.
    return nil
  end,
})
