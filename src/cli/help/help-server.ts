// `botster-tui COMMAND --help` for the commands about the server and its agents: attach, ls,
// kill-server, upgrade, server, and the agents' own agents, send, cases, status.

export const SERVER_COMMANDS: Record<string, string> = {
  attach: `
  Usage
    $ botster-tui attach [--home DIR]

  Attaches this terminal to the hub server of the home: the agents and their screens exactly as they
  are. d in normal mode (client.detach) or closing the terminal detaches; the agents keep running.
  Refused inside an agent of the same hub (it would draw itself in its own panel): unset
  BOTSTER_AGENT_ID and BOTSTER_SOCKET to force it.

  Exit codes
    0 detached, or the server stopped; 1 the server was lost or refused this client;
    2 inside an agent of the same hub; 3 no server runs
`,
  ls: `
  Usage
    $ botster-tui ls [--json] [--home DIR]

  The hub server of the home (pid, version, attached clients) and its agents (status, pid, command).

  Exit codes
    0 printed; 3 no hub server runs for the home (--json prints {"running": false})
`,
  'kill-server': `
  Usage
    $ botster-tui kill-server [--home DIR]

  Stops the hub server of the home: its agents get SIGHUP, attached clients are told, session.json
  is written (botster-tui --restore starts the agents again). Waits until the server is gone.

  Exit codes
    0 stopped (killed if it did not stop within 10 s); 1 it did not stop even then; 3 no hub server runs for the home
`,
  upgrade: `
  Usage
    $ botster-tui upgrade [--home DIR]

  The server of this installed version takes over from the running hub server of the home: the
  agents carry on as they run (their keepers hold them; the new server adopts them: same processes,
  screens and scrollback), attached clients attach again by themselves. Refused, with nothing
  stopped, when the running server's agents have no keepers or are kept with a keeper protocol of
  another major version (docs/keeper.md).

  Exit codes
    0 upgraded; 1 refused, or an agent did not carry on; 3 no hub server runs for the home
`,
  agents: `
  Usage
    $ botster-tui agents [--json] [--home DIR]

  The agents of the hub server of the home, numbered as the hub shows them: name, status (running,
  idle, waiting, exited N), pid, id and command, folder and title. --json prints an array of
  { id, name, command, cwd, pid, status, exit_code, title }. Works from inside an agent too.

  Exit codes
    0 printed; 3 no hub server runs for the home
`,
  send: `
  Usage
    $ botster-tui send AGENT TEXT... [--keys SPEC] [--home DIR]

  Types TEXT (the words joined by spaces, as if typed: no Enter unless you ask) into an agent of
  the running hub, then presses the keys of --keys. AGENT is its number as listed (botster-tui
  agents), its name, or id:ID (the BOTSTER_AGENT_ID it runs with). Works from inside an agent too:
  into itself and the agents it started; into any other once you let it (the hub asks you).
  Text that starts with - goes after --.

  Examples
    $ botster-tui send 2 "make test" --keys enter
    $ botster-tui send claude --keys "ctrl+c"
    $ botster-tui send 1 -- --version

  Options
    --keys SPEC      keys to press after TEXT, e.g. "enter", "ctrl+c", "escape : w q enter"
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)

  Exit codes
    0 sent; 2 no agent or nothing to send, or a bad --keys; 3 no hub server runs for the home;
    6 no such agent (the message lists them), or it has exited
`,
  cases: `
  Usage
    $ botster-tui cases [--json] [--home DIR]
    $ botster-tui cases show ID [--explain] [--json]
    $ botster-tui cases accept ID [--state STATE]
    $ botster-tui cases drop ID|--all

  When an agent says its state itself (its CLI's hooks) and the status adapters read its screen
  otherwise for 3 s (within 20 s of the report, before you type to it), the hub keeps that screen
  (with settings.pending_cases = true; off by default, as any process of yours could read it)
  as a pending case in $BOTSTER_HOME/corpus/pending/ (at most 20 per program; status AGENT
  --explain shows the disagreement while it lasts). cases lists them; show prints one (--explain:
  what this home's adapters read on it now); accept moves it to the saved cases
  ($BOTSTER_HOME/corpus/PROGRAM.json) expecting what the agent said (--state: running, waiting or
  idle instead); every adapter change, yours or an agent's push, must then read it right. drop
  deletes it. No hub needed.

  Exit codes
    0 done; 1 a case file cannot be read or written; 2 bad usage, no such case
`,
  status: `
  Usage
    $ botster-tui status AGENT [--explain] [--save-case STATE] [--json] [--home DIR]
    $ botster-tui status --explain --file SCREEN.txt --program NAME [--title TEXT] [--progress P]
                         [--cli-version V] [--json] [--home DIR]

  What an agent of the running hub is doing (running, waiting, idle, done, exited), why (the
  question it asks, the command it wants to run) and who said so: a status adapter's rule on its
  screen, the agent's own report (botster-tui report), quietness alone, or its exit. AGENT is its
  number as listed, its name, or id:ID.

  Options
    --explain        also ask the adapters about the screen now: the adapter, the rule and the lines
                     that decide, and every adapter asked in order
    --save-case STATE  save the screen (and title) as a state-detection case expecting STATE
                     (running, waiting or idle) in $BOTSTER_HOME/corpus/PROGRAM.json; improvements that
                     change adapters must keep every saved case right
    --file FILE      explain a saved screen (plain text) instead, without a hub; --program names the
                     CLI it is from (default sh), --title its terminal title, --progress its OSC 9;4
                     progress (normal:40, indeterminate, error, paused), --cli-version the CLI's
                     release it came from (a CLI file's rules for that release); the screen counts as settled
    --json           print JSON

  Exit codes
    0 shown; 2 bad usage; 3 no hub server runs for the home; 5 the file cannot be read;
    6 no such agent (the message lists them)
`,
  server: `
  Usage
    $ botster-tui server [--agent CMD]... [--home DIR] [--layout FILE] [--restore] [--size WxH]

  Runs the hub server of the home in the foreground, without a terminal (plain botster-tui starts
  one in the background, detached, with its output in $BOTSTER_HOME/logs/server.log).
  If the last server of the home died, its agents are offered to the first terminal that attaches;
  a script resumes them with --restore or botster-tui run session.resume (docs/resume.md).

  Exit codes
    0 stopped; 1 failed; 4 a server already runs for the home
`,
};
