-- The shipped layout (lua/default/layout.lua) pinned at the sizes people use: botster-tui test lua/tests
-- (npm test runs it through test/lua-defaults/shipped-lua-tests.test.ts). A change to the layout
-- that shows here is accepted with --update and reviewed in the golden files' diff.

describe("the default layout", function()
  it("at 80x24", function()
    expect(hub:frame{ size = "80x24" }):to_match_golden("default-80x24")
  end)

  it("at 120x40, with an agent at work, a quiet one and one that failed", function()
    local frame = hub:frame{ size = "120x40", agents = {
      { name = "claude", screen = "Reading src/app.ts\nEditing 3 files", state = "running" },
      { name = "codex", screen = "done: 2 files changed", state = "idle" },
      { name = "build", screen = "npm ERR! test failed", state = "exited", exit_code = 1 },
    } }
    expect(frame):to_contain("Reading src/app.ts")
    expect(frame):to_match_golden("default-120x40")
  end)

  it("at 40x12, where the agent list and the status bar are cut", function()
    expect(hub:frame{ size = "40x12" }):to_match_golden("default-40x12")
  end)

  it("ctrl+g j shows the next agent, in normal mode", function()
    local frame = hub:frame{ size = "100x30", keys = "ctrl+g j" }
    expect(frame):to_contain("build failed")
    expect(frame):to_match_golden("default-next-agent")
  end)
end)
