import type { Agent } from '../agents/agent.js';
import { foregroundProcess } from '../pty/foreground.js';
import type { DetectedAgent } from './status-detector.js';

/** The program an agent runs: its foreground program when known, else its command's. */
export function programName(agent: Agent): string {
  return agent.program;
}

/** An agent as the status detector reads it. */
export function detected(agent: Agent): DetectedAgent {
  return {
    id: agent.id,
    get exited() {
      return agent.isExited;
    },
    terminal: agent.terminal,
    get lastOutputAt() {
      return agent.lastOutputBeforeQuiet();
    },
    refreshProgram: () => agent.refreshProgram(),
    // An agent of another machine runs there: its pid means nothing here.
    foreground: () => (agent.pid && !agent.info.machine ? foregroundProcess(agent.pid) : null),
    atShellPrompt: () => !agent.info.machine && agent.atShellPrompt(),
  };
}
