import type { AgentSpec } from '../agents/types.js';
import type { LuaHost } from '../worker/lua-host.js';
import type { ConfigSources } from '../reload/config-files.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import type { Clock } from '../clock/clock.js';
import type { PtySource } from '../pty/pty-process.js';
import type { KeptAgent } from '../lifecycle/kept-agents.js';

/** What a hub server adds to the hub's options for its start. */
export interface BootOptions {
  /** Clients that attached while the hub's code loaded: they are served its first frame, at their size. */
  clients?: () => Array<{ id: string; cols: number; rows: number; machine?: string }>;
  /**
   * Work the start needs before its agents (the server: loading the PTY library), done while the
   * Lua worker still evaluates the first configuration, when the main thread would only wait;
   * else it is left to the first agent's start, after the first frame.
   */
  whileLuaWorks?: () => void;
}

/** What a hub's parts are built from (hub.ts's HubOptions adds the callbacks that get the Hub itself). */
export interface BaseHubOptions extends ConfigSources, BootOptions {
  agents: AgentSpec[];
  cols: number;
  rows: number;
  /** Where frames go (a client by id, else every client or the real terminal); false: that client dropped it. */
  write: (data: string, client?: string) => unknown;
  scrollback?: number;
  env?: Record<string, string>;
  /** $BOTSTER_HOME/bin, first on the agents' PATH: the CLIs' shims are written there (a server only). */
  agentBin?: string;
  /** Called when the user quits from inside the hub. */
  onQuit?: () => void;
  /**
   * Whether a client asked for no colours (its NO_COLOR, said in its HELLO); `client` absent: the
   * hub's own terminal. Default: this process's NO_COLOR, for a hub without a server.
   */
  noColor?: (client?: string) => boolean;
  /** A hub server: detach the active client (false: none attached). */
  detach?: () => boolean;
  /** A hub server: ask the active client to suspend its terminal (false: none attached). */
  suspend?: () => boolean;
  luaWorkerScript?: string;
  /** A Lua host started early (the CLI boots the worker before loading the UI). */
  lua?: LuaHost;
  /** How long a push waits for the user's answer when the policy says "collaborative". */
  collaborativeWaitMs?: number;
  /** Record per-stage frame timings in `hub.stats` (benchmarks). */
  collectStats?: boolean;
  /** Shown on screen once the agents started (e.g. which agents --restore could not bring back). */
  notices?: string[];
  /** The hub's time: its timers and timestamps (default: the real clock; tests move a fake one). */
  clock?: Clock;
  /** Where agents' terminals come from (default: real PTYs; tests: scripted terminals). */
  ptys?: PtySource;
  /** Agents keepers held for this server (a crash, an upgrade): adopted first, as they are. */
  adopt?: KeptAgent[];
  /** `--restore`: recorded agents to bring back (in their conversations), before `agents`. */
  restore?: SessionAgent[];
  /** The first number a new agent takes: after those of a hub that died here, on offer (firstFreeId). */
  firstId?: number;
}
