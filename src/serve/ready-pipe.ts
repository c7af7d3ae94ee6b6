import fs from 'node:fs';

/**
 * The pipe to the client that started the server: it reads "listening" (attach now), then "ready"
 * or "error WHY" (or "running WHY"), and the pipe closes with the last line.
 */
export function readyPipe(fd: number | undefined): {
  tell(line: string, last?: boolean): void;
  open: boolean;
} {
  const pipe = {
    get open() {
      return fd !== undefined;
    },
    tell(line: string, last = true) {
      if (fd === undefined) return;
      try {
        fs.writeSync(fd, line + '\n');
        if (last) fs.closeSync(fd);
      } catch {
        // the client that started us is gone: nobody to tell
      }
      if (last) fd = undefined;
    },
  };
  return pipe;
}
