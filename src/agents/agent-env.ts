/**
 * Environment of an agent: process.env, then the manager's extra env (BOTSTER_HOME, ...), then our
 * terminal defaults and the hub's tmux surface, then the spec's own env; BOTSTER_AGENT_ID always
 * wins.
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
  // The user's tmux (the hub started inside it) is never the agent's: its `tmux split-window` or
  // `send-keys` would act on the user's own server, behind the hub (docs/teams.md).
  delete env.TMUX;
  delete env.TMUX_PANE;
  Object.assign(env, managerEnv);
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  // The hub's own tmux surface (`tmux` on the agent's PATH is `botster-tui tmux`): the socket part
  // is the hub's, as a tmux client reads it for `-S`; the pane is the agent.
  if (env.BOTSTER_SOCKET) {
    env.TMUX = `${env.BOTSTER_SOCKET},${process.pid},0`;
    env.TMUX_PANE = `%${id}`;
  }
  Object.assign(env, specEnv);
  env.BOTSTER_AGENT_ID = id;
  return env;
}
