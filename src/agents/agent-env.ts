/**
 * Environment of an agent: process.env, then the manager's extra env (BOTSTER_HOME, ...), then our
 * terminal defaults, then the spec's own env; BOTSTER_AGENT_ID always wins.
 */
export function agentEnv(
  id: string,
  managerEnv: Record<string, string> | undefined,
  specEnv: Record<string, string> | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  // Our own window size would be stale and wrong for the agent; the PTY size is the truth.
  delete env.COLUMNS;
  delete env.LINES;
  Object.assign(env, managerEnv);
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  Object.assign(env, specEnv);
  env.BOTSTER_AGENT_ID = id;
  return env;
}
