// `botster-tui permission --help` (src/cli/help/help.ts merges it).

export const PERMISSION_COMMANDS: Record<string, string> = {
  permission: `
  Usage
    $ botster-tui permission ask TOOL [--input FIELD=TEXT]... [--cwd DIR] [--for AGENT] [--json]

  What your permission rules in Lua answer a question an agent's CLI asks before a tool
  (docs/permissions.md): allow, deny (with the reason its model is told) or ask, and the rule that
  answered. Inside an agent it is that agent's question (Claude Code's PermissionRequest hook asks
  so: botster-tui permission-hook); the hub records a question left to you (agent.permission), and
  logs every answer. From your shell it is a try: --for names whose question it would be, the
  answer is logged as a try and nothing is recorded.

    $ botster-tui permission ask Bash --input command='git push origin main' --for 2
    ask (rule "push"): your rule "push" asks you

  Your answer to a question left to you (allow once, allow always for this agent, deny) is the
  web page's, or a y / a a / a n in normal mode (the permission.answer verb).

  Options
    --input FIELD=TEXT   a field of the tool's input (again for each: --input command='npm test')
    --cwd DIR            the folder its CLI runs in
    --for AGENT          whose question it is (yours: a try; an agent asks for itself only)
    --json               print the hub's answer: { decision, reason, rule, subject, key }
    --home DIR           botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 answered; 1 refused (an agent, for another agent); 2 bad arguments; 3 no hub; 6 no such agent
`,
};
