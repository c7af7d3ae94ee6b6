export { Agent, type AgentOptions } from './agent.js';
export { AgentManager, type AgentManagerOptions } from './agent-manager.js';
export type { AgentInfo, AgentSpec, AgentStatus } from './types.js';
