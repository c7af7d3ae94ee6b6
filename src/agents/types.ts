import type { Box } from '../box/box.js';
export type AgentStatus = 'running' | 'waiting' | 'idle' | 'exited';

export interface AgentInfo {
  id: string;
  name: string;
  command: string;
  cwd: string;
  pid: number | null;
  status: AgentStatus;
  exitCode: number | null;
  signal: number | null;
  /** From OSC 0/2; '' until the program sets one. */
  title: string;
  /** Why it could not start (or "command not found" for a shell exit 127); null otherwise. */
  error: string | null;
  /** The program in its terminal's foreground (`claude` typed into a shell agent), else what its command runs. */
  program: string;
  /** The machine of settings.machines it runs on (absent: this one). */
  machine?: string;
}

export interface AgentSpec {
  /** A shell command line, or the program to run when `args` is given. */
  command: string;
  /** When given, `command` is run directly with these args (no shell). */
  args?: string[];
  name?: string;
  cwd?: string;
  env?: Record<string, string>;
  /**
   * Run in a git worktree made for this agent (the hub makes it): a new branch, or the options;
   * `existing` runs in a worktree made before (`--restore`), without calling git.
   */
  worktree?:
    | boolean
    | {
        branch?: string;
        reuse?: boolean;
        folder?: string;
        /** The branch to start from (default: the one checked out). */ base?: string;
        existing?: { path: string; branch: string; repo: string; base?: string };
      };
  /** The profile (user/profiles.lua) this agent was made from, recorded for `--restore`. */
  profile?: string;
  /** Start it on this machine of settings.machines (its hub there runs it). */
  machine?: string;
  /** The box asked for: a box's name (sandbox.boxes), or false for none; absent: Lua's sandbox.choose decides. */
  sandbox?: string | false;
  /** The box it runs in, as resolved at its start (src/box/): a restart and the next server keep it. */
  box?: Box;
}
