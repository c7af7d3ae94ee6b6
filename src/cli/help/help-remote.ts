// `botster-tui proxy --help` and the --ssh lines of the main help (src/cli/help/help.ts has the rest).

export const REMOTE_USAGE = `    $ botster-tui --ssh HOST [COMMAND ...]   (attach, ls, agents, send, new, wait, read, events, ...)
    $ botster-tui proxy [--home DIR] [--no-start | --size WxH [--restore]]`;

export const REMOTE_OPTIONS = `    --ssh HOST       any client command: the hub of HOST, through ssh and botster-tui proxy there
                     ($BOTSTER_SSH instead of ssh; --remote-command PATH or $BOTSTER_REMOTE_COMMAND
                     when botster-tui is not on the PATH ssh gives; see docs/remote.md)`;

export const REMOTE_COMMANDS: Record<string, string> = {
  proxy: `
  Usage
    $ botster-tui proxy [--home DIR] [--no-start | --size WxH [--restore]]

  Connects its stdin and stdout to the hub socket of the home, starting the server if none runs
  (as plain botster-tui does). It is what --ssh HOST runs on the other machine
  (ssh -T HOST botster-tui proxy), so that every client command works there: attach, ls, agents,
  send, new, wait, read, events, push, snapshot --live. Its first line says which botster-tui
  answered and the hub's home, as JSON ({"botster":"proxy",...}); then the bytes go both ways as
  on the socket (docs/protocol.md).

  Options
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)
    --no-start       when no server runs, say so (the first line has "reason":"no_hub") and exit 3
    --size WxH       the size a server started here draws at until a client attaches (default 120x40)
    --restore        a server started here brings back the agents the last one ran, each in its
                     conversation (what a machine's link asks when the machine went away and is back)

  Exit codes
    0 the connection ended; 1 the server could not start; 3 no server runs (--no-start)
`,
};
