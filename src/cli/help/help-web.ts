// `botster-tui web --help` (src/cli/help/help.ts merges it).

export const WEB_USAGE = `    $ botster-tui web [--port N] [--read-only] [--listen ADDR [--cert FILE --key FILE]] | sessions | revoke ID|all | stop`;

export const WEB_COMMANDS: Record<string, string> = {
  web: `
  Usage
    $ botster-tui web [--port N] [--read-only] [--home DIR]
    $ botster-tui web --listen ADDR [--cert FILE --key FILE] [--port N]
    $ botster-tui web sessions [--json]
    $ botster-tui web revoke ID|all
    $ botster-tui web stop

  The running hub serves itself in a browser (docs/web.md): the board of every agent, each
  agent's live terminal, answers with one tap. It listens on 127.0.0.1 (any free port unless
  --port). The address to open carries a one-time token (two minutes): the hub shows it, with its
  QR code, in its own window once you answer its question there (Ctrl+g o opens it; it never
  takes keys you type into an agent), never here (a command typed in an agent must not see it).
  Typed in an agent (your shell in the hub is one), nothing listens until you answer it. Opening it makes a session (a cookie) and drops the token. Over SSH:
  ssh -L 9000:127.0.0.1:PORT HOST, then open the address with port 9000 on localhost.
  --read-only: that session sees everything and types nothing. sessions lists them (device, read-only,
  last seen); revoke ends one or all, closing their pages at once; stop stops listening.

  Options
    --port N         the port (default: any free one)
    --read-only      the address makes a session that cannot type, answer or stop
    --listen ADDR    listen on ADDR (a tailnet's, say), over TLS only: with --cert and --key, or
                     the hub's own certificate (made once in $BOTSTER_HOME/web/); its SHA-256
                     fingerprint is printed, to check against what the browser shows
    --cert, --key    your own TLS certificate and key files (PEM) for --listen

  Exit codes
    0 done; 2 bad usage; 3 no hub server runs for the home
`,
};
