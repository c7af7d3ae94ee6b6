// What a part of the hub says on screen on behalf of whatever runs now (an action, a command's
// failure, a worktree flow): said, and told by the one saying it to the `run` whose call chain it
// is part of (commands/run-outcome.ts). The notices themselves are never read back for an outcome.
import { reportSaid } from '../commands/run-outcome.js';
import type { HubStore } from '../hub/store.js';

export function sayer(hub: { hubStore: HubStore }) {
  return (text: string, level: 'info' | 'error' = 'error', about?: readonly string[]): string => {
    reportSaid(text, level);
    return hub.hubStore.notify(text, level, false, about);
  };
}
