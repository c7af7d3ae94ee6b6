-- python-repl: a CLI's file for Python's interactive interpreter (python3, or python). It asks
-- for nothing with a prompt of its own beyond ">>> " (a new statement) and "... " (the rest of a
-- block): at either it waits for input, so it is idle; without one a statement is running (or
-- input() reads a line, which looks the same from the screen).

clis.define({
  name = "python-repl",
  title = "Python",
  programs = { "python", "python3", "python3.*" },
  command = "python3",
  -- The oldest hub it runs on: an older one says so instead of loading it (a shared CLI file).
  hub = "0.1.0",
  detect = function(screen)
    local rows = screen:last(1)
    local line = rows[1] and screen.lines[rows[1]] or ""
    if line:match("^>>>%s*$") then return "idle", nil, "at its >>> prompt" end
    if line:match("^%.%.%.%s*$") then return "idle", nil, "at its ... prompt (a block goes on)" end
    return "running", nil, "no prompt on its last line: a statement runs"
  end,
})
