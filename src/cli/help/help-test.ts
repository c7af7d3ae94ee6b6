// `botster-tui test --help` (src/cli/help/help.ts merges it).

export const TEST_COMMANDS: Record<string, string> = {
  test: `
  Usage
    $ botster-tui test [PATH...] [--update] [--home DIR]

  Runs Lua tests: every *_test.lua file at or under each PATH (default: the home's user/ and
  plugins/). A test file uses describe, it and expect, as busted does, and the hub fixture:
  hub:frame{ size = "100x30", keys = "ctrl+g j", agents = { ... } } starts a real hub headlessly
  (the defaults, then the home's plugins and user/ files, as a hub loads them; a file outside a
  home gets the defaults, or hub:frame{ layout = FILE }) with sample agents, and returns its frame
  as text. expect(frame):to_match_golden("name") compares it with __golden__/name.txt beside the
  test file; the first run writes it, a difference fails with the lines that changed.
  Each test is printed with ✓ or ✕ (a failure as file:line: message), then one line:
  N passed, N failed. docs/lua/testing.md

  Options
    --update         write the golden frames as they are now (accept the changes)
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 every test passed; 1 a test failed (or a file did not load); 2 no test file found
`,
};
