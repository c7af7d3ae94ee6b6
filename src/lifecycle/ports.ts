// What the lifecycle room needs from the rest of the hub, as narrow ports the composition root fills.
import type { Agent } from '../agents/agent.js';
import type { AgentManager } from '../agents/agent-manager.js';
import type { EventBridge } from '../effects/hub-events.js';
import type { Store } from '../hub/store.js';
import type { Clock } from '../clock/clock.js';
import type { ConfigureResult } from '../worker/lua-host.js';
import type { HubSettings } from '../hub/configuration.js';
import type { StatusDetector } from '../status/status-detector.js';
import type { AgentWorktrees } from './agent-worktrees.js';
import type { HubProjects } from '../reload/hub-projects.js';
import type { HubMachines } from '../remote/hub-machines.js';

/** What the worktree offers need: work in flight, Lua's tree, the events, notices. */
export interface OffersDeps {
  /** Counts work in flight (whenIdle waits for it). */
  track(p: Promise<void>): void;
  disposed(): boolean;
  /** Where the facts `self` shows go (the offers). */
  store: Pick<Store, 'dispatch'>;
  events: Pick<EventBridge, 'emit'>;
  notify(text: string, level?: 'info' | 'error'): void;
  /** The worktrees the hub made for agents (one removed is forgotten). */
  worktrees: Pick<AgentWorktrees, 'forgetPath'>;
}

/** What agents' lives need: the state, the agents, their events and status, the configuration. */
export interface LifecycleDeps extends OffersDeps {
  store: Store;
  /** The hub's time (when a bell rang). */
  clock: Clock;
  agents: Pick<AgentManager, 'ready' | 'spawn' | 'adoptKept' | 'get' | 'remove' | 'list'>;
  events: Pick<EventBridge, 'emit' | 'watchAgent' | 'agentChanged'>;
  status: Pick<StatusDetector, 'add' | 'remove' | 'reported'>;
  focused(): Agent | undefined;
  /** Who started whom (a team's lead: lifecycle/agent-drive.ts), kept by each agent's keeper too. */
  leads: { of(id: string): string | undefined; set(child: string, lead: string): void };
  /** Whether an attached client's screen shows the agent now. */
  seen(id: string): boolean;
  /** settings.* of the live configuration. */
  settings(): HubSettings;
  /** Named ways to start an agent (user/profiles.lua). */
  profiles(): ConfigureResult['keymap']['profiles'];
  /** The chord that leaves an agent (settings.way_out). */
  wayOut(): string;
  /** The git worktrees the hub made for agents. */
  worktrees: Pick<AgentWorktrees, 'place' | 'set' | 'of' | 'forget' | 'forgetPath' | 'exited'>;
  /** The projects (.botster/) agents start in. */
  projects: Pick<HubProjects, 'note' | 'forgetAgent' | 'repoOf' | 'ask' | 'repoAt'>;
  /** settings.machines: an agent of another machine is started and restarted by its hub there. */
  machines: Pick<HubMachines, 'spawn' | 'restart'>;
}
