// `botster-tui report --help` and `botster-tui hooks --help` (src/cli/help/help.ts has the rest).

export const REPORT_COMMANDS: Record<string, string> = {
  report: `
  Usage
    $ botster-tui report --state STATE [--reason TEXT] [--session ID] [--stdin] [--if-in-hub] [--json] [AGENT] [JSON]

  Tells the hub what an agent is doing, as its CLI's hooks know it (botster-tui hooks installs
  them). STATE is running, waiting (it asks you something: --reason says what), idle or done
  (finished its turn). The agent is the one it runs in (id:$BOTSTER_AGENT_ID) unless AGENT names
  one (its number, its name or id:ID, as send takes). A report wins until another report, the
  exit, or a status adapter's rule that saw the screen say another state; quietness never
  overrides it. Prints nothing (hooks' output is read by their CLI) unless --json.

  Options
    --state STATE    running, waiting, idle or done (may come from the hook's JSON instead)
    --reason TEXT    the question it asks, the command it runs ('' clears it)
    --session ID     the CLI's own session (conversation) id, kept per agent (agents --json: session)
    --stdin          read the hook's JSON from stdin (Claude Code, Gemini CLI; at most 1 s, 1 MiB):
                     its event gives the state when --state is not given, and the reason (a
                     Notification's message; the tool and command of PreToolUse/BeforeTool; the
                     last message of Stop/AfterAgent) and session_id when not given as flags.
                     A Claude idle_prompt notification is idle (it asks nothing).
    JSON             a last argument that is a JSON object: Codex's notify
                     ({"type": "agent-turn-complete", "thread-id": ...} is done; a type with
                     "approval" is waiting); thread-id is the session
    --if-in-hub      for hooks: exit 0 always; say nothing outside a hub agent or with no hub
                     (other failures: one line on stderr)
    --json           print the hub's answer: { agent: { id, name }, state, reason, session }
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Examples
    $ botster-tui report --state waiting --reason "run rm -rf build?"
    $ botster-tui report 2 --state idle --json

  Exit codes
    0 reported (with --if-in-hub: always); 1 the hub refused; 2 no or bad --state, a bad JSON
    argument; 3 no hub server runs for the home; 6 not inside a hub agent and no AGENT named, no
    such agent, or it has exited
`,
  hooks: `
  Usage
    $ botster-tui hooks [--home DIR]
    $ botster-tui hooks CLI [--install]

  Alone: every CLI this home knows (lua/default/clis/ and yours) and how it reports its state to
  the hub: its own hooks, added to each launch inside a hub agent by the hub's shim (nothing to
  install), or its screen only.

  With a CLI whose file names its own settings file (claude, codex, gemini, qwen, droid): prints
  the hooks that make it report (botster-tui report) when it is started outside the hub's shim;
  outside a hub agent they do nothing. stdout holds only the snippet; stderr says where it goes.
  --install merges it into that file, keeping everything else, after writing a backup beside it
  (FILE.botster-backup-TIMESTAMP); installing again changes nothing and says so.

  Exit codes
    0 listed, printed, installed, or already installed; 1 the config file is not valid (JSON,
    TOML) or cannot be written (nothing was written); 2 no such CLI, or it has no hooks to install
`,
  statusline: `
  Usage
    $ botster-tui statusline claude

  Claude Code's status line for a launch inside the hub (the hub's --settings for that launch
  names it; you do not run it yourself). Claude hands it the session's JSON on stdin: the usage
  in it (cost, tokens, the context window, the account's limits) goes to the hub (agent.usage,
  agents --json, the web), then your own statusLine (from .claude/settings.local.json,
  .claude/settings.json, then ~/.claude/settings.json) runs with the same JSON and its output is
  printed. It never fails Claude: it exits 0 whatever happens; the usage is sent before your
  line starts, and a line of yours that runs longer than 5 s is stopped
  (BOTSTER_STATUSLINE_TIMEOUT_MS). See docs/usage-facts.md.
`,
  'message-hook': `
  Usage
    $ botster-tui message-hook --config DIR

  Claude Code's PreToolUse hook for SendMessage in a launch inside the hub (the hub's --settings
  for that launch names it, with DIR Claude's config folder; you do not run it yourself). A
  message to a member of the sender's own team goes through the team's mailbox; any other goes
  to the hub's message verb, judged as the agent that sends it: typed into the receiving agent as
  a prompt when the drive rules let it (you are asked for an agent it did not start), else
  refused, and Claude's own delivery is denied with the hub's words. A name no agent of the hub
  goes by stays Claude's. It exits 0 whatever happens. See docs/teams.md.
`,
  'permission-hook': `
  Usage
    $ botster-tui permission-hook

  Claude Code's PermissionRequest hook in a launch inside the hub (the hub's --settings for that
  launch names it; you do not run it yourself), run when Claude is about to ask you before a
  tool. The question goes to the hub's permission.ask verb, as the agent whose process it is, and
  your rules in Lua answer it (permissions.decide: lua/default/permissions.lua, yours in
  user/permissions.lua): allow (the tool runs, no dialog), deny (Claude's model is told why) or
  ask (Claude's own dialog shows, and the hub asks you too: the web page's allow once, allow
  always for this agent, deny). No hub to ask: Claude asks as it would. It exits 0 whatever
  happens. See docs/permissions.md.
`,
};
