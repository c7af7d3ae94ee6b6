import type { Clock } from '../clock/clock.js';
import type { PtyProcess, PtySource } from '../pty/pty-process.js';
import type { ErrorSink } from './listeners.js';
import type { AgentSpec } from './types.js';

/** What an agent is started with. */
export interface AgentOptions {
  id: string;
  name: string;
  spec: AgentSpec;
  cols: number;
  rows: number;
  scrollback?: number;
  /** Extra env from the manager (BOTSTER_HOME, BOTSTER_SOCKET, ...). */
  env?: Record<string, string>;
  /** Without output for this long a running agent becomes idle. Default 1500 ms. */
  idleMs?: number;
  /** Pause reading the PTY when this many chars are written but unparsed. Default 4M (above a flood batch). */
  highWater?: number;
  /** Resume reading once parsing got below this. Default 1M. */
  lowWater?: number;
  /** Do not start anything: the agent is exited with this error (e.g. the hub is shutting down). */
  failWith?: string;
  /** A shell command line run first in the agent's terminal (a new worktree's setup); the agent starts if it succeeds. */
  setup?: string;
  /** An agent of another machine's hub, mirrored here: its "PTY" is the link (src/remote/remote-pty.ts). */
  remote?: { machine: string; pty: PtyProcess };
  /** An agent a keeper held while no server was there (src/keeper/): its terminal, adopted as it is. */
  kept?: PtyProcess;
  onError?: ErrorSink;
  /** Where its terminal comes from (default: a real PTY). */
  ptys?: PtySource;
  /** Whose time its idle timer and output times run on (the hub's). */
  clock?: Clock;
}
