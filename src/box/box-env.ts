import type { Box } from './box.js';

// A box's environment is an allowlist: the basics every program needs, the hub's own BOTSTER_*,
// what was set for this agent on purpose (its profile's, its account's, a restart's env), and the
// variables its CLI file names (clis.define's sandbox.vars: ANTHROPIC_* for claude). Nothing else
// of the hub's environment gets in: a GITHUB_TOKEN or AWS_SECRET_ACCESS_KEY the hub was started
// with stays out of every box. docs/security.md, "Boxes".

/** Every box gets these (a trailing `*`: every name that starts so). */
export const BASICS: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'TZ',
  'TMPDIR',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'XDG_STATE_HOME',
  // the hub's own tmux surface (agent-env.ts), and what its hooks report through
  'TMUX',
  'TMUX_PANE',
  'BOTSTER_*',
  // how this machine reaches the network and whom it trusts there
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
];

/** Does `name` match one of `patterns` (a name, or a prefix ending in `*`)? */
export function named(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/**
 * What of the agent's environment `env` its box gets: the basics, the box's `vars`, and `set` (the
 * names set for this agent on purpose: its spec's env); never what the box unsets.
 */
export function boxEnv(
  box: Pick<Box, 'vars' | 'unset'>,
  env: Record<string, string>,
  set: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (!box.unset.includes(k) && (named(k, BASICS) || named(k, box.vars ?? []) || set.includes(k)))
      out[k] = v;
  return out;
}
