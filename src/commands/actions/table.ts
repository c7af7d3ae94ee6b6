// Every request type that is the hub's action (not the reducer's intents, hub/resolve-request.ts),
// one line per concern: apply-request.ts finds its action here.
import type { Request } from '../../hub/requests.js';
import type { Action, Actions } from './action.js';
import { agentActions } from './agent-actions.js';
import { hubActions } from './hub-actions.js';
import { viewActions } from './view-actions.js';
import { worktreeActions } from './worktree-actions.js';

const ACTIONS: Actions = {
  ...agentActions,
  ...worktreeActions,
  ...viewActions,
  ...hubActions,
};

/** The action of request type `type`; undefined: the reducer's alone. */
export function actionOf<T extends Request['type']>(type: T): Action<T> | undefined {
  return ACTIONS[type] as Action<T> | undefined;
}
