import type { Agent } from './agent.js';

/** The agents the hub runs, to look at (the agent manager, for a part that only finds them). */
export interface AgentLookup {
  get(id: string): Agent | undefined;
  /** In the order they are listed on screen. */
  list(): Agent[];
}
