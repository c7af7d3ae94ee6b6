import type { Agent } from '../agents/agent.js';
import type { AgentInfo, AgentSpec } from '../agents/types.js';
import { readAgent } from '../agents/agent-screen.js';
import { displayCommand } from '../agents/command-line.js';
import { exitReason } from '../hub/signal-name.js';

// A resume command that failed at once (its CLI does not know the conversation, or is not
// installed): what the notice says of it, quoting what the agent said last.

/** The notice: why the resume failed and what started instead. */
export function resumeFailedNotice(agent: Agent, info: AgentInfo, fallback: AgentSpec): string {
  // What it said: its last line that reads like an error, else its last line.
  const lines = readAgent(agent)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const last =
    lines.findLast((l) =>
      /error|fail|unable|cannot|can't|invalid|not found|no such|\bno\b.*\bfound\b/i.test(l),
    ) ?? lines.at(-1);
  const quoted =
    last && last !== info.error ? `"${last.length > 120 ? `${last.slice(0, 119)}…` : last}"` : null;
  const why = [exitReason(info), quoted].filter(Boolean).join(': ');
  return `${info.name}: resuming (${info.command}) failed (${why}); started again: ${displayCommand(fallback)}`;
}
