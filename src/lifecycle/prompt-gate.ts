// Whether a prompt the hub types into an agent (review comments, another agent's message, a
// pipeline step's prompt) may go: one rule for all, decided in Lua (lua/default/prompts.lua,
// prompts.reads: a program a CLI file knows reads prompts; a shell would run the lines as
// commands). Here only the facts it decides on (the foreground program, whether it is a shell)
// and the refusal's words.
import type { Agent } from '../agents/agent.js';
import { isShellProgram } from './agent-drive.js';

export type PromptKind = 'review' | 'message' | 'pipeline';

/** What may stand in the way: `shell` (its foreground is a shell) or `not_cli` (a program no CLI file knows). */
export interface PromptRefusal {
  reason: 'shell' | 'not_cli';
  why: string;
}

export type PromptEmit = (
  event: string,
  payload: Record<string, unknown>,
  subject: string | null,
) => Promise<{ payload: unknown; cancelled: boolean; reason?: string } | null>;

/**
 * Asks the before_prompt handlers whether `agent` reads the prompt (`what`: the prompt in words,
 * "the review comments"); null: it may go. `force` says the caller means it (the user said yes,
 * --force): handlers see it, the default lets it through.
 */
export async function promptRefusal(
  emit: PromptEmit,
  agent: Agent,
  shell: string,
  kind: PromptKind,
  what: string,
  force = false,
): Promise<PromptRefusal | null> {
  agent.refreshProgram();
  const program = agent.program;
  // (a shell running a script is that script's program, not a shell reading commands)
  const isShell = isShellProgram(program, shell) && agent.inInteractiveShell;
  const before = await emit(
    'before_prompt',
    { agent: { id: agent.id, program }, kind, what, shell: isShell, force },
    agent.info.name,
  );
  if (!before?.cancelled) return null;
  return {
    reason: isShell ? 'shell' : 'not_cli',
    why: before.reason ?? `agent ${agent.info.name} does not read prompts`,
  };
}
