// `botster-tui mcp --help` and `botster-tui tmux --help`: what an agent's CLI runs, never you
// (src/cli/help/help.ts merges them).

export const AGENT_SIDE_COMMANDS: Record<string, string> = {
  mcp: `
  Usage
    $ botster-tui mcp [--home DIR]

  An MCP server on stdin and stdout for the agent CLI that starts it (docs/mcp.md). Its tools are
  the hub's verbs (botster-tui schema lists them); each call is one request on the home's socket,
  judged as the agent whose process it is (the kernel's word). A CLI in a hub launch is given it
  by the hub; you do not run it yourself. It serves until its stdin closes.

  Options
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 its stdin closed; 2 bad usage
`,
  tmux: `
  Usage
    $ botster-tui tmux [-S SOCKET] COMMAND [FLAGS]...

  The hub's tmux surface (docs/teams.md): every agent finds it as tmux first on its PATH, so a
  pane an agent's CLI makes is an agent of the hub, under the hub's rules, never a tmux server
  of yours. It takes tmux's own command lines (split-window, send-keys, capture-pane, list-panes,
  kill-pane...); what the hub has no use for is refused as tmux would. You do not run it yourself.

  Exit codes
    0 done; 1 refused or failed, with tmux's kind of message
`,
};
