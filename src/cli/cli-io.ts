import type { Endpoint } from '../wire/dialer.js';
import type { Write } from './terminal-out.js';

// What an agent-side command (report, statusline, message-hook, send, read, agents, status,
// whoami, wait) has of the process it runs for: this one's, or, for a command line a native client
// handed the hub server (./forwarded.ts), that client's environment, folder, stdin and output.

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** The caller's folder; undefined when it was deleted under it. */
  cwd(): string | undefined;
  stdout: Write;
  stderr: Write;
  /** What the caller gave on stdin (a hook's JSON); undefined: read this process's stdin. */
  readStdin?: () => Promise<string>;
  /** A file the command reads (push's FILE): the caller's copy, else read here. */
  readFile?: (file: string) => string;
  /** How to reach the hub at a socket path (this process: the path itself). */
  endpoint(socket: string): Endpoint;
  /** Has the caller run a shell command line after the reply (statusline's user line); undefined: run here. */
  runLine?: (command: string, cwd: string, ms: number) => Promise<string>;
}

/** This process's own. */
export const processIo: CliIo = {
  env: process.env,
  cwd: () => {
    try {
      return process.cwd();
    } catch {
      return undefined;
    }
  },
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  endpoint: (socket) => socket,
};
