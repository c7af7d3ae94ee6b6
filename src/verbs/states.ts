/** The states `wait --until` and `events` speak of (src/hub/agent-state.ts). */
export const AGENT_STATES = ['running', 'waiting', 'idle', 'done', 'exited'];
