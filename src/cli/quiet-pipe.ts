/**
 * `botster-tui keys | head -2`: once the reader is gone, a write fails with EPIPE (Node ignores
 * SIGPIPE, so the error surfaces as an unhandled 'error' event with a stack trace). A reader that
 * stopped reading wanted no more: stop quietly, as `cat` killed by SIGPIPE would.
 */
export function exitQuietlyOnClosedPipe(
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}
