/**
 * What the configuration's permission policy said of an agent's question (lua/core/permissions.lua:
 * __botster.permission_decide): a decision with its reason and rule, or why it could not say.
 * The hub makes sure of it before it answers anyone (src/lifecycle/agent-permissions.ts).
 */
export interface PermissionVerdict {
  decision?: 'allow' | 'deny' | 'ask';
  reason?: string;
  rule?: string;
  /** `file:line: message`: the policy could not answer. */
  error?: string;
}
