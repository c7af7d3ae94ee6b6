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

/**
 * Exits once what was written to stdout and stderr is out. Into a pipe or a socket Node writes
 * asynchronously: a reader slower than us (a loaded machine, `read --scrollback | less`) leaves
 * lines queued in the process, and process.exit() alone would drop them.
 */
export function exitWhenWritten(
  code: number,
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  const busy = streams.filter((s) => s.writableLength > 0 && !s.destroyed);
  let left = busy.length;
  if (left === 0) process.exit(code);
  for (const s of busy) s.write('', () => --left === 0 && process.exit(code));
}
