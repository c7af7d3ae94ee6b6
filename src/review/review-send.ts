// Typing a review's prompt into an agent: as one bracketed paste when its terminal asked for pastes
// (and its CLI takes a multi-line prompt so: lua/default/clis say `multiline`), else its lines
// joined into one; then Enter once the CLI has drawn it. An agent at work is waited for first, or
// the caller is told it is busy (settings.review_busy).
import type { Agent } from '../agents/agent.js';
import { typeInto } from '../agents/type-into.js';
import type { Store } from '../hub/store.js';

/** How long the CLI gets to draw a paste before Enter sends it (an Enter inside a paste window is a newline). */
const ENTER_AFTER_MS = 300;

/** An agent at work: it reported or shows a turn under way. */
export const isBusy = (store: Store, agent: string) => store.state.agentStates[agent]?.state === 'running';

/** Resolves once the agent is not at work (or has gone); `signal` gives up. */
export function whenNotBusy(
  store: Store,
  agent: () => Agent | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const id = agent()?.id ?? '';
  return new Promise((resolve, reject) => {
    const done = () => !isBusy(store, id) || !agent() || agent()!.isExited;
    if (done()) return resolve();
    const off = store.subscribe(() => {
      if (!done()) return;
      off();
      resolve();
    });
    signal?.addEventListener('abort', () => {
      off();
      reject(new Error('gave up waiting for the agent'));
    });
  });
}

/** What goes into the agent's terminal for `text` (multiline: "paste" or "join"). */
export function promptBytes(text: string, multiline: string, bracketed: boolean): string {
  if (!text.includes('\n')) return text;
  if (multiline !== 'join' && bracketed) return `\x1b[200~${text}\x1b[201~`;
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

/** Types the prompt, then Enter. */
export async function typePrompt(
  typing: { typed(agentId: string): void },
  agent: Agent,
  text: string,
  multiline: string,
): Promise<void> {
  typeInto(typing, agent, promptBytes(text, multiline, agent.terminal.keyModes.bracketedPaste));
  await new Promise((r) => setTimeout(r, ENTER_AFTER_MS));
  if (!agent.isExited) typeInto(typing, agent, '', 'enter');
}
